package dk.pathwatch.indicators;

import static dk.pathwatch.indicators.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ActivityAndMwtTest {

  @Test
  void activityCountsPerRegionAndPathwayWithNationalAndAll() {
    Dataset<Row> pathways = Fixtures.pathways(
        p("A1").b("2025-04-12").f("2025-05-01").end(null, "treated"),
        p("A2").b("2025-04-12").end("AFB01X1", "disproven"),
        p("A3").family("AFB02", "AFB02").b("2025-04-15").open(),
        p("A4").region("1082").end("AFB01X2", "closed_without_treatment"),
        p("A5").orphan().b("2025-04-12"),
        p("A6").region("1082").excluded().f("2025-05-01"),
        p("A7").a("2025-07-02").b("2025-07-05"),
        p("A8").family("AFA01", "AFA01").end("AFA01X1", "disproven"));
    Map<String, List<Long>> got = activity(Activity.compute(pathways, Fixtures.NO_GRID));
    // started, investigation_started, disproven, treated, closed_without_treatment, open_at_cutoff
    // (the disproven A2 and A8 are part of closed without treatment, the same for every family)
    assertEquals(List.of(2L, 2L, 1L, 1L, 1L, 0L), got.get("2025Q2|1081|AFB01"));
    assertEquals(List.of(1L, 1L, 0L, 0L, 0L, 1L), got.get("2025Q2|1081|AFB02"));
    assertEquals(List.of(1L, 0L, 1L, 0L, 1L, 0L), got.get("2025Q2|1081|AFA01"));
    assertEquals(List.of(4L, 3L, 2L, 1L, 2L, 1L), got.get("2025Q2|1081|all"));
    assertEquals(List.of(1L, 0L, 0L, 0L, 1L, 0L), got.get("2025Q2|1082|AFB01"));
    assertEquals(List.of(3L, 2L, 1L, 1L, 2L, 0L), got.get("2025Q2|national|AFB01"));
    assertEquals(List.of(5L, 3L, 2L, 1L, 3L, 1L), got.get("2025Q2|national|all"));
    assertEquals(List.of(1L, 1L, 0L, 0L, 0L, 1L), got.get("2025Q3|1081|AFB01"));
    assertEquals(14, got.size(), got.keySet().toString());
    got.forEach((cell, c) -> assertEquals(c.get(0), c.get(3) + c.get(4) + c.get(5), "started = sum in " + cell));
  }

  @Test
  void everyActivityCellOfTheGridIsWrittenWithZeros() {
    Grid grid = new Grid(List.of("1081", "1082"), List.of(code("AFB01", "A"), code("AFB02", "A"),
        code("AFB13", "A"), code("AFB14", "C1")), List.of("UDR"), java.time.LocalDate.of(2025, 6, 30));
    Map<String, List<Long>> got = activity(Activity.compute(Fixtures.pathways(
        p("A1").b("2025-04-12").f("2025-05-01").end(null, "treated")), grid));
    List<Long> zero = List.of(0L, 0L, 0L, 0L, 0L, 0L);
    assertEquals(zero, got.get("2025Q2|1082|AFB01"));
    assertEquals(zero, got.get("2025Q2|national|AFB02"));
    assertEquals(zero, got.get("2025Q2|1081|AFB14"), "a sub-pathway starts with its family's A");
    assertEquals(List.of(1L, 1L, 0L, 1L, 0L, 0L), got.get("2025Q2|national|all"));
    // 2025Q2 only (the quarter of the data) × 1081, 1082, national × AFB01, AFB02, AFB13, AFB14, all
    assertEquals(15, got.size(), got.keySet().toString());
  }

  static Grid.Code code(String pathway, String suffix) {
    return new Grid.Code(pathway, suffix, null, null);
  }

  private static Map<String, List<Long>> activity(Dataset<Row> table) {
    Map<String, List<Long>> got = new HashMap<>();
    for (Row r : table.collectAsList()) {
      List<Long> counts = new ArrayList<>();
      for (String c : Activity.COUNTS) {
        counts.add(r.getAs(c));
      }
      got.put(r.getAs("cell_id"), counts);
    }
    return got;
  }

  @Test
  void mwtHasOneRowPerKeyWithItsStillWaitingPartAndNational() {
    String ddl = "rule string, category string, reason string, still_waiting boolean, region string, quarter string";
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(new Object[] {"UDR", "inden_for", null, false, "1081", "2025Q2"});
    }
    rows.add(new Object[] {"UDR", "regler_ikke_overholdt", null, true, "1082", "2025Q2"});
    rows.add(new Object[] {"UDR", "regler_ikke_overholdt", null, null, "1082", "2025Q2"});
    rows.add(new Object[] {"BEH", "overskredet_regler_overholdt", "patientens_oenske", false, "1081", "2025Q2"});
    rows.add(new Object[] {"BEH", "overskredet_regler_overholdt", "patientens_oenske", false, "1081", "2025Q2"});
    rows.add(new Object[] {"BEH", "overskredet_regler_overholdt", "patientens_oenske", false, "1083", "2025Q2"});
    Map<String, long[]> got = mwt(MwtAggregates.compute(Fixtures.table(ddl, rows), Fixtures.NO_GRID));
    assertArrayEquals(new long[] {3, 0}, got.get("2025Q2|1081|UDR|inden_for|"));
    assertArrayEquals(new long[] {3, 0}, got.get("2025Q2|national|UDR|inden_for|"));
    assertArrayEquals(new long[] {2, 1}, got.get("2025Q2|1082|UDR|regler_ikke_overholdt|"), "null = not waiting");
    assertArrayEquals(new long[] {2, 0}, got.get("2025Q2|1081|BEH|overskredet_regler_overholdt|patientens_oenske"));
    assertArrayEquals(new long[] {1, 0}, got.get("2025Q2|1083|BEH|overskredet_regler_overholdt|patientens_oenske"));
    assertArrayEquals(new long[] {3, 0},
        got.get("2025Q2|national|BEH|overskredet_regler_overholdt|patientens_oenske"));
    assertEquals(7, got.size(), got.keySet().toString()); // UDR 2+2 cells, BEH 1081, 1083, national
  }

  @Test
  void everyMwtCellOfTheGridIsWrittenWithZerosAndRunningOnlyInTheCutoffQuarter() {
    String ddl = "rule string, category string, reason string, still_waiting boolean, region string, quarter string";
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"UDR", "inden_for", null, false, "1081", "2025Q1"});
    rows.add(new Object[] {"UDR", "igangvaerende", null, true, "1081", "2025Q2"});
    Grid grid = new Grid(List.of("1081"), List.of(), List.of("UDR", "BEH"), java.time.LocalDate.of(2025, 6, 30));
    Map<String, long[]> got = mwt(MwtAggregates.compute(Fixtures.table(ddl, rows), grid));
    assertArrayEquals(new long[] {1, 0}, got.get("2025Q1|1081|UDR|inden_for|"));
    assertArrayEquals(new long[] {0, 0}, got.get("2025Q2|1081|UDR|inden_for|"));
    assertArrayEquals(new long[] {0, 0}, got.get("2025Q1|national|BEH|overskredet_regler_overholdt|klinisk"));
    assertArrayEquals(new long[] {1, 1}, got.get("2025Q2|national|UDR|igangvaerende|"));
    assertFalse(got.containsKey("2025Q1|1081|UDR|igangvaerende|"), "running clocks belong to the cut-off's quarter");
    assertFalse(got.containsKey("2025Q1|1081|UDR|inden_for|klinisk"), "a reason only with its category");
    // per region and rule: inden_for, 4 reasons, regler_ikke_overholdt, afsluttet (+ igangvaerende in 2025Q2)
    assertEquals(2 * 2 * 7 + 2 * 2 * 8, got.size(), got.keySet().toString());
  }

  @Test
  void oneAggregationGivesTheMwtOfTheClocksNotExcludedAndTheUnverifiedLimitsOfAll() {
    String ddl = "rule string, category string, reason string, still_waiting boolean, region string, "
        + "quarter string, excluded boolean, limit_verified boolean";
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"UDR", "inden_for", null, false, "1081", "2025Q2", false, true});
    rows.add(new Object[] {"UDR", "inden_for", null, false, "1081", "2025Q2", false, false});
    rows.add(new Object[] {"UDR", "inden_for", null, true, "1081", "2025Q2", true, false}); // excluded, unverified
    rows.add(new Object[] {"UDR", "inden_for", null, true, "1082", "2025Q2", null, null}); // neither flag known
    rows.add(new Object[] {"BEH", "regler_ikke_overholdt", null, true, "1082", "2025Q1", false, null});
    Dataset<Row> clocks = Fixtures.table(ddl, rows);
    Grid grid = new Grid(List.of("1081", "1082"), List.of(), List.of("UDR", "BEH"),
        java.time.LocalDate.of(2025, 6, 30));
    MwtAggregates.Counted counted = MwtAggregates.computeCounting(clocks, grid);
    assertEquals(2, counted.unverifiedLimits(), "limit_verified false, excluded or not");
    assertEquals(Fixtures.sortedRows(MwtAggregates.compute(clocks.where("excluded = false"), grid)),
        Fixtures.sortedRows(counted.table()));
    Map<String, long[]> got = mwt(counted.table());
    assertArrayEquals(new long[] {2, 0}, got.get("2025Q2|1081|UDR|inden_for|"), "the excluded clock counts nowhere");
    assertArrayEquals(new long[] {0, 0}, got.get("2025Q2|1082|UDR|inden_for|"), "nor one whose flag is unknown");
    assertArrayEquals(new long[] {1, 1}, got.get("2025Q1|1082|BEH|regler_ikke_overholdt|"));

    MwtAggregates.Counted none = MwtAggregates.computeCounting(clocks.where("excluded"), Fixtures.NO_GRID);
    assertEquals(1, none.unverifiedLimits(), "counted when no clock is left for the table");
    assertEquals(0, none.table().count());
  }

  private static Map<String, long[]> mwt(Dataset<Row> table) {
    Map<String, long[]> got = new HashMap<>();
    for (Row r : table.collectAsList()) {
      assertFalse(got.containsKey(r.<String>getAs("cell_id")), "one row per key: " + r);
      got.put(r.getAs("cell_id"), new long[] {r.getAs("n"), r.getAs("n_still_waiting")});
    }
    return got;
  }
}
