package dk.pathwatch.indicators;

import static dk.pathwatch.indicators.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The indicators table on a hand-built quarter. Standard times of the fixture: AFB01 kirurgi OF4 27 (verified);
 * AFB01 medicin OF4 30 until 2025-04-30 and 35 from 2025-05-01 (unverified); AFB02 kirurgi OF4 20 (unverified);
 * AFA01 alle DF3 22 (verified). No standard for AFB02 medicin, AFB13, a null modality, nor for OF1–OF3, DF1,
 * DF2 or any MF indicator.
 */
class IndicatorsTest {
  private static Map<String, Row> cells;
  private static Dataset<Row> table;

  static Dataset<Row> standards() {
    return Fixtures.standards(
        "AFB01,kirurgi,OF4,27,2012-10-01,,true",
        "AFB01,medicin,OF4,30,2012-10-01,2025-04-30,false",
        "AFB01,medicin,OF4,35,2025-05-01,,false",
        "AFB02,kirurgi,OF4,20,2012-10-01,,false",
        "AFA01,alle,DF3,22,2012-10-01,,true");
  }

  static Dataset<Row> quarter() {
    return Fixtures.pathways(
        p("P1").modality("kirurgi").days("OF4", 20).days("OF1", 5).days("OF3", 10),  // within 27
        p("P2").modality("kirurgi").days("OF4", 27),                                 // within: days = standard
        p("P3").modality("kirurgi").days("OF4", 28),                                 // over
        p("P4").region("1082").a("2025-04-20").modality("medicin").days("OF4", 33),  // standard 30: over
        p("P5").region("1082").a("2025-05-02").modality("medicin").days("OF4", 33),  // standard 35: within
        p("P6").family("AFB02", "AFB02").region("1082").modality("medicin").days("OF4", 40),  // no standard
        p("P7").family("AFB02", "AFB02").region("1083").modality("kirurgi").days("OF4", 15),  // within 20
        p("P8").orphan().modality("kirurgi").days("OF4", 1),                         // orphan: nowhere
        p("P9").excluded().modality("kirurgi").days("OF4", 1),                       // excluded: nowhere
        p("P10").family("AFA01", "AFA01").region("1083").days("DF3", 22).days("DF1", 3),
        p("P11").family("AFA01", "AFA01").region("1083").days("DF3", 30),
        p("P12").family("AFD01", "AFD01").region("1084").a("2022-06-30").days("MF3", 10),  // before MF start
        p("P13").family("AFD01", "AFD01").region("1084").a("2025-04-01").days("MF3", 12),
        p("P14").family("AFB13", "AFB13").region("1085").modality("kirurgi").days("OF4", 25),  // unknown sub
        p("P15").modality(null).days("OF4", 10),                                     // bare F: alle only
        p("P16").family("AFB13", "AFB14").region("1085").days("DF3", 5));            // wrong family for DF
  }

  @BeforeAll
  static void compute() {
    table = Indicators.compute(quarter(), standards(), Fixtures.NO_GRID).cache();
    cells = new HashMap<>();
    for (Row r : table.collectAsList()) {
      cells.put(r.getAs("cell_id"), r);
    }
  }

  private static Row cell(String id) {
    Row r = cells.get(id);
    assertTrue(r != null, "missing cell " + id + " in " + cells.keySet());
    return r;
  }

  private static void assertCell(String id, long n, Long nWithin, Double share, double q1, double median, double q3,
      long noStandard, boolean unverified) {
    Row r = cell(id);
    assertEquals(n, (long) r.getAs("n"), id + " n");
    assertEquals(nWithin, r.getAs("n_within"), id + " n_within");
    if (share == null) {
      assertNull(r.getAs("share_within"), id + " share");
    } else {
      assertEquals(share, (double) r.getAs("share_within"), 1e-12, id + " share");
    }
    assertEquals(q1, (double) r.getAs("q1"), 0.0, id + " q1");
    assertEquals(median, (double) r.getAs("median"), 0.0, id + " median");
    assertEquals(q3, (double) r.getAs("q3"), 0.0, id + " q3");
    assertEquals(noStandard, (long) r.getAs("n_no_standard"), id + " n_no_standard");
    assertEquals(unverified, r.getAs("uses_unverified_standard"), id + " unverified");
  }

