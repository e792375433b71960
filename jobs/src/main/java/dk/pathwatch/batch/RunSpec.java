package dk.pathwatch.batch;

import dk.pathwatch.common.RunParameters;
import dk.pathwatch.publish.RunLayout;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.JobParametersBuilder;

/**
 * What one run of the nightly job is about, carried as Spring Batch job parameters. A run (JobInstance) is
 * identified by snapshot, cut-off and attempt; the attempt only grows after a run that a BLOCKER stopped, so
 * that corrected data is computed afresh while a failed run restarts where it failed.
 */
public record RunSpec(String snapshot, String output, LocalDate extractionDate, LocalDate cutoff, String rulesDir,
    long attempt) {

  static final String SNAPSHOT = "snapshot";
  static final String CUTOFF = "cutoff";
  static final String ATTEMPT = "attempt";
  static final String EXTRACTION_DATE = "extraction_date";
  static final String OUTPUT = "output";
  static final String RULES = "rules";

  public JobParameters toJobParameters() {
    return new JobParametersBuilder()
        .addString(SNAPSHOT, snapshot, true)
        .addString(CUTOFF, cutoff.toString(), true)
        .addLong(ATTEMPT, attempt, true)
        .addString(EXTRACTION_DATE, extractionDate.toString(), false)
        .addString(OUTPUT, output, false)
        .addString(RULES, rulesDir == null ? "" : rulesDir, false)
        .toJobParameters();
  }

  public static RunSpec from(Map<String, Object> params) {
    String rules = (String) params.get(RULES);
    return new RunSpec((String) params.get(SNAPSHOT), (String) params.get(OUTPUT),
        LocalDate.parse((String) params.get(EXTRACTION_DATE)), LocalDate.parse((String) params.get(CUTOFF)),
        rules == null || rules.isEmpty() ? null : rules, ((Number) params.get(ATTEMPT)).longValue());
  }

  public RunSpec withAttempt(long next) {
    return new RunSpec(snapshot, output, extractionDate, cutoff, rulesDir, next);
  }

  public RunLayout layout() {
    return RunLayout.of(output, snapshot, cutoff);
  }

  public RunParameters parameters() {
    return new RunParameters(extractionDate, cutoff);
  }

  public Path rulesOverride() {
    return rulesDir == null ? null : Path.of(rulesDir);
  }
}
