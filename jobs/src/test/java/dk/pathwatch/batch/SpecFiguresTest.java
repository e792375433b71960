package dk.pathwatch.batch;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Pathwatch;
import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of SPEC §3.3, §4 and §5 on one handcrafted snapshot, run once through the whole job in-process: each
 * edge case is its own person with its own episodes, and each test reads only the output tables (pathways, clocks,
 * activity, indicators, mwt, validation_errors), never how the walk computes them, so the tests hold for any
 * implementation of the pathway and clock walk. Extraction date 2025-07-31, cut-off 2025-06-30.
 *
 * <p>The cases, by person (episodes E…, regions in brackets):
 * <ul>
 *   <li>P01 (1081) codes compared exactly: {@code afb01b} and {@code AFB01C1 } fill nothing; P02 (1081) {@code afb02a}
 *       opens nothing.</li>
 *   <li>P03 (1082) a B whose earlier-registered copy is on an episode with a bad region (1099); P04 (1083) a B
 *       registered without a date whose copy was registered after the cut-off; P05 (1083) the same for a UDR stop.</li>
 *   <li>P06 (1084) two episodes whose UDR clocks start at the same code, date and (missing) time; E06A also holds an
 *       exact copy of its own start.</li>
 *   <li>P07–P13 (1085, 2025Q1) activity of every family: AFA01/AFB05/AFD01 ended by X1, AFB06 restarted, AFB07 X1
 *       after F (VR18), AFB08 treated, AFB09 ended by X2.</li>
 *   <li>P14, P15 (1081) EFT clocks with only AFV01E3 or only AFV01C9; P16, P17 (1082) stop markers without a clock
 *       to stop; P18 (1083) a HEN clock ended by AFV01X2; P19, P20 (1085) a stopped and a still running UDR overrun
 *       in one quarter; P21 (1083) an AFD01 pathway before the MF start; P22 (1084) a BEH clock in 2025Q1.</li>
 *   <li>P23 (1082, residence blank), P24 (1083, residence 9999), P25 (1084, no residence): clock regions; P26 (1084)
 *       an AFA01 pathway before the DF3 standard time exists (2012).</li>
 * </ul>
 */
class SpecFiguresTest {
  static final String EXTRACTION = "2025-07-31";
  static final String CUTOFF = "2025-06-30";
  static final Set<String> REGIONS = Set.of("1081", "1082", "1083", "1084", "1085", "national");

  @TempDir static Path tmp;
  static List<Row> pathways;
  static List<Row> clocks;
  static List<Row> errors;
  static Map<String, Row> activity = new HashMap<>();
  static Map<String, Row> indicators = new HashMap<>();
  static Map<String, List<Row>> mwt = new HashMap<>();
  static List<Row> mwtRows;
  static List<Row> indicatorRows;

  /** (episode, person, region_ans, region_bopael). */
  static final String[][] EPISODES = {
      {"E01", "P01", "1081", "1081"}, {"E02", "P02", "1081", "1081"},
      {"E03", "P03", "1082", "1082"}, {"E03X", "P03", "1099", "1082"},
      {"E04", "P04", "1083", "1083"}, {"E05", "P05", "1083", "1083"},
      {"E06A", "P06", "1084", "1084"}, {"E06B", "P06", "1084", "1084"},
      {"E07", "P07", "1085", "1085"}, {"E08", "P08", "1085", "1085"}, {"E09", "P09", "1085", "1085"},
      {"E10", "P10", "1085", "1085"}, {"E11", "P11", "1085", "1085"}, {"E12", "P12", "1085", "1085"},
      {"E13", "P13", "1085", "1085"},
      {"E14", "P14", "1081", "1081"}, {"E15", "P15", "1081", "1081"},
      {"E16", "P16", "1082", "1082"}, {"E17", "P17", "1082", "1082"},
      {"E18", "P18", "1083", "1083"},
      {"E19", "P19", "1085", "1085"}, {"E20", "P20", "1085", "1085"},
      {"E21", "P21", "1083", "1083"}, {"E22", "P22", "1084", "1084"},
      {"E23", "P23", "1082", ""}, {"E24", "P24", "1083", "9999"}, {"E25", "P25", "1084", null},
      {"E26", "P26", "1084", "1084"}};

