package dk.pathwatch.batch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how far a long Spark stage has come, every {@link #EVERY} while it runs: a step such as the walk is one stage
 * of many minutes at 20M markers (45 minutes at 100M on a loaded machine), and without this the night's log says
 * nothing between "walk: started" and "done". A line names the step (the job group {@link PipelineStep} sets), the
 * stage, its tasks done of all, the rows its finished tasks read and the time since it started.
 */
final class StageProgress extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(StageProgress.class);
  static final Duration EVERY = Duration.ofSeconds(60);
  private static SparkContext attachedTo;

  private final LongSupplier nanoClock;
  private final Consumer<String> out;
  // the listener bus calls a listener from one thread: no synchronisation needed
  private final Map<Integer, Running> running = new HashMap<>();

  StageProgress(LongSupplier nanoClock, Consumer<String> out) {
    this.nanoClock = nanoClock;
    this.out = out;
  }

  /** Adds a progress listener to {@code context} once. */
  static synchronized void attach(SparkContext context) {
    if (attachedTo != context) {
      context.addSparkListener(new StageProgress(System::nanoTime, LOG::info));
      attachedTo = context;
    }
  }

  /** A stage being watched. */
  static final class Running {
    final String step;
    final int stage;
    final String name;
    final int tasks;
    final long startNanos;
    long lastLogNanos;
    int done;
    long rows;

    Running(String step, int stage, String name, int tasks, long startNanos) {
      this.step = step;
      this.stage = stage;
      this.name = name;
      this.tasks = tasks;
      this.startNanos = startNanos;
      this.lastLogNanos = startNanos;
    }

    String line(long nowNanos) {
      long seconds = Duration.ofNanos(nowNanos - startNanos).toSeconds();
      return String.format(Locale.ROOT, "%s: stage %d (%s): %,d of %,d tasks done, %,d rows read, %d:%02d min",
          step, stage, name, done, tasks, rows, seconds / 60, seconds % 60);
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    var info = submitted.stageInfo();
    String group = submitted.properties() == null ? null : submitted.properties().getProperty("spark.jobGroup.id");
    String name = info.name().contains(" at ") ? info.name().substring(0, info.name().indexOf(" at ")) : info.name();
    running.put(info.stageId(), new Running(group == null ? "spark" : group, info.stageId(), name, info.numTasks(),
        nanoClock.getAsLong()));
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    Running r = running.get(taskEnd.stageId());
    if (r == null) {
      return;
    }
    r.done++;
    TaskMetrics metrics = taskEnd.taskMetrics();
    if (metrics != null) {
      r.rows += metrics.inputMetrics().recordsRead() + metrics.shuffleReadMetrics().recordsRead();
    }
    long now = nanoClock.getAsLong();
    if (now - r.lastLogNanos >= EVERY.toNanos()) {
      out.accept(r.line(now));
      r.lastLogNanos = now;
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    Running r = running.remove(completed.stageInfo().stageId());
    long now = nanoClock.getAsLong();
    if (r != null && now - r.startNanos >= EVERY.toNanos()) {
      out.accept(r.line(now) + " (stage finished)");
    }
  }
}
