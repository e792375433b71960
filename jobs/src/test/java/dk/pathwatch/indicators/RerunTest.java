package dk.pathwatch.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Same input ⇒ identical rows (SPEC §6), also when the input arrives in other partitions and another order. */
class RerunTest {

  @Test
  void sameInputGivesIdenticalRowsInEveryTable() {
    Dataset<Row> first = IndicatorsTest.quarter();
    Dataset<Row> shuffled = IndicatorsTest.quarter().repartition(5).sortWithinPartitions("date_a", "pathway_id");
    Dataset<Row> standards = IndicatorsTest.standards();
    Dataset<Row> internalA = Indicators.compute(first, standards, Fixtures.NO_GRID).cache();
    Dataset<Row> internalB = Indicators.compute(shuffled, standards, Fixtures.NO_GRID).cache();
    List<String> a = Fixtures.sortedRows(internalA);
    assertTrue(a.size() > 20, "enough cells to compare: " + a.size());
    assertEquals(a, Fixtures.sortedRows(internalB), "internal indicators");
    Dataset<Row> noClocks = Fixtures.table(Fixtures.MWT_DDL, List.of());
    DisclosureControl.Published publishedA = DisclosureControl.protect(internalA,
        Activity.compute(first, Fixtures.NO_GRID), noClocks);
    DisclosureControl.Published publishedB = DisclosureControl.protect(internalB,
        Activity.compute(shuffled, Fixtures.NO_GRID), noClocks);
    assertEquals(Fixtures.sortedRows(publishedA.indicators()), Fixtures.sortedRows(publishedB.indicators()),
        "published indicators");
    assertEquals(Fixtures.sortedRows(publishedA.activity()), Fixtures.sortedRows(publishedB.activity()),
        "published activity");
    internalA.unpersist();
    internalB.unpersist();
  }
}
