package dk.pathwatch.indicators;

import static dk.pathwatch.indicators.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The indicators, activity and mwt tables, now finished on the driver from one collected aggregation each, are the
 * tables the all-Spark computation of 378bfee ({@link SparkAggregates}) wrote: the same schema and the same rows,
 * zero cells of the grid included, on the hand-built quarter of {@link IndicatorsTest} and on a few hundred varied
 * pathways and clocks (ties, negative days, several quarters, orphans, exclusions, null modalities and reasons).
 */
class AggregatesOnDriverTest {
  private static final Grid GRID = LineageTest.GRID;

  @Test
  void indicatorsAsTheSparkComputationWroteThem() {
    for (Dataset<Row> pathways : List.of(IndicatorsTest.quarter(), varied())) {
      assertSameTable(SparkAggregates.indicators(pathways, IndicatorsTest.standards(), GRID),
          Indicators.compute(pathways, IndicatorsTest.standards(), GRID));
      assertSameTable(SparkAggregates.indicators(pathways, IndicatorsTest.standards(), Fixtures.NO_GRID),
          Indicators.compute(pathways, IndicatorsTest.standards(), Fixtures.NO_GRID));
    }
  }

  @Test
  void activityAsTheSparkComputationWroteIt() {
    for (Dataset<Row> pathways : List.of(IndicatorsTest.quarter(), varied())) {
      assertSameTable(SparkAggregates.activity(pathways, GRID), Activity.compute(pathways, GRID));
      Activity.Counts counts = Activity.counted(pathways);
      assertEquals(Cells.quarters(pathways), counts.quarters(), "the quarters of the counted pathways");
    }
  }

  @Test
  void mwtAsTheSparkComputationWroteIt() {
    String ddl = "rule string, category string, reason string, still_waiting boolean, region string, quarter string";
    List<Object[]> rows = new ArrayList<>();
    Random random = new Random(16);
    String[] categories = {"inden_for", "overskredet_regler_overholdt", "regler_ikke_overholdt", "igangvaerende"};
    String[] reasons = {null, "klinisk", "patientoenske", "kapacitet"};
    for (int i = 0; i < 400; i++) {
      String category = categories[random.nextInt(categories.length)];
      rows.add(new Object[] {random.nextBoolean() ? "UDR" : "BEH", category,
          category.startsWith("overskredet") ? reasons[random.nextInt(reasons.length)] : null,
          random.nextInt(5) == 0 ? null : random.nextBoolean(), random.nextInt(9) == 0 ? null : region(random),
          "2025Q" + (1 + random.nextInt(2))});
    }
    Dataset<Row> clocks = Fixtures.table(ddl, rows);
    assertSameTable(SparkAggregates.mwt(clocks, GRID), MwtAggregates.compute(clocks, GRID));
    assertSameTable(SparkAggregates.mwt(clocks, Fixtures.NO_GRID), MwtAggregates.compute(clocks, Fixtures.NO_GRID));
  }

  /** Pathways of every family, three quarters, tied and negative day counts, some orphan or excluded. */
  private static Dataset<Row> varied() {
    Random random = new Random(1916);
    String[][] families = {{"AFB01", "AFB01"}, {"AFB02", "AFB02"}, {"AFB13", "AFB14"}, {"AFA01", "AFA01"},
        {"AFD01", "AFD01"}};
    String[] modalities = {"kirurgi", "medicin", "straale", null};
    String[] dates = {"2025-01-15", "2025-04-10", "2025-05-20", "2025-06-30", "2022-06-30", "2022-07-01"};
    String[] statuses = {"treated", "disproven", "closed_without_treatment", "open"};
    List<Fixtures.P> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String[] family = families[random.nextInt(families.length)];
      Fixtures.P p = p("V" + i).family(family[0], family[1]).region(region(random))
          .a(dates[random.nextInt(dates.length)]).modality(modalities[random.nextInt(modalities.length)])
          .end(null, statuses[random.nextInt(statuses.length)]);
      for (String indicator : Indicators.INDICATORS) {
        if (random.nextInt(3) > 0) {
          p.days(indicator, random.nextInt(8) == 0 ? -random.nextInt(3) : random.nextInt(12) * 5);
        }
      }
      if (random.nextBoolean()) {
        p.b("2025-04-20");
      }
      if (random.nextInt(20) == 0) {
        p.orphan();
      }
      if (random.nextInt(15) == 0) {
        p.excluded();
      }
      rows.add(p);
    }
    return Fixtures.pathways(rows.toArray(Fixtures.P[]::new));
  }

  private static String region(Random random) {
    return "108" + (1 + random.nextInt(5));
  }

  private static void assertSameTable(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(expected.schema().simpleString(), actual.schema().simpleString(), "columns and types");
    List<String> want = Fixtures.sortedRows(expected);
    assertTrue(want.size() > 0, "the fixture fills the table");
    assertEquals(want, Fixtures.sortedRows(actual));
  }
}
