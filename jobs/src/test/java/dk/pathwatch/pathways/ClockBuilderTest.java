package dk.pathwatch.pathways;

import static dk.pathwatch.pathways.MarkerFixtures.b;
import static dk.pathwatch.pathways.MarkerFixtures.i;
import static dk.pathwatch.pathways.MarkerFixtures.s;

import static dk.pathwatch.pathways.MarkerFixtures.used;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.PlanNodes;
import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.ReferenceTable;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One fixture, one episode per scenario, built once: each test asserts the clocks of its episode. Keyed
 * "episode/rule/start date".
 */
class ClockBuilderTest {
  private static final LocalDate CUTOFF = LocalDate.of(2024, 12, 31);
  private static Dataset<Row> used;
  private static Dataset<Row> clocks;
  private static final Map<String, Row> BY_KEY = new HashMap<>();

  @BeforeAll
  static void build() {
    used = used(
        // UDR within, residence region
        "E1 AFV01A1A 2024-03-01 08:00", "E1 AFV01B 2024-03-10 -",
        // one AFV01F stops BEH and HEN
        "C01 AFV01C8 2024-04-01 -", "C01 AFV01E1A 2024-04-03 -", "C01 AFV01F 2024-04-20 -",
        // second start of a running UDR ignored; a later start after the stop is a new (running) clock
        "C02 AFV01A1A 2024-05-01 -", "C02 AFV01A1A 2024-05-05 -", "C02 AFV01B 2024-05-10 -",
        "C02 AFV01A1A 2024-06-01 -",
        // X2 ends every open clock
        "C03 AFV01C8 2024-02-01 -", "C03 AFV01A1A 2024-02-01 -", "C03 AFV01X2 2024-02-10 -",
        // overlapping pauses of two types, most days patient's wish
        "C04 AFV01C8 2024-01-01 -", "C04 AFV02K1 2024-01-03 -", "C04 AFV02L1 2024-01-05 -",
        "C04 AFV02K2 2024-01-10 -", "C04 AFV02L2 2024-01-20 -", "C04 AFV01F 2024-01-31 -",
        // unclosed pause lasts to the stop
        "C05 AFV01E1A 2024-03-01 -", "C05 AFV02M1 2024-03-10 -", "C05 AFV01F 2024-04-15 -",
        // EFT starts at the later of consent and referral, either order
        "C06 AFV01C9 2024-05-01 -", "C06 AFV01E3 2024-05-04 -", "C06 AFV01F1 2024-05-20 -",
        "C07 AFV01E3 2024-05-01 -", "C07 AFV01C9 2024-05-03 -", "C07 AFV01F1 2024-05-10 -",
        // still waiting at the cut-off: over, under, and under thanks to an unclosed pause
        "C08 AFV01A1A 2024-12-01 -",
        "C09 AFV01A1A 2024-12-20 -",
        "C10 AFV01A1A 2024-12-01 -", "C10 AFV02K1 2024-12-05 -",
        // own-COVID pause brings net to exactly the limit
        "C11 AFV01C8 2024-06-01 -", "C11 AFV02K1C 2024-06-02 -", "C11 AFV02K2C 2024-06-07 -",
        "C11 AFV01F 2024-06-20 -",
        // stop without a running clock, X without one, same-day start and stop
        "C12 AFV01B 2024-07-01 -", "C12 AFV01X1 2024-07-02 -", "C13 AFV01A1A 2024-07-01 10:00",
        "C13 AFV01B 2024-07-01 10:00");
    clocks = ClockBuilder.build(used, limits(), CUTOFF).cache();
    for (Row r : clocks.collectAsList()) {
      BY_KEY.put(r.getAs("dw_ek_forloeb") + "/" + r.getAs("rule") + "/" + r.getAs("date_start"), r);
    }
  }

  private static Dataset<Row> limits() {
    return ClockBuilder.readLimits(MarkerFixtures.spark(),
        ProjectFiles.bundled("validation-rules").resolve("reference"));
  }

