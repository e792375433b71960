package dk.pathwatch.batch;

import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.RunParameters;
import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.publish.RunLayout;
import dk.pathwatch.publish.SnapshotIdentity;
import dk.pathwatch.validate.RuleSet;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.JobParametersBuilder;

/**
 * What one run of the nightly job is about, carried as Spring Batch job parameters. A run (JobInstance) is
 * identified by its {@link RunIdentity} and an attempt number; the attempt grows after a run that a BLOCKER
 * stopped, after a published run whose publication was since replaced, and when a failed run's work cannot be
 * reused, so that a new run starts from the beginning while a failed run restarts where it failed. The place
 * (where it is published) and the run folder's name are carried along, not identifying.
 */
public record RunSpec(RunIdentity identity, String snapshotName, String place, String rulesDir, long attempt,
    String runFolder) {

  static final String SNAPSHOT = "snapshot";
  static final String CUTOFF = "cutoff";
  static final String ATTEMPT = "attempt";
  static final String EXTRACTION_DATE = "extraction_date";
  static final String OUTPUT = "output";
  static final String FINGERPRINT = "snapshot_fingerprint";
  static final String RULES_HASH = "rules_hash";
  static final String REFERENCE_HASH = "reference_hash";
  static final String RULES = "rules";
  static final String SNAPSHOT_NAME = "snapshot_name";
  static final String PLACE = "place";
  static final String RUN_FOLDER = "run_folder";

  /**
   * The run of {@code snapshot} into {@code output}: the snapshot's identity (canonical path, place, fingerprint of
   * its files) and the hashes of the rule set and reference data, all known before any data is read. Invalid rule
   * files end it here with exit code 5.
   */
  public static RunSpec prepare(OutputFiles files, SnapshotIdentity snapshot, String output,
      LocalDate extractionDate, LocalDate cutoff, Path rulesDir) {
    String rulesHash = RuleSet.load(RuleSet.rulesFolder(rulesDir)).hash();
    Map<String, String> reference = ProjectFiles.referenceHashes(
        ProjectFiles.folder("validation-rules", rulesDir).resolve("reference"));
    String referenceHash = SnapshotIdentity.sha256(reference.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
    RunIdentity identity = new RunIdentity(normaliseOutput(files, output), snapshot.canonical(),
        snapshot.fingerprint(), extractionDate.toString(), cutoff.toString(), rulesHash, referenceHash);
    return new RunSpec(identity, snapshot.name(), snapshot.place(), rulesDir == null ? null : rulesDir.toString(), 1,
        null);
  }

  /** The output folder as an absolute, normalised path (a local path stays a plain path, a URI stays a URI). */
  static String normaliseOutput(OutputFiles files, String output) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(output);
    if (files.isLocal(output)) {
      return Path.of(p.toUri().getPath()).toAbsolutePath().normalize().toString();
    }
    return p.toString().replaceAll("/+$", "");
  }

  public String snapshot() {
    return identity.snapshot();
  }

  public String output() {
    return identity.output();
  }

  public LocalDate extractionDate() {
    return LocalDate.parse(identity.extractionDate());
  }

  public LocalDate cutoff() {
    return LocalDate.parse(identity.cutoff());
  }

  public JobParameters toJobParameters() {
    return new JobParametersBuilder()
        .addString(SNAPSHOT, identity.snapshot(), true)
        .addString(CUTOFF, identity.cutoff(), true)
        .addLong(ATTEMPT, attempt, true)
        .addString(EXTRACTION_DATE, identity.extractionDate(), true)
        .addString(OUTPUT, identity.output(), true)
        .addString(FINGERPRINT, identity.snapshotFingerprint(), true)
        .addString(RULES_HASH, identity.rulesHash(), true)
        .addString(REFERENCE_HASH, identity.referenceHash(), true)
        .addString(RULES, rulesDir == null ? "" : rulesDir, false)
        .addString(SNAPSHOT_NAME, snapshotName, false)
        .addString(PLACE, place, false)
        .addString(RUN_FOLDER, runFolder == null ? "" : runFolder, false)
        .toJobParameters();
  }

  public static RunSpec from(Map<String, Object> params) {
    String rules = (String) params.get(RULES);
    String folder = (String) params.get(RUN_FOLDER);
    RunIdentity identity = new RunIdentity((String) params.get(OUTPUT), (String) params.get(SNAPSHOT),
        (String) params.get(FINGERPRINT), (String) params.get(EXTRACTION_DATE), (String) params.get(CUTOFF),
        (String) params.get(RULES_HASH), (String) params.get(REFERENCE_HASH));
    return new RunSpec(identity, (String) params.get(SNAPSHOT_NAME), (String) params.get(PLACE),
        rules == null || rules.isEmpty() ? null : rules, ((Number) params.get(ATTEMPT)).longValue(),
        folder == null || folder.isEmpty() ? null : folder);
  }

  public RunSpec withAttempt(long next) {
    return new RunSpec(identity, snapshotName, place, rulesDir, next, runFolder);
  }

  public RunSpec withRunFolder(String folder) {
    return new RunSpec(identity, snapshotName, place, rulesDir, attempt, folder);
  }

  public RunLayout layout() {
    return new RunLayout(identity.output(), snapshotName, place, cutoff(), runFolder);
  }

  public RunParameters parameters() {
    return new RunParameters(extractionDate(), cutoff());
  }

  public Path rulesOverride() {
    return rulesDir == null ? null : Path.of(rulesDir);
  }
}
