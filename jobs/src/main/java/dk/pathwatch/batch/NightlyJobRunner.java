package dk.pathwatch.batch;

import com.zaxxer.hikari.HikariDataSource;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.HaltPoints;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.publish.Publisher;
import dk.pathwatch.publish.RunLayout;
import dk.pathwatch.publish.RunLock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Launches the nightly job for one (output, snapshot, cut-off), under its lock ({@link RunLock}):
 *
 * <ol>
 *   <li>the published place is checked before any work (nothing there that the job did not write);
 *   <li>when the current published run has this run's identity ({@link RunIdentity}: snapshot and its files, dates,
 *       rules, reference data), there is nothing to do;
 *   <li>a failed run of the same identity whose work is still in staging restarts at its failed step;
 *   <li>otherwise a new run (a new attempt when this identity ran before) starts from the beginning; when the
 *       unfinished run in staging had another identity, it says what changed and does not reuse its work.
 * </ol>
 *
 * Staging is removed once the job has completed (published or blocked); until then it holds what a restart needs,
 * including the steps' state from which publish decides, so a restart in any crash window decides the same.
 */
public final class NightlyJobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyJobRunner.class);
  private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final JobRepositoryDatabase database;
  private final OutputFiles files;

  public NightlyJobRunner(JobRepositoryDatabase database, OutputFiles files) {
    this.database = database;
    this.files = files;
  }

  /** Runs the job and returns the process exit code. */
  public int run(RunSpec requested) {
    RunLayout place = requested.layout();
    String what = "snapshot " + requested.snapshot() + " with cut-off " + requested.cutoff() + " into "
        + requested.output();
    try (RunLock lock = RunLock.acquire(files, place.lock(), what)) {
      Publisher publisher = new Publisher(files);
      publisher.checkPlace(place);
      Optional<String> current = publisher.current(place);
      if (current.isPresent() && requested.identity().key().equals(runKey(current.get()))) {
        removeFinishedStaging(place, requested.identity());
        closeUnrecorded(requested);
        LOG.info("{} is already published with the same rules, reference data and files: nothing to do", what);
        System.out.println("already done: " + current.get() + " (nothing to do)");
        return ExitCodes.OK;
      }
      return launch(requested);
    }
  }

  /**
   * A run killed after it switched {@code CURRENT} and before the JobRepository recorded its end is published all
   * the same; its execution, still marked running or failed, is closed as ABANDONED so that {@code history} does not
   * show it running forever. Best effort: the run is done whether or not the database answers.
   */
  private void closeUnrecorded(RunSpec requested) {
    try (HikariDataSource ds = database.open();
         AnnotationConfigApplicationContext ctx = context(ds)) {
      JobRepository repository = ctx.getBean(JobRepository.class);
      for (long attempt = 1; ; attempt++) {
        JobExecution last = repository.getLastJobExecution(BatchConfiguration.JOB_NAME,
            requested.withAttempt(attempt).toJobParameters());
        if (last == null) {
          return;
        }
        if (last.isRunning() || last.getStatus() == BatchStatus.FAILED) {
          abandon(repository, last, "published (CURRENT names its run); the process ended before recording it");
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("could not record the end of an earlier execution: {}", e.getMessage());
    }
  }

  private int launch(RunSpec requested) {
    try (HikariDataSource ds = database.open();
         AnnotationConfigApplicationContext ctx = context(ds)) {
      JobRepository repository = ctx.getBean(JobRepository.class);
      Job job = ctx.getBean(Job.class);
      RunSpec spec = chooseRun(repository, requested);
      JobExecution execution = ctx.getBean(JobLauncher.class).run(job, spec.toJobParameters());
      if (execution.getStatus() == BatchStatus.COMPLETED) {
        HaltPoints.reach("job:completed");
        removeStaging(spec.layout());
      }
      return exitCode(execution, spec);
    } catch (PathwatchException e) {
      throw e;
    } catch (Exception e) {
      throw new PathwatchException(ExitCodes.INTERNAL_ERROR, database.scrub("the job could not run: "
          + e.getMessage()), new JobRepositoryDatabase.SecretFree(e, database));
    }
  }

  /**
   * The run to launch: attempt 1, 2, … of this identity; the first one never run starts anew, a failed one whose
   * work is intact in staging resumes; completed (published, blocked) and abandoned ones are passed over.
   */
  private RunSpec chooseRun(JobRepository repository, RunSpec requested) {
    for (long attempt = 1; ; attempt++) {
      RunSpec candidate = requested.withAttempt(attempt);
      JobExecution last = repository.getLastJobExecution(BatchConfiguration.JOB_NAME, candidate.toJobParameters());
      if (last == null) {
        return startNew(candidate);
      }
      if (last.getStatus() == BatchStatus.COMPLETED || last.getStatus() == BatchStatus.ABANDONED) {
        continue;
      }
      if (last.isRunning()) {
        markCrashed(repository, last);
      }
      Map<String, Object> marker = marker(candidate.layout());
      String why = whyNotResumable(repository, last, candidate, marker);
      if (why == null) {
        LOG.info("restarting the failed run {} (attempt {}) at its failed step", last.getId(), attempt);
        return candidate.withRunFolder((String) marker.get("run_folder"));
      }
      System.out.println("pathwatch: the failed run " + last.getId() + " cannot be resumed: " + why
          + "; a new run starts from the beginning");
      abandon(repository, last, why);
    }
  }

  /** Null when the failed run's work is in staging: same identity and attempt, a state for every step it did. */
  private String whyNotResumable(JobRepository repository, JobExecution last, RunSpec candidate,
      Map<String, Object> marker) {
    if (marker == null) {
      return "its work in staging is gone";
    }
    RunIdentity staged = RunIdentity.fromMap((Map<?, ?>) marker.get("identity"));
    List<String> changed = candidate.identity().differencesFrom(staged);
    if (!changed.isEmpty() || ((Number) marker.get("attempt")).longValue() != candidate.attempt()) {
      return "staging holds another run's work";
    }
    TreeSet<String> done = new TreeSet<>();
    for (JobExecution e : repository.findJobExecutions(last.getJobInstance())) {
      e.getStepExecutions().stream().filter(s -> s.getStatus() == BatchStatus.COMPLETED)
          .forEach(s -> done.add(s.getStepName()));
    }
    RunLayout layout = candidate.layout();
    for (String step : done) {
      if (!"publish".equals(step) && !files.exists(layout.stagingState(step))) {
        return "the state of its step " + step + " is missing from staging";
      }
    }
    return null;
  }

  /** A new run: a fresh staging folder with the run's identity and the name its run folder will have. */
  private RunSpec startNew(RunSpec candidate) {
    RunLayout layout = candidate.layout();
    Map<String, Object> marker = marker(layout);
    if (marker != null) {
      RunIdentity staged = RunIdentity.fromMap((Map<?, ?>) marker.get("identity"));
      List<String> changed = candidate.identity().differencesFrom(staged);
      if (!changed.isEmpty()) {
        System.out.println("pathwatch: the unfinished run in staging (started " + marker.get("created")
            + ") differs from this one in " + String.join(", ", changed)
            + ": its work is not reused; a new run starts from the beginning");
      }
      files.delete(layout.stagingRoot());
    }
    String folder = freeRunFolder(layout);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("identity", candidate.identity().toMap());
    m.put("attempt", candidate.attempt());
    m.put("run_folder", folder);
    m.put("created", ZonedDateTime.now(ZoneOffset.UTC).toString());
    files.writeJson(layout.stagingMarker(), m);
    LOG.info("new run {} (attempt {}), run folder {}", candidate.identity().key(), candidate.attempt(), folder);
    return candidate.withRunFolder(folder);
  }

  private String freeRunFolder(RunLayout layout) {
    String base = "run-" + ZonedDateTime.now(ZoneOffset.UTC).format(RUN_STAMP);
    String name = base;
    for (int n = 2; files.exists(layout.withRunFolder(name).published())
        || files.exists(layout.withRunFolder(name).rejected()); n++) {
      name = base + "-" + n;
    }
    return name;
  }

  private Map<String, Object> marker(RunLayout layout) {
    return files.exists(layout.stagingMarker()) ? files.readJson(layout.stagingMarker()) : null;
  }

  private String runKey(String runFolder) {
    Object run = files.readJson(runFolder + "/manifest.json").get("run");
    return run instanceof Map<?, ?> m && m.get("run_key") != null ? m.get("run_key").toString() : "";
  }

  /** Staging left by a run of this identity that completed before its process could remove it. */
  private void removeFinishedStaging(RunLayout layout, RunIdentity identity) {
    Map<String, Object> marker = marker(layout);
    if (marker != null
        && identity.differencesFrom(RunIdentity.fromMap((Map<?, ?>) marker.get("identity"))).isEmpty()) {
      removeStaging(layout);
    }
  }

  private void removeStaging(RunLayout layout) {
    files.delete(layout.stagingRoot());
    files.deleteIfEmpty(layout.stagingParent());
  }

  /**
   * An execution still marked running while this run holds the lock was ended by a crash or a kill. Marking it
   * FAILED lets Spring Batch restart it at the step it was in.
   */
  private static void markCrashed(JobRepository repository, JobExecution crashed) {
    LOG.warn("job execution {} is still marked {} but no longer runs (process killed?): marking it FAILED",
        crashed.getId(), crashed.getStatus());
    end(repository, crashed, BatchStatus.FAILED, "process ended without finishing");
  }

  /** A failed run whose work cannot be reused is never restarted: ABANDONED. */
  private static void abandon(JobRepository repository, JobExecution failed, String why) {
    LOG.warn("job execution {} abandoned: {}", failed.getId(), why);
    end(repository, failed, BatchStatus.ABANDONED, why);
  }

  private static void end(JobRepository repository, JobExecution execution, BatchStatus status, String why) {
    LocalDateTime now = LocalDateTime.now();
    for (StepExecution step : execution.getStepExecutions()) {
      if (step.getStatus().isRunning()) {
        step.setStatus(BatchStatus.FAILED);
        step.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
        step.setEndTime(now);
        repository.update(step);
      }
    }
    execution.setStatus(status);
    execution.setExitStatus((status == BatchStatus.ABANDONED ? new ExitStatus("ABANDONED") : ExitStatus.FAILED)
        .addExitDescription(why));
    if (execution.getEndTime() == null) {
      execution.setEndTime(now);
    }
    repository.update(execution);
  }

  static AnnotationConfigApplicationContext context(HikariDataSource ds) {
    AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext();
    ctx.getBeanFactory().registerSingleton("dataSource", ds);
    ctx.register(BatchConfiguration.class);
    ctx.refresh();
    return ctx;
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
      System.out.println("published: " + spec.layout().published() + " (current run of "
          + spec.layout().pointer() + ")");
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