  private static Row clock(String key) {
    Row r = BY_KEY.get(key);
    if (r == null) {
      throw new AssertionError("no clock " + key + " among " + BY_KEY.keySet());
    }
    return r;
  }

  /** raw, pause, net, category, reason. */
  private static void assertDays(Row r, Integer raw, int pause, Integer net, String category, String reason) {
    assertEquals(raw, i(r, "raw_days"), "raw_days");
    assertEquals(pause, i(r, "pause_days"), "pause_days");
    assertEquals(net, i(r, "net_days"), "net_days");
    assertEquals(category, s(r, "category"), "category");
    assertEquals(reason, s(r, "reason"), "reason");
  }

  /**
   * The region look-up joins the regions (one row per code, PathwayBuilder.REGIONS) as they are: no distinct, which
   * was an exchange and a Spark job of its own in the pathways step (issue #16), and the same clocks.
   */
  @Test
  void looksUpTheClocksRegionWithoutAnExchange() {
    Dataset<Row> walked = WalkOutput.select(PathwayBuilder.walkAll(used, CUTOFF), WalkOutput.Kind.CLOCK);
    Dataset<Row> local = used.sparkSession().createDataFrame(walked.collectAsList(), walked.schema());
    Dataset<Row> regions = PathwayBuilder.REGIONS.read(ProjectFiles.bundled("validation-rules").resolve("reference"))
        .toDataFrame(used.sparkSession());
    Dataset<Row> table = ClockBuilder.fromWalk(local, limits(), regions, CUTOFF);
    assertEquals(sorted(clocks), sorted(table));
    PlanNodes plan = PlanNodes.of(table);
    assertEquals(List.of(), plan.named("Exchange"), plan.toString());
    assertEquals(List.of(), plan.named("HashAggregate"), plan.toString());
  }

