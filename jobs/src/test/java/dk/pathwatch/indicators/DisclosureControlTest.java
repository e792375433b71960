package dk.pathwatch.indicators;

import static dk.pathwatch.indicators.Fixtures.indicatorRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.disclosure.LinearTable;
import dk.pathwatch.disclosure.Protection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Disclosure control on handcrafted internal tables: the leak of region-only suppression (a pathway is {@code all}
 * minus the shown pathways) that the audit catches and the new suppression closes; a count published in two places
 * (OF1 {@code n} and {@code investigation_started}); and what the published columns carry.
 */
class DisclosureControlTest {
  private static final String Q = "2025Q2";
  private static final List<String> REGIONS = List.of("1081", "1082", "1083", "1084", "1085");
  /** OF1 n per pathway (rows) and region (columns); 1081 has 3 pathways in AFB01 (primary). */
  private static final long[][] OF1 = {{3, 8, 20, 25, 30}, {20, 22, 24, 26, 28}, {30, 31, 32, 33, 34}};
  private static final List<String> PATHWAYS = List.of("AFB01", "AFB02", "AFB03");

  /** The OF1 cells (regions × pathways with national and all) of the fixture. */
  private static List<Object[]> of1Rows() {
    List<Object[]> rows = new ArrayList<>();
    long[] allByRegion = new long[REGIONS.size()];
    long grand = 0;
    for (int p = 0; p < PATHWAYS.size(); p++) {
      long national = 0;
      for (int r = 0; r < REGIONS.size(); r++) {
        rows.add(indicatorRow(Q, REGIONS.get(r), PATHWAYS.get(p), "alle", "OF1", OF1[p][r], null, 0));
        national += OF1[p][r];
        allByRegion[r] += OF1[p][r];
      }
      rows.add(indicatorRow(Q, "national", PATHWAYS.get(p), "alle", "OF1", national, null, 0));
      grand += national;
    }
    for (int r = 0; r < REGIONS.size(); r++) {
      rows.add(indicatorRow(Q, REGIONS.get(r), "all", "alle", "OF1", allByRegion[r], null, 0));
    }
    rows.add(indicatorRow(Q, "national", "all", "alle", "OF1", grand, null, 0));
    return rows;
  }

  private static Dataset<Row> noActivity() {
    return Fixtures.table(Fixtures.ACTIVITY_DDL, List.of());
  }

  private static Dataset<Row> noClocks() {
    return Fixtures.table(Fixtures.MWT_DDL, List.of());
  }

  /** The audit of a published indicators table, from its flags alone, over the model of the internal rows. */
  private static List<String> recoverable(Dataset<Row> internal, Dataset<Row> published) {
    LinearTable t = DisclosureModel.counts(DisclosureControl.indicatorRows(internal), List.of(), List.of());
    Map<Integer, Protection.Flag> flags = new HashMap<>();
    for (Row r : published.collectAsList()) {
      String flag = r.getAs("suppressed_n");
      if (flag != null) {
        flags.put(t.find(DisclosureModel.key(DisclosureModel.INDICATORS, "n", r.getAs("cell_id"))),
            flag.equals("primary") ? Protection.Flag.PRIMARY : Protection.Flag.SECONDARY);
      }
    }
    return Protection.audit(t, flags).exact().stream().map(t::key).toList();
  }

  @Test
  void regionOnlySuppressionLeaksAPathwayAsAllMinusTheShownPathwaysAndTheAuditSeesIt() {
    Dataset<Row> internal = Fixtures.table(Fixtures.INDICATORS_DDL, of1Rows());
    // the old method hid 1081 AFB01 (3) and, for the region sum, 1082 AFB01 (8); 1081 all − AFB02 − AFB03 = 3
    List<String> leaked = recoverable(internal, RegionOnlySuppression.publishIndicators(internal));
    assertTrue(leaked.contains("indicators.n|2025Q2|1081|AFB01|alle|OF1"), "the audit catches the leak: " + leaked);
    assertTrue(leaked.contains("indicators.n|2025Q2|1082|AFB01|alle|OF1"), leaked.toString());

    DisclosureControl.Published published = DisclosureControl.protect(internal, noActivity(), noClocks());
    assertEquals(List.of(), recoverable(internal, published.indicators()), "nothing recoverable after the fix");
    assertEquals(List.of(), published.audit().recoverable());
    Map<String, Row> byCell = byCell(published.indicators());
    assertEquals("primary", byCell.get("2025Q2|1081|AFB01|alle|OF1").getAs("suppressed_n"));
    for (String total : List.of("2025Q2|national|all|alle|OF1", "2025Q2|national|AFB01|alle|OF1",
        "2025Q2|1081|all|alle|OF1")) {
      assertNull(byCell.get(total).getAs("suppressed_n"), total + ": a total is hidden only when nothing else does");
    }
    long hidden = byCell.values().stream().filter(r -> r.getAs("suppressed_n") != null).count();
    assertEquals(4, hidden, "one rectangle: 1081 and 1082 × AFB01 and AFB02 — small cells first");
  }

