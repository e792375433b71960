package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepRunObservedTest {
  @TempDir Path dir;

  @Test
  void anObservationCarriedByAWriteGivesItsMetrics() {
    long written = StepRun.writeCounted(SharedSpark.get().range(7).toDF(), dir.resolve("t").toString());
    assertEquals(7, written);
  }

  @Test
  void anObservationNoActionCarriedFailsWithItsNameInsteadOfWaitingForEver() {
    Observation orphan = new Observation("orphan_metrics");
    SharedSpark.get().range(3).observe(orphan, count(lit(1)).as(StepRun.ROWS)); // never run
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StepRun.observed(orphan, Duration.ofMillis(300)));
    assertTrue(e.getMessage().contains("orphan_metrics"), e.getMessage());
  }
}
