package dk.pathwatch.indicators;

import static dk.pathwatch.indicators.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LineageTest {
  static final Dataset<Row> STANDARDS = Fixtures.standards(
      "AFB01,kirurgi,OF4,30,2020-01-01,,true",
      "AFB01,alle,OF1,6,2020-01-01,,true");

  static Dataset<Row> pathways() {
    return Fixtures.pathways(
        p("A1").modality("kirurgi").days("OF1", 5).days("OF4", 20).b("2025-04-15").f("2025-04-30"),
        p("A2").region("1082").modality("medicin").days("OF1", 9).days("OF4", 40).b("2025-04-15").f("2025-05-20"),
        p("A3").region("1082").excluded().modality("kirurgi").days("OF4", 12),
        p("A4").orphan().days("OF1", 3),
        p("A5").family("AFA01", "AFA01").days("DF1", 4).days("DF3", 11).b("2025-04-14"),
        // MF counts only pathways started on or after 2022-07-01: this one has activity cells only
        p("A6").family("AFD01", "AFD01").a("2022-05-02").days("MF1", 7),
        p("A7").family("AFB14", "AFB14").a("2025-07-01").days("OF4", 25).modality(null));
  }

  /** The grid of the bundled reference data. */
  static final Grid GRID = Grid.load(dk.pathwatch.common.ProjectFiles.bundled("validation-rules").resolve("reference"),
      java.time.LocalDate.of(2025, 6, 30));

  static Map<String, List<String>> cellIds(Dataset<Row> withIds) {
    Map<String, List<String>> ids = new HashMap<>();
    for (Row r : withIds.select("pathway_id", "cell_ids").collectAsList()) {
      ids.put(r.getString(0), r.getList(1));
    }
    return ids;
  }

  @Test
  void aPathwayListsItsIndicatorAndActivityCellsAndAnExcludedOneNone() {
    Map<String, List<String>> ids = cellIds(Lineage.withCellIds(pathways()));
    assertEquals(7, ids.size(), "every pathway row kept");
    List<String> a1 = new ArrayList<>();
    for (String region : List.of("1081", "national")) {
      for (String pathway : List.of("AFB01", "all")) {
        a1.add("2025Q2|" + region + "|" + pathway);
        a1.add("2025Q2|" + region + "|" + pathway + "|alle|OF1");
        a1.add("2025Q2|" + region + "|" + pathway + "|alle|OF4");
        a1.add("2025Q2|" + region + "|" + pathway + "|kirurgi|OF4");
      }
    }
    a1.sort(String::compareTo);
    assertEquals(a1, ids.get("A1"));
    assertEquals(List.of(), ids.get("A3"), "excluded counts nowhere");
    assertEquals(List.of(), ids.get("A4"), "orphan counts nowhere");
    assertEquals(List.of("2022Q2|1081|AFD01", "2022Q2|1081|all", "2022Q2|national|AFD01", "2022Q2|national|all"),
        ids.get("A6"), "MF before 2022-07-01: activity only");
    assertTrue(ids.get("A7").contains("2025Q3|1081|AFB14|alle|OF4"));
    assertEquals(8, ids.get("A7").size(), "no modality: OF4 under alle only, plus 4 activity cells");
  }

  @Test
  void aRegionNamedLikeItsTotalListsEachCellOnce() {
    // region "national" makes the region and national cells one: the ids are de-duplicated for such rows only
    List<String> ids = cellIds(Lineage.withCellIds(Fixtures.pathways(p("N1").region("national")
        .modality("kirurgi").days("OF4", 20).b("2025-04-15").f("2025-04-30")))).get("N1");
    List<String> expected = new ArrayList<>();
    for (String pathway : List.of("AFB01", "all")) {
      expected.add("2025Q2|national|" + pathway);
      expected.add("2025Q2|national|" + pathway + "|alle|OF4");
      expected.add("2025Q2|national|" + pathway + "|kirurgi|OF4");
    }
    expected.sort(String::compareTo);
    assertEquals(expected, ids);
  }

  @Test
  void everyIndicatorAndActivityCellCountsExactlyThePathwaysListingIt() {
    Dataset<Row> pathways = pathways();
    Map<String, Long> listed = new HashMap<>();
    cellIds(Lineage.withCellIds(pathways)).values()
        .forEach(l -> l.forEach(id -> listed.merge(id, 1L, Long::sum)));
    int cells = 0;
    int zeros = 0;
    for (Row r : Indicators.compute(pathways, STANDARDS, GRID).select("cell_id", "n").collectAsList()) {
      assertEquals(r.getLong(1), listed.getOrDefault(r.getString(0), 0L), r.getString(0));
      listed.remove(r.getString(0));
      zeros += r.getLong(1) == 0 ? 1 : 0;
      cells++;
    }
    for (Row r : Activity.compute(pathways, GRID).select("cell_id", "started").collectAsList()) {
      assertEquals(r.getLong(1), listed.getOrDefault(r.getString(0), 0L), r.getString(0));
      listed.remove(r.getString(0));
      zeros += r.getLong(1) == 0 ? 1 : 0;
      cells++;
    }
    assertEquals(Map.of(), listed, "no pathway lists a cell the aggregates lack");
    assertTrue(zeros > 0, "the grid's zero cells are listed by no pathway");
    assertEquals(48, cells - zeros, "the cells with pathways");
  }

  @Test
  void clocksListTheirRegionAndNationalMwtCells() {
    String ddl = "clock_id string, rule string, category string, reason string, still_waiting boolean, "
        + "region string, quarter string, excluded boolean";
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"K1", "UDR", "inden_for", null, false, "1081", "2025Q2", false});
    rows.add(new Object[] {"K2", "UDR", "inden_for", null, null, "1081", "2025Q2", false});
    rows.add(new Object[] {"K3", "BEH", "overskredet_regler_overholdt", "patientens_oenske", false, "1083", "2025Q2",
        false});
    rows.add(new Object[] {"K4", "UDR", "inden_for", null, false, "1081", "2025Q2", true});
    Dataset<Row> clocks = Lineage.withClockCellIds(Fixtures.table(ddl, rows));
    Map<String, List<String>> ids = new HashMap<>();
    for (Row r : clocks.select("clock_id", "cell_ids").collectAsList()) {
      ids.put(r.getString(0), r.getList(1));
    }
    assertEquals(List.of("2025Q2|1081|UDR|inden_for|", "2025Q2|national|UDR|inden_for|"),
        ids.get("K2"), "null reason empty, still_waiting no part of the key");
    assertEquals(List.of(), ids.get("K4"), "excluded counts nowhere");
    Map<String, Long> listed = new HashMap<>();
    ids.values().forEach(l -> l.forEach(id -> listed.merge(id, 1L, Long::sum)));
    List<Row> mwt = MwtAggregates.compute(clocks.where("not excluded"), GRID).select("cell_id", "n")
        .collectAsList();
    for (Row r : mwt) {
      assertEquals(r.getLong(1), listed.getOrDefault(r.getString(0), 0L), r.getString(0));
      listed.remove(r.getString(0));
    }
    assertEquals(Map.of(), listed);
    assertEquals(6 * 4 * 8, mwt.size(), "one quarter (the cut-off's): regions × rules × categories and reasons");
  }

  @Test
  void publishedActivityAndMwtCarryTheInternalCellIds() {
    Dataset<Row> activity = Activity.compute(pathways(), GRID);
    assertEquals(Fixtures.sortedRows(activity.select("cell_id")),
        Fixtures.sortedRows(DisclosureControl.protect(Indicators.compute(pathways(), IndicatorsTest.standards(), GRID),
            activity.drop("cell_id"), Fixtures.table(Fixtures.MWT_DDL, List.of())).activity().select("cell_id")));
    assertEquals("2025Q2|1081|AFB01", activity.where("region = '1081' and pathway = 'AFB01' and quarter = '2025Q2'")
        .first().getAs("cell_id"));
  }
}