  @Test
  void aCountPublishedInTwoPlacesIsHiddenInBoth() {
    List<Object[]> indicators = of1Rows();
    List<Object[]> activity = new ArrayList<>();
    // activity of the same pathways: investigation_started = OF1 n; plus AFA01 (DF1 = its investigation_started)
    long[] dfByRegion = {6, 40, 41, 42, 43};
    long[] invAll = new long[REGIONS.size()];
    long[][] byPathway = {OF1[0], OF1[1], OF1[2], dfByRegion};
    List<String> activityPathways = List.of("AFB01", "AFB02", "AFB03", "AFA01");
    for (int p = 0; p < byPathway.length; p++) {
      long national = 0;
      for (int r = 0; r < REGIONS.size(); r++) {
        activity.add(activityRow(REGIONS.get(r), activityPathways.get(p), byPathway[p][r]));
        national += byPathway[p][r];
        invAll[r] += byPathway[p][r];
      }
      activity.add(activityRow("national", activityPathways.get(p), national));
    }
    long grand = 0;
    for (int r = 0; r < REGIONS.size(); r++) {
      activity.add(activityRow(REGIONS.get(r), "all", invAll[r]));
      grand += invAll[r];
      indicators.add(indicatorRow(Q, REGIONS.get(r), "AFA01", "alle", "DF1", dfByRegion[r], null, 0));
      indicators.add(indicatorRow(Q, REGIONS.get(r), "all", "alle", "DF1", dfByRegion[r], null, 0));
    }
    activity.add(activityRow("national", "all", grand));
    long dfNational = Arrays.stream(dfByRegion).sum();
    indicators.add(indicatorRow(Q, "national", "AFA01", "alle", "DF1", dfNational, null, 0));
    indicators.add(indicatorRow(Q, "national", "all", "alle", "DF1", dfNational, null, 0));
    List<DisclosureModel.IndicatorRow> ind = DisclosureControl.indicatorRows(
        Fixtures.table(Fixtures.INDICATORS_DDL, indicators));
    List<DisclosureModel.ActivityRow> act = DisclosureControl.activityRows(
        Fixtures.table(Fixtures.ACTIVITY_DDL, activity));

    // the indicators protected without the link hide 1081 AFB02 (20) beside 1081 AFB01 (3); an activity table that
    // hides only its own small counts shows investigation_started 1081 AFB02 = 20 = OF1 n: 1081 AFB01 = 53 − 20 − 30
    Map<String, String> separate = new HashMap<>(DisclosureControl.decide(ind, List.of(), List.of()).flags());
    for (DisclosureModel.ActivityRow a : act) {
      a.counts().forEach((column, v) -> {
        if (v >= 1 && v <= 4) {
          separate.put(DisclosureModel.key(DisclosureModel.ACTIVITY, column, a.cellId()), "primary");
        }
      });
    }
    assertEquals("secondary", separate.get("indicators.n|2025Q2|1081|AFB02|alle|OF1"));
    LinearTable joint = DisclosureModel.counts(ind, act, List.of());
    Map<Integer, Protection.Flag> flags = new HashMap<>();
    separate.forEach((key, f) -> flags.put(joint.find(key),
        f.equals("primary") ? Protection.Flag.PRIMARY : Protection.Flag.SECONDARY));
    List<String> leaked = Protection.audit(joint, flags).exact().stream().map(joint::key).toList();
    assertTrue(leaked.contains("indicators.n|2025Q2|1081|AFB01|alle|OF1"), "the link leaks: " + leaked);
    assertTrue(leaked.contains("indicators.n|2025Q2|1081|AFB02|alle|OF1"), leaked.toString());

    DisclosureControl.Decision together = DisclosureControl.decide(ind, act, List.of());
    assertEquals(List.of(), together.audit().recoverable());
    assertEquals(List.of(), together.audit().unprotectable());
    int linked = 0;
    for (DisclosureModel.ActivityRow a : act) {
      String inv = DisclosureModel.key(DisclosureModel.ACTIVITY, "investigation_started", a.cellId());
      String indicator = a.pathway().startsWith("AFB") ? "OF1" : a.pathway().equals("AFA01") ? "DF1" : null;
      if (indicator == null || a.region().equals("national") || a.pathway().equals("all")) {
        continue;
      }
      String n = DisclosureModel.key(DisclosureModel.INDICATORS, "n", DisclosureModel.indicatorCellId(Q,
          a.region(), a.pathway(), "alle", indicator));
      assertEquals(together.flags().get(n) != null, together.flags().get(inv) != null, n + " and " + inv);
      linked += together.flags().get(n) != null ? 1 : 0;
    }
    assertTrue(linked >= 2, "hidden pairs: " + linked);
  }