  /** (episode, markoer, date, time or null, registered or null); registered "=" is the marker date. */
  static final String[][] MARKERS = {
      // 1. exact codes
      {"E01", "AFB01A", "2025-04-01", "08:00", "="}, {"E01", "afb01b", "2025-04-05", "09:00", "="},
      {"E01", "AFB01C1 ", "2025-04-10", "09:00", "="}, {"E01", "AFB01F1", "2025-04-20", "10:00", "="},
      {"E02", "afb02a", "2025-04-02", "08:00", "="}, {"E02", "AFB02B", "2025-04-06", "08:00", "="},
      // 2. duplicates ranked among the copies that exist for the run
      {"E03", "AFB03A", "2025-04-01", "10:00", "="}, {"E03", "AFB03B", "2025-04-08", "11:00", "2025-04-10"},
      {"E03X", "AFB03B", "2025-04-08", "11:00", "2025-04-08"}, {"E03", "AFB03C1", "2025-04-15", "10:00", "="},
      {"E03", "AFB03F2", "2025-04-25", "10:00", "="},
      {"E04", "AFB04A", "2025-04-01", "10:00", "="}, {"E04", "AFB04B", "2025-04-09", "09:00", null},
      {"E04", "AFB04B", "2025-04-09", "09:00", "2025-07-05"},
      {"E05", "AFV01A1A", "2025-04-01", "10:00", "="}, {"E05", "AFV01B", "2025-04-10", "10:00", null},
      {"E05", "AFV01B", "2025-04-10", "10:00", "2025-07-02"},
      // 3. clocks per episode
      {"E06A", "AFV01A1A", "2025-05-01", null, "2025-05-01"}, {"E06A", "AFV01B", "2025-05-05", null, "="},
      {"E06A", "AFV01A1A", "2025-05-01", null, "2025-05-03"},
      {"E06B", "AFV01A1A", "2025-05-01", null, "2025-05-02"}, {"E06B", "AFV01B", "2025-05-20", null, "="},
      // 4. activity of every family (2025Q1, region 1085)
      {"E07", "AFA01A", "2025-01-10", "08:00", "="}, {"E07", "AFA01B", "2025-01-15", "08:00", "="},
      {"E07", "AFA01X1", "2025-01-30", "08:00", "="},
      {"E08", "AFB05A", "2025-01-10", "08:00", "="}, {"E08", "AFB05B", "2025-01-15", "08:00", "="},
      {"E08", "AFB05X1", "2025-01-30", "08:00", "="},
      {"E09", "AFD01A", "2025-01-10", "08:00", "="}, {"E09", "AFD01X1", "2025-01-20", "08:00", "="},
      {"E10", "AFB06A", "2025-01-05", "08:00", "="}, {"E10", "AFB06B", "2025-01-08", "08:00", "="},
      {"E10", "AFB06A", "2025-01-20", "08:00", "="}, {"E10", "AFB06B", "2025-01-22", "08:00", "="},
      {"E11", "AFB07A", "2025-01-05", "08:00", "="}, {"E11", "AFB07B", "2025-01-08", "08:00", "="},
      {"E11", "AFB07C1", "2025-01-12", "08:00", "="}, {"E11", "AFB07F1", "2025-01-20", "08:00", "="},
      {"E11", "AFB07X1", "2025-01-30", "08:00", "="},
      {"E12", "AFB08A", "2025-01-05", "08:00", "="}, {"E12", "AFB08B", "2025-01-08", "08:00", "="},
      {"E12", "AFB08C1", "2025-01-12", "08:00", "="}, {"E12", "AFB08F2", "2025-01-20", "08:00", "="},
      {"E13", "AFB09A", "2025-01-05", "08:00", "="}, {"E13", "AFB09X2", "2025-01-15", "08:00", "="},
      // 5. EFT with one start only
      {"E14", "AFV01E3", "2025-05-02", "08:00", "="}, {"E14", "AFV01F1", "2025-05-10", "08:00", "="},
      {"E15", "AFV01C9", "2025-06-20", "08:00", "="},
      // 6. stops without a clock to stop
      {"E16", "AFV01B", "2025-05-03", "08:00", "="}, {"E16", "AFV01F", "2025-05-04", "08:00", "="},
      {"E16", "AFV01F1", "2025-05-05", "08:00", "="},
      {"E17", "AFV01C8", "2025-04-01", "08:00", "="}, {"E17", "AFV01F", "2025-04-10", "08:00", "="},
      {"E17", "AFV01F", "2025-04-12", "08:00", "="},
      // 7. a clock ended by X
      {"E18", "AFV01E1A", "2025-04-01", "08:00", "="}, {"E18", "AFV01X2", "2025-05-09", "08:00", "="},
      // 8. one mwt row per key
      {"E19", "AFV01A1A", "2025-04-01", "08:00", "="}, {"E19", "AFV01B", "2025-04-30", "08:00", "="},
      {"E20", "AFV01A1A", "2025-05-15", "08:00", "="},
      // 9. zero cells: a quarter before the MF start, a clock quarter without running clocks
      {"E21", "AFD01A", "2022-05-02", "08:00", "="}, {"E21", "AFD01B", "2022-05-10", "08:00", "="},
      {"E22", "AFV01C8", "2025-02-01", "08:00", "="}, {"E22", "AFV01F", "2025-02-10", "08:00", "="},
      // 10. clock regions; a DF3 value without a standard time
      {"E23", "AFV01A1A", "2025-04-02", "08:00", "="}, {"E23", "AFV01B", "2025-04-08", "08:00", "="},
      {"E24", "AFV01A1A", "2025-04-02", "08:00", "="}, {"E24", "AFV01B", "2025-04-09", "08:00", "="},
      {"E25", "AFV01A1A", "2025-04-03", "08:00", "="}, {"E25", "AFV01B", "2025-04-09", "08:00", "="},
      {"E26", "AFA01A", "2012-09-03", "08:00", "="}, {"E26", "AFA01B", "2012-09-06", "08:00", "="},
      {"E26", "AFA01X1", "2012-09-20", "08:00", "="}};

