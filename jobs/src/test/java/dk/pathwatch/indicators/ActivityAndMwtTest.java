package dk.pathwatch.indicators;

import static dk.pathwatch.indicators.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        p("A7").a("2025-07-02").b("2025-07-05"));
    Map<String, List<Long>> got = new HashMap<>();
    for (Row r : Activity.compute(pathways).collectAsList()) {
      List<Long> counts = new ArrayList<>();
      for (String c : Activity.COUNTS) {
        counts.add(r.getAs(c));
      }
      got.put(r.getAs("quarter") + "|" + r.getAs("region") + "|" + r.getAs("pathway"), counts);
    }
    // started, investigation_started, disproven, treated, closed_without_treatment, open_at_cutoff
    assertEquals(List.of(2L, 2L, 1L, 1L, 0L, 0L), got.get("2025Q2|1081|AFB01"));
    assertEquals(List.of(1L, 1L, 0L, 0L, 0L, 1L), got.get("2025Q2|1081|AFB02"));
    assertEquals(List.of(3L, 3L, 1L, 1L, 0L, 1L), got.get("2025Q2|1081|all"));
    assertEquals(List.of(1L, 0L, 0L, 0L, 1L, 0L), got.get("2025Q2|1082|AFB01"));
    assertEquals(List.of(3L, 2L, 1L, 1L, 1L, 0L), got.get("2025Q2|national|AFB01"));
    assertEquals(List.of(4L, 3L, 1L, 1L, 1L, 1L), got.get("2025Q2|national|all"));
    assertEquals(List.of(1L, 1L, 0L, 0L, 0L, 0L), got.get("2025Q3|1081|AFB01"));
    assertEquals(12, got.size(), got.keySet().toString());
  }

  @Test
  void mwtCountsPerCategoryAndReasonWithNational() {
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
    Map<String, Long> got = new HashMap<>();
    for (Row r : MwtAggregates.compute(Fixtures.table(ddl, rows)).collectAsList()) {
      got.put(String.join("|", r.getString(0), r.getString(1), r.getString(2), r.getString(3),
          String.valueOf(r.get(4)), String.valueOf(r.get(5))), r.getLong(6));
    }
    assertEquals(3L, got.get("2025Q2|1081|UDR|inden_for|null|false"));
    assertEquals(3L, got.get("2025Q2|national|UDR|inden_for|null|false"));
    assertEquals(1L, got.get("2025Q2|1082|UDR|regler_ikke_overholdt|null|true"));
    assertEquals(1L, got.get("2025Q2|1082|UDR|regler_ikke_overholdt|null|false"), "null still_waiting = false");
    assertEquals(2L, got.get("2025Q2|1081|BEH|overskredet_regler_overholdt|patientens_oenske|false"));
    assertEquals(1L, got.get("2025Q2|1083|BEH|overskredet_regler_overholdt|patientens_oenske|false"));
    assertEquals(3L, got.get("2025Q2|national|BEH|overskredet_regler_overholdt|patientens_oenske|false"));
    assertEquals(9, got.size(), got.keySet().toString()); // UDR 2+2+2 cells, BEH 1081, 1083, national
  }
}
