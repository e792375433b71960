package dk.pathwatch.batch;

import dk.pathwatch.common.HaltPoints;
import dk.pathwatch.common.SparkSessions;
import dk.pathwatch.load.Snapshot;
import dk.pathwatch.publish.OutputFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * One stage of the nightly job as a Spring Batch tasklet. It reads what earlier stages left in the staging
 * folder, writes its own outputs there, and records what it measured in {@code state/<name>.json}, so that a
 * restart after a failure resumes at the failed step with everything before it on disk.
 */
public abstract class PipelineStep implements Tasklet {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineStep.class);

  /**
   * Test hook for restart tests: the step named in this environment variable (or system property
   * {@code pathwatch.failAfterStep}) fails once its work is done.
   */
  static final String FAIL_AFTER_ENV = "PATHWATCH_FAIL_AFTER_STEP";

  private final String name;

  protected PipelineStep(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Whether the step's state is written to staging (not for publish: staging is gone by then). */
  protected boolean keepsState() {
    return true;
  }

  /** Does the stage's work and returns what it measured (row counts, flags), stored as the step's state. */
  protected abstract Map<String, Object> run(StepRun run);

  /** Peak heap use of this JVM so far (all heap pools), in MiB: what the step needed at most. */
  static long peakHeapMb() {
    long bytes = 0;
    for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / (1024 * 1024);
  }

  /** Shuffle partitions sized to the snapshot's marker rows, once the load step has counted them. */
  private static void sizeShufflePartitions(StepRun run) {
    if (!run.files().exists(run.layout().stagingState("load"))) {
      return;
    }
    SparkSessions.sizeShufflePartitions(run.spark(),
        run.state("load", StepStates.Loaded.class).rows(Snapshot.MARKERS));
  }

  /**
   * Runs the stage; a full disk anywhere in it (Spark's writers, Deequ, the reports) ends the run with exit code 7
   * and one line saying so, instead of a stack trace and exit 1.
   */
  private Map<String, Object> runClassified(StepRun run) {
    try {
      return run(run);
    } catch (Exception e) { // SparkException is checked, though Scala throws it undeclared
      String full = dk.pathwatch.publish.DiskFull.describe(e);
      if (full != null) {
        String detail = e instanceof dk.pathwatch.common.PathwatchException ? e.getMessage() : full;
        throw new dk.pathwatch.common.PathwatchException(dk.pathwatch.common.ExitCodes.OUTPUT_UNWRITABLE, "step " + name
            + ": no space left to write the output (" + detail + "): free space and run again; the run restarts"
            + " at this step", e);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e);
    }
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    RunSpec spec = RunSpec.from(chunkContext.getStepContext().getJobParameters());
    var spark = SparkSessions.getOrCreate("pathwatch");
    StageProgress.attach(spark.sparkContext());
    StepRun run = new StepRun(spec, spark, new OutputFiles(spark.sparkContext().hadoopConfiguration()));
    sizeShufflePartitions(run);
    LOG.info("step {}: started", name);
    long start = System.nanoTime();
    spark.sparkContext().setJobGroup(name, "pathwatch step " + name, false);
    HaltPoints.enterStep(name);
    Map<String, Object> state = new LinkedHashMap<>(runClassified(run));
    double seconds = (System.nanoTime() - start) / 1e9;
    state.put("seconds", Math.round(seconds * 10) / 10.0);
    state.put("peak_heap_mb", peakHeapMb());
    if (keepsState()) {
      run.files().writeJson(spec.layout().stagingState(name), state);
    }
    LOG.info("step {}: done in {} s", name, String.format("%.1f", seconds));
    if (name.equals(System.getProperty("pathwatch.failAfterStep", System.getenv(FAIL_AFTER_ENV)))) {
      throw new IllegalStateException("failing after step " + name + " as asked by " + FAIL_AFTER_ENV);
    }
    HaltPoints.reach(name + ":end");
    return RepeatStatus.FINISHED;
  }
}