  @BeforeAll
  static void runTheJobOnce() {
    SparkSession spark = SharedSpark.get();
    Path snapshot = tmp.resolve("snapshots").resolve(EXTRACTION);
    write(spark, snapshot);
    Path out = tmp.resolve("out");
    assertEquals(ExitCodes.OK, Pathwatch.execute("run", "--snapshot", snapshot.toString(), "--output",
        out.toString(), "--cutoff", CUTOFF));
    Path tables = Published.require(out, snapshot, CUTOFF).resolve("tables");
    pathways = spark.read().parquet(tables.resolve("pathways").toString()).collectAsList();
    clocks = spark.read().parquet(tables.resolve("clocks").toString()).collectAsList();
    errors = spark.read().parquet(tables.resolve("validation_errors").toString()).collectAsList();
    for (Row r : spark.read().parquet(tables.resolve("activity").toString()).collectAsList()) {
      activity.put(r.getAs("cell_id"), r);
    }
    indicatorRows = spark.read().parquet(tables.resolve("indicators").toString()).collectAsList();
    for (Row r : indicatorRows) {
      indicators.put(r.getAs("cell_id"), r);
    }
    mwtRows = spark.read().parquet(tables.resolve("mwt").toString()).collectAsList();
    for (Row r : mwtRows) {
      mwt.computeIfAbsent(String.join("|", r.<String>getAs("quarter"), r.getAs("region"), r.getAs("rule"),
          r.getAs("category"), r.getAs("reason") == null ? "" : r.getAs("reason")), k -> new ArrayList<>()).add(r);
    }
  }

