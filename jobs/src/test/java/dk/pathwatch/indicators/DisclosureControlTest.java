package dk.pathwatch.indicators;

import static dk.pathwatch.indicators.Fixtures.indicatorRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DisclosureControlTest {
  private static Map<String, Row> published;

  @BeforeAll
  static void publish() {
    List<Object[]> rows = new ArrayList<>();
    // G1 AFB01 kirurgi: regions n 3, 12, 6, 11, 8 (sum 40).
    rows.add(indicatorRow("2025Q2", "national", "AFB01", "kirurgi", "OF4", 40, 30L, 0));
    rows.add(indicatorRow("2025Q2", "1081", "AFB01", "kirurgi", "OF4", 3, 2L, 0));
    rows.add(indicatorRow("2025Q2", "1082", "AFB01", "kirurgi", "OF4", 12, 9L, 0));
    rows.add(indicatorRow("2025Q2", "1083", "AFB01", "kirurgi", "OF4", 6, 5L, 0));
    rows.add(indicatorRow("2025Q2", "1084", "AFB01", "kirurgi", "OF4", 11, 8L, 0));
    rows.add(indicatorRow("2025Q2", "1085", "AFB01", "kirurgi", "OF4", 8, 6L, 0));
    // G2 AFB01 medicin: regions n 5, 12, -, 12, 12 (sum 41).
    rows.add(indicatorRow("2025Q2", "national", "AFB01", "medicin", "OF4", 41, 31L, 0));
    rows.add(indicatorRow("2025Q2", "1081", "AFB01", "medicin", "OF4", 5, 3L, 0));
    rows.add(indicatorRow("2025Q2", "1082", "AFB01", "medicin", "OF4", 12, 6L, 0));
    rows.add(indicatorRow("2025Q2", "1084", "AFB01", "medicin", "OF4", 12, 10L, 0));
    rows.add(indicatorRow("2025Q2", "1085", "AFB01", "medicin", "OF4", 12, 12L, 0));
    // G3 AFB02 kirurgi: national 4 = region 1081 4.
    rows.add(indicatorRow("2025Q2", "national", "AFB02", "kirurgi", "OF4", 4, 4L, 0));
    rows.add(indicatorRow("2025Q2", "1081", "AFB02", "kirurgi", "OF4", 4, 4L, 0));
    // G4 AFB03 alle: 1081 n 8 with a share, 1082 n 12 all without standard (share null).
    rows.add(indicatorRow("2025Q2", "national", "AFB03", "alle", "OF4", 20, 4L, 12));
    rows.add(indicatorRow("2025Q2", "1081", "AFB03", "alle", "OF4", 8, 4L, 0));
    rows.add(indicatorRow("2025Q2", "1082", "AFB03", "alle", "OF4", 12, 0L, 12));
    published = new HashMap<>();
    for (Row r : DisclosureControl.publishIndicators(Fixtures.table(Fixtures.INDICATORS_DDL, rows))
        .collectAsList()) {
      published.put(r.getAs("region") + "|" + r.getAs("pathway") + "|" + r.getAs("modality"), r);
    }
  }

  private static void assertFlags(String key, String n, String share) {
    Row r = published.get(key);
    assertEquals(n, r.getAs("suppressed_n"), key + " suppressed_n");
    assertEquals(share, r.getAs("suppressed_share"), key + " suppressed_share");
    if (n != null) {
      assertNull(r.getAs("n"), key + " n hidden");
    }
    if (share != null) {
      assertNull(r.getAs("share_within"), key + " share hidden");
    }
  }

  @Test
  void publishedColumnsLeaveOutNWithin() {
    Row r = published.get("national|AFB01|kirurgi");
    assertEquals(List.of("quarter", "region", "pathway", "modality", "indicator", "n", "share_within", "q1", "median",
        "q3", "suppressed_n", "suppressed_share", "uses_unverified_standard", "cell_id"),
        Arrays.asList(r.schema().fieldNames()));
    assertEquals(40L, (long) r.getAs("n"));
    assertEquals(0.75, (double) r.getAs("share_within"), 1e-12);
    assertEquals(2.0, (double) r.getAs("median"), 0.0);
  }

  @Test
  void smallCountIsPrimaryAndSmallestShownRegionIsSecondary() {
    assertFlags("1081|AFB01|kirurgi", "primary", "primary");
    assertFlags("1083|AFB01|kirurgi", "secondary", "primary"); // n 6 < 8 < 11 < 12
    assertFlags("1085|AFB01|kirurgi", null, "primary");         // n 8 shown, share (n ≤ 10) not
    assertFlags("1082|AFB01|kirurgi", null, null);
    assertFlags("1084|AFB01|kirurgi", null, null);
    assertFlags("national|AFB01|kirurgi", null, null);
    assertEquals(8L, (long) published.get("1085|AFB01|kirurgi").getAs("n"));
    assertNull(published.get("1085|AFB01|kirurgi").getAs("q1"), "quartiles hidden with n ≤ 10");
    assertEquals(1.0, (double) published.get("1084|AFB01|kirurgi").getAs("q1"), 0.0, "n 11: quartiles shown");
  }

  @Test
  void shareSecondaryTieGoesToLowestRegionAndKeepsItsQuartiles() {
    assertFlags("1081|AFB01|medicin", null, "primary");   // n 5: count shown, share not
    assertFlags("1082|AFB01|medicin", null, "secondary"); // 12 = 12 = 12: lowest code
    assertFlags("1084|AFB01|medicin", null, null);
    assertFlags("1085|AFB01|medicin", null, null);
    assertEquals(5L, (long) published.get("1081|AFB01|medicin").getAs("n"));
    assertEquals(3.0, (double) published.get("1082|AFB01|medicin").getAs("q3"), 0.0);
  }

  @Test
  void suppressedNationalNeedsNoSecondary() {
    assertFlags("national|AFB02|kirurgi", "primary", "primary");
    assertFlags("1081|AFB02|kirurgi", "primary", "primary");
  }

  @Test
  void withoutACandidateTheNationalShareIsSuppressed() {
    // 1082's share is undefined (no standard), so 1081's n_within would equal the national one: hide national.
    assertFlags("1081|AFB03|alle", null, "primary");
    assertFlags("1082|AFB03|alle", null, null);
    assertFlags("national|AFB03|alle", null, "secondary");
    assertEquals(20L, (long) published.get("national|AFB03|alle").getAs("n"));
  }

  @Test
  void activityColumnsAreProtectedSeparatelyAndZerosShown() {
    List<Object[]> rows = new ArrayList<>();
    // started, investigation_started, disproven, treated, closed_without_treatment, open_at_cutoff
    rows.add(new Object[] {"2025Q2", "national", "AFB01", 40L, 30L, 0L, 18L, 3L, 19L});
    rows.add(new Object[] {"2025Q2", "1081", "AFB01", 10L, 8L, 0L, 2L, 0L, 8L});
    rows.add(new Object[] {"2025Q2", "1082", "AFB01", 5L, 5L, 0L, 0L, 0L, 5L});
    rows.add(new Object[] {"2025Q2", "1083", "AFB01", 10L, 7L, 0L, 7L, 3L, 0L});
    rows.add(new Object[] {"2025Q2", "1084", "AFB01", 15L, 10L, 0L, 9L, 0L, 6L});
    Map<String, Row> got = new HashMap<>();
    for (Row r : DisclosureControl.publishActivity(Fixtures.table(Fixtures.ACTIVITY_DDL, rows)).collectAsList()) {
      got.put(r.getAs("region"), r);
    }
    // treated: 1081 = 2 primary; 1082 = 0 is no candidate; 1083 = 7 secondary.
    assertEquals("primary", got.get("1081").getAs("suppressed_treated"));
    assertNull(got.get("1082").getAs("suppressed_treated"));
    assertEquals(0L, (long) got.get("1082").getAs("treated"));
    assertEquals("secondary", got.get("1083").getAs("suppressed_treated"));
    assertNull(got.get("1083").getAs("treated"));
    assertNull(got.get("1084").getAs("suppressed_treated"));
    // closed without treatment: national 3 and 1083 3 primary; no secondary where national is hidden.
    assertEquals("primary", got.get("national").getAs("suppressed_closed_without_treatment"));
    assertEquals("primary", got.get("1083").getAs("suppressed_closed_without_treatment"));
    assertNull(got.get("1081").getAs("suppressed_closed_without_treatment"));
    // disproven all zero: all shown; started all ≥ 5: all shown.
    for (Row r : got.values()) {
      assertEquals(0L, (long) r.getAs("disproven"));
      assertNull(r.getAs("suppressed_disproven"));
      assertNull(r.getAs("suppressed_started"));
      assertFalse(Arrays.asList(r.schema().fieldNames()).contains("n"));
    }
  }

  @Test
  void mwtSecondaryWithinRuleCategoryAndNullReason() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"2025Q2", "national", "UDR", "regler_ikke_overholdt", null, 13L, 0L});
    rows.add(new Object[] {"2025Q2", "1081", "UDR", "regler_ikke_overholdt", null, 3L, 0L});
    rows.add(new Object[] {"2025Q2", "1082", "UDR", "regler_ikke_overholdt", null, 10L, 0L});
    rows.add(new Object[] {"2025Q2", "national", "UDR", "inden_for", null, 50L, 0L});
    rows.add(new Object[] {"2025Q2", "1082", "UDR", "inden_for", null, 50L, 0L});
    rows.add(new Object[] {"2025Q2", "national", "BEH", "overskredet_regler_overholdt", "patientens_oenske", 2L,
        0L});
    rows.add(new Object[] {"2025Q2", "1083", "BEH", "overskredet_regler_overholdt", "patientens_oenske", 2L, 0L});
    Map<String, Row> got = new HashMap<>();
    for (Row r : DisclosureControl.publishMwt(Fixtures.table(Fixtures.MWT_DDL, rows)).collectAsList()) {
      got.put(r.getAs("region") + "|" + r.getAs("rule") + "|" + r.getAs("category"), r);
    }
    assertEquals("primary", got.get("1081|UDR|regler_ikke_overholdt").getAs("suppressed_n"));
    assertEquals("secondary", got.get("1082|UDR|regler_ikke_overholdt").getAs("suppressed_n"));
    assertNull(got.get("1082|UDR|regler_ikke_overholdt").getAs("n"));
    assertNull(got.get("national|UDR|regler_ikke_overholdt").getAs("suppressed_n"));
    assertNull(got.get("1082|UDR|inden_for").getAs("suppressed_n"), "another category is another group");
    assertEquals("primary", got.get("national|BEH|overskredet_regler_overholdt").getAs("suppressed_n"));
    assertEquals("primary", got.get("1083|BEH|overskredet_regler_overholdt").getAs("suppressed_n"));
  }

  @Test
  void mwtStillWaitingIsShownOnlyWithItsNAndNeverAsACountOfOneToFour() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"2025Q2", "national", "UDR", "regler_ikke_overholdt", null, 40L, 3L});
    rows.add(new Object[] {"2025Q2", "1081", "UDR", "regler_ikke_overholdt", null, 30L, 3L});
    rows.add(new Object[] {"2025Q2", "1082", "UDR", "regler_ikke_overholdt", null, 10L, 0L});
    rows.add(new Object[] {"2025Q2", "national", "UDR", "igangvaerende", null, 9L, 9L});
    rows.add(new Object[] {"2025Q2", "1083", "UDR", "igangvaerende", null, 6L, 6L});
    rows.add(new Object[] {"2025Q2", "1084", "UDR", "igangvaerende", null, 3L, 3L});
    Map<String, Row> got = new HashMap<>();
    for (Row r : DisclosureControl.publishMwt(Fixtures.table(Fixtures.MWT_DDL, rows)).collectAsList()) {
      got.put(r.getAs("region") + "|" + r.getAs("category"), r);
    }
    assertNull(got.get("national|regler_ikke_overholdt").getAs("n_still_waiting"), "3 is a count of 1-4");
    assertEquals(40L, (long) got.get("national|regler_ikke_overholdt").getAs("n"));
    assertEquals(0L, (long) got.get("1082|regler_ikke_overholdt").getAs("n_still_waiting"), "zero is shown");
    assertNull(got.get("1084|igangvaerende").getAs("n_still_waiting"), "hidden with its n");
    assertNull(got.get("1083|igangvaerende").getAs("n_still_waiting"), "hidden with its n (secondary)");
    assertEquals("secondary", got.get("1083|igangvaerende").getAs("suppressed_n"));
    assertFalse(Arrays.asList(got.get("1083|igangvaerende").schema().fieldNames()).contains("still_waiting"));
  }
}