  /** Every pathway of the fixture's activity had its investigation start and is still open. */
  private static Object[] activityRow(String region, String pathway, long investigationStarted) {
    return new Object[] {Q, region, pathway, investigationStarted, investigationStarted, 0L, 0L, 0L,
        investigationStarted};
  }

  @Test
  void publishedColumnsSharesAndQuartiles() {
    List<Object[]> rows = new ArrayList<>();
    // OF4 AFB01 by modality in 1081..1082: kirurgi 3 (primary), medicin 30, alle 33 (no modality-less pathway)
    rows.add(indicatorRow(Q, "1081", "AFB01", "kirurgi", "OF4", 3, 2L, 0));
    rows.add(indicatorRow(Q, "1081", "AFB01", "medicin", "OF4", 30, 20L, 0));
    rows.add(indicatorRow(Q, "1081", "AFB01", "straale", "OF4", 0, 0L, 0));
    rows.add(indicatorRow(Q, "1081", "AFB01", "alle", "OF4", 33, 22L, 0));
    rows.add(indicatorRow(Q, "1082", "AFB01", "kirurgi", "OF4", 40, 30L, 0));
    rows.add(indicatorRow(Q, "1082", "AFB01", "medicin", "OF4", 8, 0L, 8)); // no standard: no share
    rows.add(indicatorRow(Q, "1082", "AFB01", "straale", "OF4", 12, 6L, 0));
    rows.add(indicatorRow(Q, "1082", "AFB01", "alle", "OF4", 60, 36L, 8));
    for (String m : List.of("kirurgi", "medicin", "straale", "alle")) {
      long n = 0;
      long w = 0;
      long ns = 0;
      for (Object[] r : List.copyOf(rows)) {
        if (r[3].equals(m) && r[2].equals("AFB01")) {
          n += (long) r[5];
          w += (long) r[6];
          ns += (long) r[11];
        }
      }
      rows.add(indicatorRow(Q, "national", "AFB01", m, "OF4", n, w, ns));
      for (String region : List.of("1081", "1082", "national")) {
        Object[] p = rows.stream().filter(r -> r[1].equals(region) && r[3].equals(m)).findFirst().orElseThrow();
        rows.add(indicatorRow(Q, region, "all", m, "OF4", (long) p[5], (Long) p[6], (long) p[11]));
      }
    }
    Dataset<Row> internal = Fixtures.table(Fixtures.INDICATORS_DDL, rows);
    DisclosureControl.Published published = DisclosureControl.protect(internal, noActivity(), noClocks());
    Map<String, Row> cells = byCell(published.indicators());
    assertEquals(List.of("quarter", "region", "pathway", "modality", "indicator", "n", "share_within", "q1", "median",
        "q3", "suppressed_n", "suppressed_share", "uses_unverified_standard", "cell_id"),
        Arrays.asList(published.indicators().columns()));
    assertEquals(rows.size(), cells.size());
    Row kir = cells.get("2025Q2|1081|AFB01|kirurgi|OF4");
    assertEquals("primary", kir.getAs("suppressed_n"));
    assertEquals("primary", kir.getAs("suppressed_share"));
    assertNull(kir.getAs("n"));
    assertNull(kir.getAs("q1"));
    Row noShare = cells.get("2025Q2|1082|AFB01|medicin|OF4");
    assertNull(noShare.getAs("share_within"));
    assertNull(noShare.getAs("suppressed_share"), "no share flag where no share exists");
    Row zero = cells.get("2025Q2|1081|AFB01|straale|OF4");
    assertEquals(0L, (long) zero.getAs("n"), "zero is shown");
    assertNull(zero.getAs("suppressed_n"));
    assertNull(zero.getAs("suppressed_share"), "a zero count has no share");
    for (Row r : cells.values()) {
      String n = r.getAs("suppressed_n");
      String share = r.getAs("suppressed_share");
      if (n != null) {
        assertEquals(n, share == null && r.getAs("share_within") == null ? n : share,
            r.getAs("cell_id") + ": a hidden count's share carries the count's flag");
        assertNull(r.getAs("median"), "no quartiles beside a hidden n");
      } else if ((long) r.getAs("n") <= 10) {
        assertNull(r.getAs("median"), "no quartiles with n ≤ 10");
      } else {
        assertNotNull(r.getAs("median"), "quartiles with a shown n above 10");
      }
    }
    assertFalse(published.audit().blocked(), published.audit().toMap().toString());
  }