  private static void write(SparkSession spark, Path snapshot) {
    String episodes = java.util.Arrays.stream(EPISODES).map(e -> "(" + q(e[0]) + ", " + q(e[1]) + ", " + q(e[2])
        + ", " + q(e[3]) + ", 'S1', 'ALAL01', date'2012-01-01', cast(null as date), cast(null as string))")
        .collect(Collectors.joining(", "));
    spark.sql("select * from values " + episodes + " as t(dw_ek_forloeb, cpr_encrypted, region_ans, region_bopael, "
        + "sorenhed_ans, forloeblabel, dato_start, dato_slut, afslutningsmaade)")
        .write().mode(SaveMode.Overwrite).parquet(snapshot.resolve("forloeb").toString());
    String markers = java.util.Arrays.stream(MARKERS).map(m -> "(" + q(m[0]) + ", " + q(m[1]) + ", date'" + m[2]
        + "', " + q(m[3]) + ", " + (m[4] == null ? "cast(null as date)" : "date'" + ("=".equals(m[4]) ? m[2] : m[4])
        + "'") + ", 'LPR3')").collect(Collectors.joining(", "));
    spark.sql("select * from values " + markers + " as t(dw_ek_forloeb, markoer, dato_markoer, tidspunkt_markoer, "
        + "dato_indberetning, lprindberetningssystem)")
        .write().mode(SaveMode.Overwrite).parquet(snapshot.resolve("forloebsmarkoerer").toString());
  }

  private static String q(String s) {
    return s == null ? "cast(null as string)" : "'" + s + "'";
  }

  // ---- lookups -------------------------------------------------------------------------------------------

  private static List<Row> pathwaysOf(String person) {
    return pathways.stream().filter(r -> person.equals(r.getAs("cpr_encrypted"))).toList();
  }

  private static Row pathwayOf(String person, String family) {
    List<Row> rows = pathwaysOf(person).stream().filter(r -> family.equals(r.getAs("family"))).toList();
    assertEquals(1, rows.size(), person + " " + family + ": " + rows);
    return rows.get(0);
  }

  private static List<Row> clocksOf(String episode) {
    return clocks.stream().filter(r -> episode.equals(r.getAs("dw_ek_forloeb"))).toList();
  }

  private static Row clockOf(String episode) {
    List<Row> rows = clocksOf(episode);
    assertEquals(1, rows.size(), episode + ": " + rows);
    return rows.get(0);
  }

  /** validation_errors rows of a rule on an episode's markers. */
  private static List<Row> errors(String rule, String episode) {
    return errors.stream().filter(r -> rule.equals(r.getAs("rule_id")) && episode.equals(r.getAs("dw_ek_forloeb")))
        .toList();
  }

  private static List<String> markers(List<Row> rows) {
    return rows.stream().map(r -> r.<String>getAs("markoer") + "@" + r.getAs("dato_markoer")).sorted().toList();
  }

  private static String str(Row r, String column) {
    Object v = r.getAs(column);
    return v == null ? null : v.toString();
  }

  private static Row activity(String cell) {
    Row r = activity.get(cell);
    assertNotNull(r, "activity cell " + cell);
    return r;
  }

  /** started, investigation_started, disproven, treated, closed_without_treatment, open_at_cutoff. */
  private static List<Long> counts(Row r) {
    List<Long> out = new ArrayList<>();
    for (String c : List.of("started", "investigation_started", "disproven", "treated", "closed_without_treatment",
        "open_at_cutoff")) {
      out.add(r.getAs(c));
    }
    return out;
  }

  private static Row indicator(String cell) {
    Row r = indicators.get(cell);
    assertNotNull(r, "indicator cell " + cell);
    return r;
  }