  private static List<String> sorted(Dataset<Row> table) {
    return table.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void investigationClockWithinTheLimit() {
    Row r = clock("E1/UDR/2024-03-01");
    assertDays(r, 9, 0, 9, "inden_for", null);
    assertEquals(List.of("P1", "2024-03-10", "AFV01B", "14", "true", "1082", "2024Q1"), List.of(s(r, "cpr_encrypted"),
        s(r, "date_stop"), s(r, "end_code"), s(r, "max_days"), s(r, "limit_verified"), s(r, "region"),
        s(r, "quarter")));
    assertEquals(List.of("AFV01A1A", "2024-03-01", "08:00"), List.of(s(r, "markoer"), s(r, "dato_markoer"),
        s(r, "tidspunkt_markoer")));
    assertFalse(b(r, "still_waiting") || b(r, "limit_missing") || b(r, "unclosed_pause")
        || b(r, "overlapping_pauses"));
    assertEquals(0, i(r, "ignored_starts"));
    assertEquals(32, s(r, "clock_id").length());
  }

  @Test
  void oneTreatmentStartStopsBehAndHen() {
    Row beh = clock("C01/BEH/2024-04-01");
    Row hen = clock("C01/HEN/2024-04-03");
    assertDays(beh, 19, 0, 19, "regler_ikke_overholdt", null);
    assertDays(hen, 17, 0, 17, "inden_for", null);
    assertEquals("28", s(hen, "max_days"));
    assertEquals("2024-04-20", s(beh, "date_stop"));
    assertEquals("2024-04-20", s(hen, "date_stop"));
    assertEquals("1083", s(beh, "region"), "no residence region: responsible region");
  }

  @Test
  void secondStartOfARunningClockIsIgnoredAndCounted() {
    Row first = clock("C02/UDR/2024-05-01");
    assertEquals(1, i(first, "ignored_starts"));
    assertDays(first, 9, 0, 9, "inden_for", null);
    Row later = clock("C02/UDR/2024-06-01");
    assertEquals(0, i(later, "ignored_starts"));
    assertEquals("regler_ikke_overholdt", s(later, "category"));
    assertEquals(2L, clocks.filter("dw_ek_forloeb = 'C02'").count());
  }

  @Test
  void anEndMarkerClosesEveryOpenClockAsAfsluttet() {
    for (String rule : List.of("BEH", "UDR")) {
      Row r = clock("C03/" + rule + "/2024-02-01");
      assertEquals("afsluttet", s(r, "category"));
      assertEquals("AFV01X2", s(r, "end_code"));
      assertEquals("2024-02-10", s(r, "date_end"));
      assertNull(r.getAs("date_stop"), "SPEC §5: an ended clock never reads as an overrun");
      assertNull(r.getAs("raw_days"));
      assertNull(r.getAs("net_days"));
      assertEquals("2024Q1", s(r, "quarter"));
      assertFalse(b(r, "still_waiting"));
      assertNull(r.getAs("reason"));
    }
  }

  @Test
  void overlappingPausesCountOnceAndTheLongestTypeIsTheReason() {
    Row r = clock("C04/BEH/2024-01-01");
    assertDays(r, 30, 17, 13, "overskredet_regler_overholdt", "patientens_oenske");
    assertTrue(b(r, "overlapping_pauses"));
    assertFalse(b(r, "unclosed_pause"));
  }

  @Test
  void anUnclosedPauseLastsToTheStop() {
    Row r = clock("C05/HEN/2024-03-01");
    assertDays(r, 45, 36, 9, "overskredet_regler_overholdt", "covid_kapacitet");
    assertTrue(b(r, "unclosed_pause"));
  }

  @Test
  void postTreatmentClockStartsAtTheLaterOfConsentAndReferral() {
    Row consentFirst = clock("C06/EFT/2024-05-04");
    assertEquals("AFV01E3", s(consentFirst, "markoer"));
    assertDays(consentFirst, 16, 0, 16, "regler_ikke_overholdt", null);
    assertEquals("AFV01F1", s(consentFirst, "end_code"));
    Row referralFirst = clock("C07/EFT/2024-05-03");
    assertEquals("AFV01C9", s(referralFirst, "markoer"));
    assertDays(referralFirst, 7, 0, 7, "inden_for", null);
  }

  @Test
  void clocksRunningAtTheCutoffOverAndUnderTheLimit() {
    Row over = clock("C08/UDR/2024-12-01");
    assertTrue(b(over, "still_waiting"));
    assertEquals("regler_ikke_overholdt", s(over, "category"));
    assertEquals(30, i(over, "waiting_days"));
    assertNull(over.getAs("date_stop"));
    assertNull(over.getAs("raw_days"));
    assertNull(over.getAs("net_days"));
    assertEquals("2024Q4", s(over, "quarter"));

    Row under = clock("C09/UDR/2024-12-20");
    assertTrue(b(under, "still_waiting"));
    assertEquals("igangvaerende", s(under, "category"));
    assertEquals(11, i(under, "waiting_days"));

    Row paused = clock("C10/UDR/2024-12-01");
    assertEquals("igangvaerende", s(paused, "category"));
    assertEquals(26, i(paused, "pause_days"));
    assertEquals(4, i(paused, "waiting_days"));
    assertTrue(b(paused, "unclosed_pause"));
  }

  @Test
  void netExactlyAtTheLimitIsCompliantWithItsReason() {
    assertDays(clock("C11/BEH/2024-06-01"), 19, 5, 14, "overskredet_regler_overholdt", "klinisk_covid");
  }

  @Test
  void strayStopsMakeNoClockButARowOfTheirOwnAndSameTimeStartStopIsZeroDays() {
    assertEquals(0L, clocks.filter("dw_ek_forloeb = 'C12' and not stray_stop").count());
    Row stray = clocks.filter("dw_ek_forloeb = 'C12'").first();
    assertTrue(b(stray, "stray_stop"));
    assertEquals(List.of("AFV01B", "2024-07-01", "AFV01B"), List.of(s(stray, "markoer"), s(stray, "dato_markoer"),
        s(stray, "end_code")));
    assertNull(stray.getAs("rule"));
    assertNull(stray.getAs("category"));
    assertFalse(b(stray, "limit_missing") || b(stray, "still_waiting") || b(stray, "region_bopael_invalid"));
    assertEquals("1083", s(stray, "region"));
    assertDays(clock("C13/UDR/2024-07-01"), 0, 0, 0, "inden_for", null);
    assertEquals(16, clocks.filter("not stray_stop").count());
  }

  @Test
  void aClockWithoutAValidLimitIsFlaggedAndUncategorised() {
    Dataset<Row> later = MarkerFixtures.spark().sql("select 'UDR' rule, '21' max_days, '2024-06-01' valid_from, "
        + "cast(null as string) valid_to, 'false' verified, 'test' source");
    Map<String, Row> byStart = ClockBuilder.build(used.filter("dw_ek_forloeb in ('E1', 'C08')"), later, CUTOFF)
        .collectAsList().stream().collect(Collectors.toMap(r -> s(r, "date_start"), r -> r));
    Row missing = byStart.get("2024-03-01");
    assertTrue(b(missing, "limit_missing"));
    assertFalse(b(missing, "limit_verified"));
    assertNull(missing.getAs("max_days"));
    assertNull(missing.getAs("category"));
    Row found = byStart.get("2024-12-01");
    assertFalse(b(found, "limit_missing"));
    assertEquals(21, i(found, "max_days"));
    assertFalse(b(found, "limit_verified"));
    assertEquals("regler_ikke_overholdt", s(found, "category"));
  }

  /** The run's preflight refuses such a table (ClockBuilder's layout), so a clock never finds two limits. */
  @Test
  void overlappingLimitPeriodsAreRefusedByTheLayout() {
    ReferenceTable overlapping = new ReferenceTable("mwt_limits", ClockBuilder.MWT_LIMITS.header(), List.of(
        new String[] {"UDR", "14", "", "2024-12-31", "true", "a"},
        new String[] {"UDR", "21", "2024-06-01", "", "true", "b"}));
    assertEquals(List.of("mwt_limits.tsv:3: rule UDR: validity overlaps line 2 (two versions valid on one day)"),
        ClockBuilder.MWT_LIMITS.check(overlapping, "mwt_limits.tsv"));
    assertEquals(List.of(), ClockBuilder.MWT_LIMITS.check(ProjectFiles.bundled("validation-rules")
        .resolve("reference")), "the shipped table passes");
  }

  @Test
  void clockIdsAreStableAndColumnsFixed() {
    List<String> again = ClockBuilder.build(used, limits(), CUTOFF).select("clock_id").orderBy("clock_id")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
    List<String> first = clocks.select("clock_id").orderBy("clock_id").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    assertEquals(first, again);
    assertEquals(17, first.stream().distinct().count(), "16 clocks and a stray stop");
    assertEquals(ClockBuilder.COLUMNS, Arrays.asList(clocks.columns()));
    assertEquals("clock_id:string,dw_ek_forloeb:string,cpr_encrypted:string,rule:string,date_start:date,"
        + "date_stop:date,date_end:date,end_code:string,raw_days:int,pause_days:int,net_days:int,waiting_days:int,"
        + "max_days:int,limit_verified:boolean,category:string,reason:string,still_waiting:boolean,region:string,"
        + "region_ans:string,region_bopael_invalid:boolean,quarter:string,ignored_starts:int,single_start:boolean,"
        + "unclosed_pause:boolean,overlapping_pauses:boolean,limit_missing:boolean,stray_stop:boolean,"
        + "markoer:string,dato_markoer:date,tidspunkt_markoer:string",
        Arrays.stream(clocks.schema().fields()).map(f -> f.name() + ":" + f.dataType().simpleString())
            .collect(Collectors.joining(",")));
  }
}