  @Test
  void regionPathwayModalityCellsCountWithinStandardAndSkipOrphansAndExcluded() {
    // P1, P2, P3 (P8 orphan, P9 excluded): within 20 and 27 (≤); days [20,27,28]: .75→20, 1.5→27, 2.25→28.
    assertCell("2025Q2|1081|AFB01|kirurgi|OF4", 3, 2L, 2.0 / 3, 20, 27, 28, 0, false);
    // plus P15 (no modality, so alle only, no standard): [10,20,27,28]: 1→(10+20)/2, 2→(20+27)/2, 3→(27+28)/2.
    assertCell("2025Q2|1081|AFB01|alle|OF4", 4, 2L, 2.0 / 3, 15, 23.5, 27.5, 1, false);
  }

  @Test
  void standardVersionIsTheOneValidOnTheADate() {
    // P4 (A 04-20, standard 30, 33 days: over) and P5 (A 05-02, standard 35: within); [33,33] → 33 throughout.
    assertCell("2025Q2|1082|AFB01|medicin|OF4", 2, 1L, 0.5, 33, 33, 33, 0, true);
  }

  @Test
  void pathwayWithoutItsOwnStandardCountsInNoStandardAndStaysInNAndQuartiles() {
    // P6: OF4 has standards, but none for (AFB02, medicin): n=1, n_within 0, share null (0 usable).
    assertCell("2025Q2|1082|AFB02|medicin|OF4", 1, 0L, null, 40, 40, 40, 1, false);
    // P14: urinary pathway with unknown sub-pathway (AFB13) has no standard.
    assertCell("2025Q2|1085|AFB13|kirurgi|OF4", 1, 0L, null, 25, 25, 25, 1, false);
  }

  @Test
  void nationalAndAllIncludeEveryCountedPathway() {
    // OF4 values: P15 10, P7 15, P1 20, P14 25, P2 27, P3 28, P4 33, P5 33, P6 40 (n=9);
    // within P1 P2 P5 P7 = 4; no standard P6 P14 P15 = 3; share 4/6; 9·.25=2.25→x3=20, 4.5→x5=27, 6.75→x7=33.
    assertCell("2025Q2|national|all|alle|OF4", 9, 4L, 4.0 / 6, 20, 27, 33, 3, true);
    // kirurgi: P7 15, P1 20, P14 25, P2 27, P3 28; within P1 P2 P7; no standard P14; 1.25→20, 2.5→25, 3.75→27.
    assertCell("2025Q2|national|all|kirurgi|OF4", 5, 3L, 3.0 / 4, 20, 25, 27, 1, true);
    // national AFB01 alle: P1..P5, P15 → [10,20,27,28,33,33]; within P1 P2 P5; no standard P15; 1.5→20, 3→27.5,
    // 4.5→33.
    assertCell("2025Q2|national|AFB01|alle|OF4", 6, 3L, 3.0 / 5, 20, 27.5, 33, 1, true);
    // region 1081, all pathways = AFB01 here.
    assertCell("2025Q2|1081|all|alle|OF4", 4, 2L, 2.0 / 3, 15, 23.5, 27.5, 1, false);
  }

  @Test
  void indicatorsWithoutStandardTimesHaveNoShareAndOnlyOf3Of4HaveModalities() {
    // OF1 and OF3 have no standard times at all: n_within and share null, n_no_standard 0.
    assertCell("2025Q2|1081|AFB01|alle|OF1", 1, null, null, 5, 5, 5, 0, false);
    assertCell("2025Q2|1081|AFB01|kirurgi|OF3", 1, null, null, 10, 10, 10, 0, false);
    assertCell("2025Q2|1081|AFB01|alle|OF3", 1, null, null, 10, 10, 10, 0, false);
    // DF3 verified 22: P10 22 within, P11 30 over; [22,30] → .5→22, 1→26, 1.5→30.
    assertCell("2025Q2|1083|AFA01|alle|DF3", 2, 1L, 0.5, 22, 26, 30, 0, false);
    assertCell("2025Q2|1083|AFA01|alle|DF1", 1, null, null, 3, 3, 3, 0, false);
    // MF3 only from 2022-07-01: P13 counts, P12 (A 2022-06-30) not; no MF standard.
    assertCell("2025Q2|1084|AFD01|alle|MF3", 1, null, null, 12, 12, 12, 0, false);
    assertEquals(0, table.where("quarter = '2022Q2'").count(), "P12 has only MF3, before the MF start");
    assertEquals(0, table.where("indicator not in ('OF3','OF4') and modality <> 'alle'").count());
    // P16 carries a DF3 value but belongs to an organ family: no DF3 for AFB14 or in 1085.
    assertEquals(0, table.where("indicator = 'DF3' and (pathway = 'AFB14' or region = '1085')").count());
    // DF3 national = P10, P11 only.
    assertEquals(2L, (long) cell("2025Q2|national|all|alle|DF3").getAs("n"));
  }

