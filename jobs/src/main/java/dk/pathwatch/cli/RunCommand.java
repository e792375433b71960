package dk.pathwatch.cli;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dk.pathwatch.batch.NightlyJobRunner;
import dk.pathwatch.batch.Preflight;
import dk.pathwatch.batch.RunSpec;
import dk.pathwatch.common.SparkSessions;
import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.publish.SnapshotIdentity;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the nightly job as a Spring Batch job over one snapshot. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Run the nightly job: load -> validate -> pathways -> indicators -> report -> publish.",
        "A run is identified by the snapshot (its full path and files), the dates, the rules and the reference",
        "data. Running it again after success does nothing and exits 0; after a failure it restarts at the failed",
        "step (or starts anew, saying why, when the rules, reference data or snapshot changed). Readers find the",
        "published run through OUTPUT/<snapshot>-<id>/cutoff=<date>/CURRENT. Spark's master comes from Spark's own",
        "settings (spark-submit, or -Dspark.master=...); without one it runs locally on every core.",
        "Exit codes: 0 ok, 1 internal error, 2 bad arguments, 3 BLOCKER rule (nothing published),",
        "4 input unreadable or not matching its schema, 5 rule files invalid, 6 JobRepository unreachable,",
        "7 output not writable or full (or foreign files at the run's place), 8 another run of the same snapshot",
        "and cut-off holds the lock, 99 no snapshot for the date (nothing to do)."})
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--snapshot", required = true, paramLabel = "DIR",
      description = "Snapshot folder holding forloebsmarkoerer/, forloeb/ and optionally organisationer/ (Parquet). "
          + "Any Hadoop URI works (file:, hdfs:, s3a:).")
  String snapshot;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "output",
      description = "Output folder; the run is published to DIR/<snapshot name>-<id>/cutoff=<date>/<run folder>, named "
          + "by DIR/<snapshot name>-<id>/cutoff=<date>/CURRENT (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--extraction-date", paramLabel = "DATE",
      description = "Extraction date of the snapshot (YYYY-MM-DD). Default: from the snapshot's snapshot.json, "
          + "else the snapshot folder's name when it is a date.")
  String extractionDate;

  @Option(names = "--cutoff", paramLabel = "DATE",
      description = "Cut-off date (opgoerelsestidspunkt): markers dated or registered after it do not exist for the "
          + "run. Default: the extraction date (dynamic figures); an earlier date gives frozen (stationary) figures.")
  String cutoff;

  @Option(names = "--rules", paramLabel = "DIR",
      description = "Folder of rule files and reference data to use instead of the bundled validation-rules/.")
  Path rules;

  @picocli.CommandLine.Mixin
  JobRepositoryOptions repository = new JobRepositoryOptions();

  @Override
  public Integer call() {
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.getOrCreate("pathwatch");
    try {
      OutputFiles files = new OutputFiles(spark.sparkContext().hadoopConfiguration());
      if (!files.exists(snapshot)) {
        System.out.println("no snapshot at " + snapshot + ": nothing to do");
        return ExitCodes.NO_SNAPSHOT;
      }
      SnapshotIdentity identity = SnapshotIdentity.of(files, snapshot);
      LocalDate extraction = extractionDate != null ? date("--extraction-date", extractionDate)
          : extractionDateOf(files, identity);
      LocalDate cut = cutoff != null ? date("--cutoff", cutoff) : extraction;
      if (cut.isAfter(extraction)) {
        throw new PathwatchException(ExitCodes.BAD_ARGUMENTS, "--cutoff " + cut
            + " is after the extraction date " + extraction + ": a snapshot holds nothing after its extraction");
      }
      files.requireWritable(output);
      Preflight.check(rules, identity.canonical(), spark);
      RunSpec spec = RunSpec.prepare(files, identity, output, extraction, cut, rules);
      return new NightlyJobRunner(repository.resolve(output), files).run(spec);
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  private LocalDate extractionDateOf(OutputFiles files, SnapshotIdentity identity) {
    String meta = identity.canonical() + "/snapshot.json";
    if (files.exists(meta)) {
      Object d = snapshotJson(files, meta).get("extraction_date");
      if (d != null) {
        return date("extraction_date in " + meta, d.toString());
      }
    }
    String name = identity.name();
    try {
      return LocalDate.parse(name);
    } catch (DateTimeParseException e) {
      throw new PathwatchException(ExitCodes.BAD_ARGUMENTS, "no extraction date: give --extraction-date, or put "
          + "snapshot.json with extraction_date in the snapshot, or name the folder by its date");
    }
  }

  /** The snapshot's own description; a file that is not a JSON object (e.g. cut off in transfer) is bad input. */
  private static Map<?, ?> snapshotJson(OutputFiles files, String meta) {
    String text = files.readString(meta);
    try {
      return OutputFiles.JSON.readValue(text, Map.class);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : at.getLineNr() + ":" + at.getColumnNr() + ":";
      throw new PathwatchException(ExitCodes.INPUT_INVALID, meta + ":" + where
          + " not a valid JSON object (truncated?): " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
    }
  }

  private static LocalDate date(String what, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new PathwatchException(ExitCodes.BAD_ARGUMENTS, what + ": '" + value + "' is not a date (YYYY-MM-DD)");
    }
  }

}
