package dk.pathwatch.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dk.pathwatch.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The disclosure control alone over the internal tables of a finished run (a run's {@code tables} folder given as
 * {@code -Dpathwatch.bench.tables=...}): seconds, sub-tables, rounds. Skipped without the property; when it runs,
 * the audit must find nothing recoverable.
 */
class DisclosureBenchTest {
  @Test
  void disclosureOfARunsTables() {
    String tables = System.getProperty("pathwatch.bench.tables");
    assumeTrue(tables != null, "no -Dpathwatch.bench.tables");
    SparkSession spark = SharedSpark.get();
    Path dir = Path.of(tables);
    var ind = DisclosureControl.indicatorRows(spark.read().parquet(dir.resolve("indicators").toString()));
    var act = DisclosureControl.activityRows(spark.read().parquet(dir.resolve("activity").toString()));
    var mwt = DisclosureControl.mwtRows(spark.read().parquet(dir.resolve("mwt").toString()));
    long start = System.nanoTime();
    DisclosureControl.Decision d = DisclosureControl.decide(ind, act, mwt);
    System.out.printf("BENCH disclosure: %.1f s, %d cells, %d hidden, %d sub-tables, recoverable %d%n",
        (System.nanoTime() - start) / 1e9, d.counts().size() + d.shares().size(), d.flags().size(),
        d.audit().subTables(), d.audit().recoverable().size());
    assertEquals(0, d.audit().recoverable().size());
  }
}