  private static Map<String, Row> byCell(Dataset<Row> published) {
    Map<String, Row> m = new HashMap<>();
    published.collectAsList().forEach(r -> m.put(r.getAs("cell_id"), r));
    return m;
  }

  private static Map<String, Row> publishedMwt(List<Object[]> rows) {
    Dataset<Row> internal = Fixtures.table(Fixtures.MWT_DDL, rows);
    DisclosureControl.Published published = DisclosureControl.protect(
        Fixtures.table(Fixtures.INDICATORS_DDL, List.of()), noActivity(), internal);
    assertEquals(List.of(), published.audit().recoverable(), published.audit().toMap().toString());
    Map<String, Row> got = new HashMap<>();
    for (Row r : published.mwt().collectAsList()) {
      got.put(r.getAs("region") + "|" + r.getAs("rule") + "|" + r.getAs("category"), r);
    }
    return got;
  }

  @Test
  void mwtSecondaryWithinRuleCategoryAndNullReason() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {Q, "national", "UDR", "regler_ikke_overholdt", null, 13L, 0L});
    rows.add(new Object[] {Q, "1081", "UDR", "regler_ikke_overholdt", null, 3L, 0L});
    rows.add(new Object[] {Q, "1082", "UDR", "regler_ikke_overholdt", null, 10L, 0L});
    rows.add(new Object[] {Q, "national", "UDR", "inden_for", null, 50L, 0L});
    rows.add(new Object[] {Q, "1082", "UDR", "inden_for", null, 50L, 0L});
    rows.add(new Object[] {Q, "national", "BEH", "overskredet_regler_overholdt", "patientens_oenske", 2L, 0L});
    rows.add(new Object[] {Q, "1083", "BEH", "overskredet_regler_overholdt", "patientens_oenske", 2L, 0L});
    Map<String, Row> got = publishedMwt(rows);
    assertEquals("primary", got.get("1081|UDR|regler_ikke_overholdt").getAs("suppressed_n"));
    assertEquals("secondary", got.get("1082|UDR|regler_ikke_overholdt").getAs("suppressed_n"));
    assertNull(got.get("1082|UDR|regler_ikke_overholdt").getAs("n"));
    assertNull(got.get("national|UDR|regler_ikke_overholdt").getAs("suppressed_n"));
    assertNull(got.get("1082|UDR|inden_for").getAs("suppressed_n"), "another category is another group");
    assertEquals("primary", got.get("national|BEH|overskredet_regler_overholdt").getAs("suppressed_n"));
    assertEquals("primary", got.get("1083|BEH|overskredet_regler_overholdt").getAs("suppressed_n"));
  }

  @Test
  void mwtStillWaitingIsProtectedAsACountOfItsOwn() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {Q, "national", "UDR", "regler_ikke_overholdt", null, 46L, 9L});
    rows.add(new Object[] {Q, "1081", "UDR", "regler_ikke_overholdt", null, 30L, 3L});
    rows.add(new Object[] {Q, "1082", "UDR", "regler_ikke_overholdt", null, 10L, 0L});
    rows.add(new Object[] {Q, "1083", "UDR", "regler_ikke_overholdt", null, 6L, 6L});
    Map<String, Row> got = publishedMwt(rows);
    assertEquals(List.of("quarter", "region", "rule", "category", "reason", "n", "n_still_waiting", "suppressed_n",
        "suppressed_n_still_waiting", "cell_id"), Arrays.asList(got.get("1081|UDR|regler_ikke_overholdt").schema()
        .fieldNames()));
    Row r1081 = got.get("1081|UDR|regler_ikke_overholdt");
    assertEquals(30L, (long) r1081.getAs("n"));
    assertNull(r1081.getAs("n_still_waiting"), "3 is a count of 1-4");
    assertEquals("primary", r1081.getAs("suppressed_n_still_waiting"));
    // national 9 − 1083's 6 − 1082's 0 would give 1081's 3: 1083 (or the total) is hidden too
    Row r1083 = got.get("1083|UDR|regler_ikke_overholdt");
    Row national = got.get("national|UDR|regler_ikke_overholdt");
    assertTrue(r1083.getAs("n_still_waiting") == null || national.getAs("n_still_waiting") == null,
        "no still-waiting count is national minus the shown regions");
    assertEquals(0L, (long) got.get("1082|UDR|regler_ikke_overholdt").getAs("n_still_waiting"), "zero is shown");
    assertNull(got.get("1082|UDR|regler_ikke_overholdt").getAs("suppressed_n_still_waiting"));
  }
}