  private static Row mwtCell(String key) {
    List<Row> rows = mwt.get(key);
    assertNotNull(rows, "mwt cell " + key);
    assertEquals(1, rows.size(), "one mwt row per key " + key + ": " + rows);
    return rows.get(0);
  }

  // ---- 1. codes are compared exactly (SPEC §3.3) --------------------------------------------------------

  @Test
  void aCodeInTheWrongCaseOrWithSpacesIsVr01AndFillsOrOpensNothing() {
    Row p01 = pathwayOf("P01", "AFB01");
    assertNull(p01.getAs("date_b"), "afb01b is not a B");
    assertNull(p01.getAs("date_c1"), "'AFB01C1 ' is not a C1");
    assertEquals("2025-04-20", str(p01, "date_f"));
    assertEquals(List.of("AFB01C1 @2025-04-10", "afb01b@2025-04-05"), markers(errors("VR01", "E01")));
    assertTrue(errors("VR01", "E01").stream().allMatch(r -> "ERROR".equals(r.getAs("severity"))));
    List<Row> named = errors("VR01-CASE", "E01");
    assertEquals(List.of("AFB01C1 @2025-04-10", "afb01b@2025-04-05"), markers(named));
    for (Row r : named) {
      String da = r.getAs("message_da");
      String en = r.getAs("message_en");
      assertTrue(da.contains("store bogstaver") && da.contains("mellemrum"), da);
      assertTrue(en.contains("upper case") && en.contains("spaces"), en);
    }
    assertTrue(pathwaysOf("P02").isEmpty(), "afb02a opens no pathway");
    assertEquals(List.of("AFB02B@2025-04-06"), markers(errors("VR12", "E02")), "its B is an orphan");
  }

  // ---- 2. exact duplicates among the copies that exist for the run (SPEC §3.3) --------------------------

  @Test
  void anExcludedEarlierCopyHidesNoValidMarker() {
    Row p03 = pathwayOf("P03", "AFB03");
    assertEquals("2025-04-08", str(p03, "date_b"));
    assertEquals(7, (int) p03.getAs("days_of1"));
    assertTrue(errors("VR11", "E03").isEmpty(), "the valid copy is the only one that exists");
    assertTrue(errors("VR15", "E03").isEmpty(), "no false treatment without investigation");
    assertEquals(List.of("AFB03B@2025-04-08"), markers(errors("VR09", "E03X")));
    assertTrue(errors("VR11", "E03X").isEmpty(), "an excluded copy is reported for its ERROR only");
  }

  @Test
  void aCopyRegisteredAfterTheCutoffHidesNoValidMarker() {
    assertEquals("2025-04-09", str(pathwayOf("P04", "AFB04"), "date_b"));
    assertTrue(errors("VR11", "E04").isEmpty());
    assertEquals(List.of("AFB04B@2025-04-09"), markers(errors("VR27", "E04")));
    Row udr = clockOf("E05");
    assertEquals("2025-04-10", str(udr, "date_stop"));
    assertEquals(9, (int) udr.getAs("raw_days"));
    assertEquals("inden_for", udr.getAs("category"));
    assertTrue(errors("VR11", "E05").isEmpty());
  }

  // ---- 3. clocks per episode (SPEC §5) ------------------------------------------------------------------

  @Test
  void clockMarkersAreDeduplicatedPerEpisode() {
    Row a = clockOf("E06A");
    assertEquals("2025-05-05", str(a, "date_stop"));
    assertEquals("inden_for", a.getAs("category"));
    assertEquals(0, (int) a.getAs("ignored_starts"), "its own exact copy counts once, not as a second start");
    Row b = clockOf("E06B");
    assertEquals("2025-05-01", str(b, "date_start"));
    assertEquals(19, (int) b.getAs("raw_days"));
    assertEquals("regler_ikke_overholdt", b.getAs("category"));
    assertTrue(errors("VR11", "E06B").isEmpty(), "the same start on another episode is no duplicate");
    assertEquals(List.of("AFV01A1A@2025-05-01"), markers(errors("VR11", "E06A")));
    assertTrue(errors("PW04", "E06B").isEmpty());
  }

