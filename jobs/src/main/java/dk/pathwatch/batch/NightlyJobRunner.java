package dk.pathwatch.batch;

import com.zaxxer.hikari.HikariDataSource;
import dk.pathwatch.ExitCodes;
import dk.pathwatch.PathwatchException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Launches the nightly job for one (snapshot, cut-off): a first run starts it; a rerun after success is a
 * no-op; a rerun after a failure restarts the same JobInstance, which Spring Batch resumes at the failed
 * step; a rerun after a BLOCKER starts a new attempt from the beginning (the data may have been corrected).
 */
public final class NightlyJobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyJobRunner.class);

  private final JobRepositoryDatabase database;

  public NightlyJobRunner(JobRepositoryDatabase database) {
    this.database = database;
  }

  /** Runs the job and returns the process exit code. */
  public int run(RunSpec requested) {
    try (HikariDataSource ds = database.open();
         AnnotationConfigApplicationContext ctx = context(ds)) {
      JobRepository repository = ctx.getBean(JobRepository.class);
      Job job = ctx.getBean(Job.class);
      RunSpec spec = currentAttempt(repository, requested);
      JobExecution last = repository.getLastJobExecution(job.getName(), spec.toJobParameters());
      if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
        LOG.info("snapshot {} with cut-off {} is already published (job execution {}): nothing to do",
            spec.snapshot(), spec.cutoff(), last.getId());
        System.out.println("already done: " + spec.layout().published() + " (nothing to do)");
        return ExitCodes.OK;
      }
      if (last != null && last.isRunning()) {
        markCrashed(repository, last);
      }
      if (last != null) {
        LOG.info("restarting the failed run {} at its failed step", last.getId());
      }
      JobExecution execution = ctx.getBean(JobLauncher.class).run(job, spec.toJobParameters());
      return exitCode(execution, spec);
    } catch (PathwatchException e) {
      throw e;
    } catch (Exception e) {
      throw new PathwatchException(ExitCodes.INTERNAL_ERROR, database.scrub("the job could not run: "
          + e.getMessage()), new JobRepositoryDatabase.SecretFree(e, database));
    }
  }

  /**
   * An execution still marked running when a new run starts was ended by a crash or a kill (one run per
   * snapshot at a time is the scheduler's rule: the DAG has max_active_runs=1). Marking it FAILED lets
   * Spring Batch restart it at the step it was in.
   */
  private static void markCrashed(JobRepository repository, JobExecution crashed) {
    LOG.warn("job execution {} is still marked {} but no longer runs (process killed?): marking it FAILED",
        crashed.getId(), crashed.getStatus());
    java.time.LocalDateTime now = java.time.LocalDateTime.now();
    for (StepExecution step : crashed.getStepExecutions()) {
      if (step.getStatus().isRunning()) {
        step.setStatus(BatchStatus.FAILED);
        step.setExitStatus(ExitStatus.FAILED.addExitDescription("process ended without finishing the step"));
        step.setEndTime(now);
        repository.update(step);
      }
    }
    crashed.setStatus(BatchStatus.FAILED);
    crashed.setExitStatus(ExitStatus.FAILED.addExitDescription("process ended without finishing the job"));
    crashed.setEndTime(now);
    repository.update(crashed);
  }

  static AnnotationConfigApplicationContext context(HikariDataSource ds) {
    AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext();
    ctx.getBeanFactory().registerSingleton("dataSource", ds);
    ctx.register(BatchConfiguration.class);
    ctx.refresh();
    return ctx;
  }

  /** The attempt to run: the first one whose last execution did not end BLOCKED. */
  private static RunSpec currentAttempt(JobRepository repository, RunSpec spec) {
    RunSpec current = spec.withAttempt(1);
    while (true) {
      JobParameters params = current.toJobParameters();
      JobExecution last = repository.getLastJobExecution(BatchConfiguration.JOB_NAME, params);
      if (last == null || !PublishStep.BLOCKED.equals(last.getExitStatus().getExitCode())) {
        return current;
      }
      current = current.withAttempt(current.attempt() + 1);
    }
  }

  private static int exitCode(JobExecution execution, RunSpec spec) {
    ExitStatus exit = execution.getExitStatus();
    if (execution.getStatus() == BatchStatus.COMPLETED) {
      if (PublishStep.BLOCKED.equals(exit.getExitCode())) {
        String rules = execution.getStepExecutions().stream()
            .filter(s -> PublishStep.BLOCKED.equals(s.getExitStatus().getExitCode()))
            .map(s -> s.getExitStatus().getExitDescription()).findFirst().orElse("a BLOCKER rule fired");
        System.out.println("BLOCKED by " + rules);
        System.out.println("BLOCKED: nothing published; reports and manifest in " + spec.layout().rejected());
        return ExitCodes.BLOCKED;
      }
      System.out.println("published: " + spec.layout().published());
      return ExitCodes.OK;
    }
    List<Throwable> failures = execution.getAllFailureExceptions();
    for (StepExecution step : execution.getStepExecutions()) {
      if (step.getStatus() == BatchStatus.FAILED) {
        LOG.error("step {} failed", step.getStepName());
      }
    }
    if (!failures.isEmpty()) {
      Throwable first = failures.get(0);
      if (ExitCodes.forException(first) == ExitCodes.INTERNAL_ERROR) {
        LOG.error("the job failed unexpectedly", first); // a bug: the stack trace is for the developer
      }
      String message = first instanceof PathwatchException ? first.getMessage() : String.valueOf(first);
      throw new PathwatchException(ExitCodes.forException(first), message, first);
    }
    throw new PathwatchException(ExitCodes.INTERNAL_ERROR, "job ended " + execution.getStatus() + " " + exit);
  }
}
