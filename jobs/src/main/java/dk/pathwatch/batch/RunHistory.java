package dk.pathwatch.batch;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** Past runs of the nightly job as the JobRepository recorded them, newest first. */
public final class RunHistory {

  /** One job execution: a run, or a restart of a failed run. */
  public record Entry(long executionId, String snapshot, String cutoff, long attempt, String status,
      String exitCode, LocalDateTime started, LocalDateTime ended, String failedStep) {

    public String line() {
      String took = started != null && ended != null
          ? Duration.between(started, ended).toSeconds() + " s" : "-";
      return String.format("%6d  %-10s %-12s %-3d %-10s %-10s %-19s %7s  %s%s", executionId,
          RunSpecs.shortName(snapshot), cutoff, attempt, status, exitCode,
          started == null ? "-" : started.withNano(0).toString().replace('T', ' '), took,
          failedStep == null ? "" : "failed at " + failedStep + "  ", snapshot);
    }
  }

  public static final String HEADER = String.format("%6s  %-10s %-12s %-3s %-10s %-10s %-19s %7s  %s", "exec",
      "snapshot", "cutoff", "try", "status", "exit", "started", "took", "snapshot path");

  private final JobRepositoryDatabase database;

  public RunHistory(JobRepositoryDatabase database) {
    this.database = database;
  }

  public List<Entry> list(int limit) {
    try (HikariDataSource ds = database.open();
         AnnotationConfigApplicationContext ctx = NightlyJobRunner.context(ds)) {
      JobExplorer explorer = ctx.getBean(JobExplorer.class);
      List<Entry> entries = new ArrayList<>();
      for (JobInstance instance : explorer.getJobInstances(BatchConfiguration.JOB_NAME, 0, limit)) {
        for (JobExecution e : explorer.getJobExecutions(instance)) {
          entries.add(entry(e));
        }
      }
      entries.sort((a, b) -> Long.compare(b.executionId(), a.executionId()));
      return entries.size() > limit ? entries.subList(0, limit) : entries;
    }
  }

  private static Entry entry(JobExecution e) {
    var p = e.getJobParameters();
    String failed = e.getStepExecutions().stream()
        .filter(s -> s.getStatus().isUnsuccessful()).map(StepExecution::getStepName).findFirst().orElse(null);
    Long attempt = p.getLong(RunSpec.ATTEMPT);
    return new Entry(e.getId(), p.getString(RunSpec.SNAPSHOT), p.getString(RunSpec.CUTOFF),
        attempt == null ? 0 : attempt, e.getStatus().name(), e.getExitStatus().getExitCode(), e.getStartTime(),
        e.getEndTime(), failed);
  }

  /** Formatting helpers. */
  static final class RunSpecs {
    private RunSpecs() {}

    static String shortName(String snapshot) {
      return snapshot == null ? "-" : dk.pathwatch.publish.RunLayout.snapshotName(snapshot);
    }
  }
}