  // ---- 4. activity categories (SPEC §4) -----------------------------------------------------------------

  @Test
  void activityCategoriesAreTheSameForEveryFamily() {
    // started, investigation_started, disproven, treated, closed_without_treatment, open_at_cutoff
    assertEquals(List.of(1L, 1L, 1L, 0L, 1L, 0L), counts(activity("2025Q1|1085|AFA01")));
    assertEquals(List.of(1L, 1L, 1L, 0L, 1L, 0L), counts(activity("2025Q1|1085|AFB05")));
    assertEquals(List.of(1L, 0L, 1L, 0L, 1L, 0L), counts(activity("2025Q1|1085|AFD01")));
    assertEquals(List.of(2L, 2L, 0L, 0L, 1L, 1L), counts(activity("2025Q1|1085|AFB06")), "restarted = closed");
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L), counts(activity("2025Q1|1085|AFB07")), "VR18 counts nowhere");
    assertEquals(List.of(1L, 1L, 0L, 1L, 0L, 0L), counts(activity("2025Q1|1085|AFB08")));
    assertEquals(List.of(1L, 0L, 0L, 0L, 1L, 0L), counts(activity("2025Q1|1085|AFB09")), "X2 is not disproven");
    assertEquals(List.of(7L, 5L, 3L, 1L, 5L, 1L), counts(activity("2025Q1|1085|all")));
    for (Row r : activity.values()) {
      List<Long> c = counts(r);
      assertEquals(c.get(0), c.get(3) + c.get(4) + c.get(5), "started = treated + closed + open in " + r);
      assertTrue(c.get(2) <= c.get(4), "disproven is a part of closed without treatment in " + r);
    }
    assertEquals("disproven", pathwayOf("P07", "AFA01").getAs("status"));
    assertEquals("disproven", pathwayOf("P08", "AFB05").getAs("status"));
    assertEquals("disproven", pathwayOf("P09", "AFD01").getAs("status"));
    assertEquals("closed_without_treatment", pathwayOf("P13", "AFB09").getAs("status"));
    assertTrue(pathwayOf("P11", "AFB07").<Boolean>getAs("excluded"));
  }

  // ---- 5. EFT with one start (SPEC §5) ------------------------------------------------------------------

  @Test
  void anEftClockWithOnlyOneStartStartsThereWithAWarning() {
    Row stopped = clockOf("E14");
    assertEquals("EFT", stopped.getAs("rule"));
    assertEquals("2025-05-02", str(stopped, "date_start"));
    assertEquals("2025-05-10", str(stopped, "date_stop"));
    assertEquals("inden_for", stopped.getAs("category"));
    assertEquals(List.of("AFV01E3@2025-05-02"), markers(errors("PW03", "E14")));
    Row running = clockOf("E15");
    assertEquals("2025-06-20", str(running, "date_start"));
    assertTrue(running.<Boolean>getAs("still_waiting"));
    assertEquals("igangvaerende", running.getAs("category"));
    assertEquals(List.of("AFV01C9@2025-06-20"), markers(errors("PW03", "E15")));
    assertEquals("WARNING", errors("PW03", "E15").get(0).getAs("severity"));
  }

  // ---- 6. stops without a clock (SPEC §5) ---------------------------------------------------------------

  @Test
  void aStopWithNoOpenClockIsReported() {
    assertTrue(clocksOf("E16").isEmpty());
    assertEquals(List.of("AFV01B@2025-05-03", "AFV01F1@2025-05-05", "AFV01F@2025-05-04"),
        markers(errors("PW04", "E16")));
    assertEquals("WARNING", errors("PW04", "E16").get(0).getAs("severity"));
    assertEquals("1082", errors("PW04", "E16").get(0).getAs("region"));
    assertEquals("2025-04-10", str(clockOf("E17"), "date_stop"));
    assertEquals(List.of("AFV01F@2025-04-12"), markers(errors("PW04", "E17")), "the first F stopped BEH");
  }

  // ---- 7. ended clocks (SPEC §5) ------------------------------------------------------------------------

  @Test
  void aClockEndedByXHasNoStopNoDaysAndItsEndDate() {
    Row ended = clockOf("E18");
    assertEquals("afsluttet", ended.getAs("category"));
    assertNull(ended.getAs("date_stop"));
    assertNull(ended.getAs("raw_days"));
    assertNull(ended.getAs("net_days"));
    assertEquals("2025-05-09", str(ended, "date_end"));
    assertEquals("AFV01X2", ended.getAs("end_code"));
    assertEquals("2025Q2", ended.getAs("quarter"));
    assertFalse(ended.<Boolean>getAs("still_waiting"));
    assertTrue(errors("VR33", "E18").isEmpty(), "an ended clock is no overrun");
    assertNull(clockOf("E19").getAs("date_end"), "a stopped clock has no end date");
  }

  // ---- 8. one mwt row per key (SPEC §5) -----------------------------------------------------------------

  @Test
  void mwtHasOneRowPerKeyWithTheStillWaitingPart() {
    Row r = mwtCell("2025Q2|1085|UDR|regler_ikke_overholdt|");
    assertEquals(2L, (long) r.getAs("n"));
    assertEquals(1L, (long) r.getAs("n_still_waiting"));
    assertEquals("2025Q2|1085|UDR|regler_ikke_overholdt|", r.getAs("cell_id"));
    assertFalse(List.of(r.schema().fieldNames()).contains("still_waiting"));
    for (String episode : List.of("E19", "E20")) {
      Row clock = clockOf(episode);
      assertTrue(clock.getList(clock.fieldIndex("cell_ids")).contains("2025Q2|1085|UDR|regler_ikke_overholdt|"),
          episode);
    }
    for (List<Row> rows : mwt.values()) {
      assertEquals(1, rows.size(), "one row per key: " + rows);
    }
  }

  // ---- 9. zero cells (SPEC §4) --------------------------------------------------------------------------

  @Test
  void everyIndicatorCellOfTheGridIsWrittenWithZeros() {
    Row of4 = indicator("2025Q1|1081|AFB33|kirurgi|OF4");
    assertEquals(0L, (long) of4.getAs("n"));
    assertEquals(0L, (long) of4.getAs("n_within"), "OF4 has standard times");
    assertNull(of4.getAs("share_within"));
    assertNull(of4.getAs("q1"));
    assertNull(of4.getAs("median"));
    assertNull(of4.getAs("q3"));
    assertEquals(0L, (long) of4.getAs("n_no_standard"));
    Row of1 = indicator("2025Q1|1081|AFB33|alle|OF1");
    assertEquals(0L, (long) of1.getAs("n"));
    assertNull(of1.getAs("n_within"), "OF1 has no standard time");
    assertNull(of1.getAs("share_within"));
    indicator("2025Q1|1081|AFA01|alle|DF2");
    indicator("2025Q1|1082|AFD01|alle|MF1");
    indicator("2025Q1|national|all|straale|OF3");
    indicator("2022Q2|1081|AFB14|medicin|OF4");
    assertEquals(0, indicatorRows.stream().filter(r -> "2022Q2".equals(r.getAs("quarter"))
        && r.<String>getAs("indicator").startsWith("MF")).count(), "no MF before 2022-07-01");
    assertFalse(indicators.containsKey("2025Q1|1081|AFB13|kirurgi|OF4"), "AFB13 has no treatment codes");
    assertFalse(indicators.containsKey("2025Q1|1081|AFB01|kirurgi|OF1"), "OF1 has modality alle only");
    assertFalse(indicators.containsKey("2025Q1|1081|AFB01|alle|DF1"), "DF belongs to AFA01");
    // the same grid in every quarter and region
    Map<String, Long> perQuarter = indicatorRows.stream().filter(r -> !"2022Q2".equals(r.getAs("quarter"))
        && !"2012Q3".equals(r.getAs("quarter"))).collect(Collectors.groupingBy(r -> r.getAs("quarter"),
        Collectors.counting()));
    assertEquals(Set.of("2025Q1", "2025Q2"), perQuarter.keySet());
    assertEquals(1, new HashSet<>(perQuarter.values()).size(), perQuarter.toString());
    Map<String, Long> perRegion = indicatorRows.stream().filter(r -> "2025Q2".equals(r.getAs("quarter")))
        .collect(Collectors.groupingBy(r -> r.getAs("region"), Collectors.counting()));
    assertEquals(REGIONS, perRegion.keySet());
    assertEquals(1, new HashSet<>(perRegion.values()).size(), perRegion.toString());
  }

  @Test
  void everyActivityAndMwtCellOfTheGridIsWrittenWithZeros() {
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L), counts(activity("2025Q1|1081|AFB33")));
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L), counts(activity("2022Q2|1085|AFB13")));
    assertEquals(List.of(1L, 1L, 0L, 0L, 0L, 1L), counts(activity("2022Q2|1083|AFD01")));
    Row zero = mwtCell("2025Q2|1081|BEH|overskredet_regler_overholdt|covid_kapacitet");
    assertEquals(0L, (long) zero.getAs("n"));
    assertEquals(0L, (long) zero.getAs("n_still_waiting"));
    mwtCell("2025Q1|national|EFT|afsluttet|");
    mwtCell("2025Q2|1083|HEN|igangvaerende|");
    assertEquals(1L, (long) mwtCell("2025Q1|1084|BEH|inden_for|").getAs("n"));
    assertFalse(mwt.containsKey("2025Q1|1084|BEH|igangvaerende|"), "clocks run only in the cut-off's quarter");
    assertFalse(mwt.containsKey("2025Q2|1084|BEH|inden_for|klinisk"), "a reason only with its category");
    assertEquals(Set.of("2025Q1", "2025Q2"), mwtRows.stream().map(r -> r.<String>getAs("quarter"))
        .collect(Collectors.toSet()));
  }

  // ---- 10. clock regions and n_no_standard reporting ----------------------------------------------------

  @Test
  void aBlankOrUnknownResidenceRegionFallsBackToTheResponsibleRegionWithAWarning() {
    assertEquals("1082", clockOf("E23").getAs("region"));
    assertEquals("1083", clockOf("E24").getAs("region"));
    assertEquals("1084", clockOf("E25").getAs("region"));
    assertEquals(List.of("AFV01A1A@2025-04-02"), markers(errors("PW05", "E23")));
    assertEquals(List.of("AFV01A1A@2025-04-02"), markers(errors("PW05", "E24")));
    assertTrue(errors("PW05", "E25").isEmpty(), "no residence region is no finding");
    for (Row r : clocks) {
      assertTrue(REGIONS.contains(r.<String>getAs("region")), "clock region " + r);
    }
    for (Row r : mwtRows) {
      assertTrue(REGIONS.contains(r.<String>getAs("region")), "mwt region " + r);
    }
  }

  @Test
  void aPathwayWithoutAStandardTimeIsReportedForEveryIndicatorThatHasThem() {
    Row df3 = indicator("2012Q3|1084|AFA01|alle|DF3");
    assertEquals(1L, (long) df3.getAs("n"));
    assertEquals(1L, (long) df3.getAs("n_no_standard"));
    assertNull(df3.getAs("share_within"));
    List<Row> reported = errors("VR29", "E26");
    assertEquals(List.of("AFA01A@2012-09-03"), markers(reported));
    assertEquals("1084", reported.get(0).getAs("region"));
    assertTrue(errors("VR29", "E07").isEmpty(), "DF3 within its standard time: nothing to report");
  }
}
