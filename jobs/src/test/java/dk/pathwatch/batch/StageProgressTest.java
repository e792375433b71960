package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long stage's progress in the log: its step, tasks done of all and the rows read. */
class StageProgressTest {
  @TempDir Path tmp;

  @Test
  void aStageThatRunsLongerThanAMinuteIsLoggedWithItsStepTasksAndRows() throws Exception {
    SparkSession spark = SharedSpark.get();
    String table = tmp.resolve("t").toString();
    spark.range(0, 1000, 1, 4).write().parquet(table);
    AtomicLong clock = new AtomicLong();
    List<String> lines = new CopyOnWriteArrayList<>();
    // every reading of the clock is a minute later: every finished task and stage is worth a line
    StageProgress progress = new StageProgress(() -> clock.addAndGet(StageProgress.EVERY.toNanos()), lines::add);
    spark.sparkContext().addSparkListener(progress);
    try {
      spark.sparkContext().setJobGroup("walk", "test", false);
      spark.read().parquet(table).repartition(3).count();
      long deadline = System.currentTimeMillis() + 30_000;
      while (lines.stream().filter(l -> l.endsWith("(stage finished)")).count() < 2
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      spark.sparkContext().clearJobGroup();
      spark.sparkContext().removeSparkListener(progress);
    }
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("walk: stage ") && l.contains(" tasks done, 1,000 rows read")
        && l.endsWith("(stage finished)")), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.matches("walk: stage \\d+ \\(.*\\): 1 of \\d+ tasks done, .*")),
        String.join("\n", lines));
  }

  @Test
  void aLineSaysStepStageTasksRowsAndMinutes() {
    StageProgress.Running r = new StageProgress.Running("walk", 3, "parquet", 8, 0);
    r.done = 5;
    r.rows = 1_234_567;
    assertEquals("walk: stage 3 (parquet): 5 of 8 tasks done, 1,234,567 rows read, 2:05 min",
        r.line(java.time.Duration.ofSeconds(125).toNanos()));
  }
}