  @Test
  void orphansAndExcludedPathwaysAreNowhereAndCellIdsAreStable() {
    assertEquals(0, table.where("q1 = 1 or q3 = 1").count(), "P8 and P9 (1 day) counted somewhere");
    assertEquals(Indicators.CELL.size() + 9, table.columns().length);
    for (Row r : cells.values()) {
      String expected = String.join("|", r.getAs("quarter"), r.getAs("region"), r.getAs("pathway"),
          r.getAs("modality"), r.getAs("indicator"));
      assertEquals(expected, r.getAs("cell_id"));
    }
    // every region and national: OF4 cells for 1081, 1082, 1083, 1085 and national (1084 has none).
    assertEquals(java.util.Set.of("1081", "1082", "1083", "1085", "national"),
        new java.util.HashSet<>(table.where("indicator = 'OF4' and pathway = 'all' and modality = 'alle'")
            .select("region").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()));
  }

  @Test
  void pathwayValuesFlagTheMissingStandard() {
    Map<String, Row> v = new HashMap<>();
    for (Row r : Indicators.pathwayValues(quarter(), standards()).where("indicator in ('OF4','MF3')")
        .collectAsList()) {
      v.put(r.getAs("pathway_id"), r);
    }
    assertTrue((boolean) v.get("P6").getAs("no_standard"));
    assertNull(v.get("P6").getAs("within"));
    assertFalse((boolean) v.get("P13").getAs("has_standard"));
    assertFalse((boolean) v.get("P13").getAs("no_standard"));
    assertEquals(35, (int) v.get("P5").getAs("standard_days"));
    assertFalse(v.containsKey("P8") || v.containsKey("P9") || v.containsKey("P12"));
  }

  /**
   * Whether an indicator has standard times at all is a literal list of the few that do, not a broadcast join to the
   * distinct indicators of the standard table (a Spark job of its own, issue #16): the plan broadcasts the two
   * version look-ups only.
   */
  @Test
  void pathwayValuesBroadcastOnlyTheStandardVersions() {
    String plan = Indicators.pathwayValues(quarter(), standards()).queryExecution().executedPlan().toString();
    assertEquals(2, plan.split("BroadcastExchange", -1).length - 1, plan);
  }

  @Test
  void aGridCellWithoutPathwaysIsWrittenWithZerosAndNoShareOrQuartiles() {
    Grid grid = new Grid(List.of("1081", "1082"), List.of(new Grid.Code("AFB01", "A", null, null),
        new Grid.Code("AFB01", "B", null, null), new Grid.Code("AFB01", "F1", null, null)), List.of(),
        java.time.LocalDate.of(2025, 6, 30));
    Map<String, Row> got = new HashMap<>();
    for (Row r : Indicators.compute(quarter(), standards(), grid).collectAsList()) {
      got.put(r.getAs("cell_id"), r);
    }
    Row zero = got.get("2025Q2|1082|AFB01|kirurgi|OF4");
    assertEquals(0L, (long) zero.getAs("n"));
    assertEquals(0L, (long) zero.getAs("n_within"), "OF4 has standard times: zero within");
    assertEquals(0L, (long) zero.getAs("n_no_standard"));
    assertNull(zero.getAs("share_within"));
    assertNull(zero.getAs("q1"));
    assertNull(zero.getAs("median"));
    assertNull(zero.getAs("q3"));
    assertFalse((boolean) zero.getAs("uses_unverified_standard"));
    Row noStandard = got.get("2025Q2|1082|AFB01|alle|OF1");
    assertEquals(0L, (long) noStandard.getAs("n"));
    assertNull(noStandard.getAs("n_within"), "OF1 has no standard time");
    // the data cells stay as they were, also those outside this small grid
    assertEquals(3L, (long) got.get("2025Q2|1081|AFB01|kirurgi|OF4").getAs("n"));
    assertEquals(2L, (long) got.get("2025Q2|1083|AFA01|alle|DF3").getAs("n"));
    // new in 2025Q2: 1082 × (AFB01 alle OF1, AFB01 kirurgi OF4, all alle OF1, all kirurgi OF4); and 2022Q2 (P12
    // counts, though it has no indicator value) gets all 6 cells of each of 1081, 1082 and national
    assertEquals(table.count() + 4 + 18, got.size());
  }
}
