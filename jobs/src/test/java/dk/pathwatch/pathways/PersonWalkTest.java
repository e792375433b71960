package dk.pathwatch.pathways;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dk.pathwatch.validate.RankedRules;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The person walk without Spark: rows as {@link PersonWalk#input} lays them out, already in walk order, in; the rows
 * of every kind out. What SPEC §3.3 and §5 (issue #12) ask of the walk: only the rows that exist for the run and
 * count ({@code walk_use}) are walked, a stop that stopped nothing is a clock-scope row of its own, an EFT clock with
 * one start starts there, and the clocks carry the registering region beside the region of residence.
 */
class PersonWalkTest {
  private static final LocalDate CUTOFF = LocalDate.of(2025, 6, 30);

  /** One input row: person P1, episode E1 (region 1081, residence 1083) unless said otherwise. */
  private static Row marker(String code, String date, String time, boolean use, String... brokenRules) {
    return marker("E1", code, date, time, use, brokenRules);
  }

  private static Row marker(String episode, String code, String date, String time, boolean use,
      String... brokenRules) {
    String family = code.startsWith("AFV") ? "AFV" : code.matches("^AF(A01|D01|B[0-9][0-9]).*") ? code.substring(0, 5)
        : null;
    String suffix = family == null || family.equals("AFV") ? null : code.substring(5);
    String point = suffix == null || suffix.isEmpty() ? null : suffix.substring(0, 1);
    Integer day = date == null ? null : day(date);
    return RowFactory.create("P1", null, "P1", family, point, code, suffix, family == null ? null
        : code.substring(0, Math.min(5, code.length())), day, date, time, episode, time.substring(0, 5),
        "1081", "1083", use,
        scala.collection.JavaConverters.asScalaBuffer(List.of(brokenRules)).toSeq());
  }

  private static List<Row> walk(Row... rows) {
    Iterator<Row> out = new PersonWalk(CUTOFF, RankedRules.NONE).call(List.of(rows).iterator());
    List<Row> all = new ArrayList<>();
    out.forEachRemaining(all::add);
    return all;
  }

  /** A column of an output row, by the name its kind gives it. */
  private static Object v(Row r, String column) {
    return column.equals("kind") ? r.getString(0) : WalkOutput.get(r, column);
  }

  private static Integer day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  private static List<Row> ofKind(List<Row> rows, WalkOutput.Kind kind) {
    return rows.stream().filter(r -> v(r, "kind").equals(kind.value())).toList();
  }

  private static Row get(List<Row> rows, WalkOutput.Kind kind, int i) {
    return ofKind(rows, kind).get(i);
  }

  @Test
  void aStopThatStoppedNothingIsAClockScopeRowOfItsOwn() {
    List<Row> out = walk(
        marker("AFV01A1A", "2025-01-02", "08:00:00", true),
        marker("AFV01B", "2025-01-10", "08:00:00", true),
        marker("AFV01B", "2025-02-01", "08:00:00", true));
    List<Row> clocks = ofKind(out, WalkOutput.Kind.CLOCK);
    assertEquals(2, clocks.size());
    Row clock = clocks.get(0);
    assertEquals("UDR", v(clock, "rule"));
    assertEquals(false, v(clock, "stray_stop"));
    assertEquals(day("2025-01-10"), v(clock, "stop_date"));
    Row stray = clocks.get(1);
    assertEquals(true, v(stray, "stray_stop"));
    assertNull(v(stray, "rule"));
    assertEquals("AFV01B", v(stray, "start_code"));
    assertEquals(day("2025-02-01"), v(stray, "dato_markoer"));
  }

  @Test
  void anEftClockWithOneStartStartsThereAndSaysSo() {
    List<Row> out = walk(
        marker("AFV01E3", "2025-03-03", "09:00:00", true),
        marker("AFV01F1", "2025-03-20", "09:00:00", true));
    Row clock = get(out, WalkOutput.Kind.CLOCK, 0);
    assertEquals("EFT", v(clock, "rule"));
    assertEquals(true, v(clock, "single_start"));
    assertEquals("AFV01E3", v(clock, "start_code"));
    assertEquals("AFV01F1", v(clock, "end_code"));
  }

  @Test
  void clocksCarryTheRegisteringRegionAndTheResidence() {
    Row clock = get(walk(marker("AFV01C8", "2025-04-01", "10:00:00", true)), WalkOutput.Kind.CLOCK, 0);
    assertEquals("1081", v(clock, "region_ans"));
    assertEquals("1083", v(clock, "region_bopael"));
  }

  @Test
  void ofTheCopiesThatExistOnlyTheFirstIsWalked() {
    // SPEC §3.3: the walk ranks the copies as it goes; an excluded copy registered first hides nothing
    List<Row> out = walk(
        marker("AFB01A", "2025-01-05", "08:00:00", false, "VR05"),
        marker("AFB01A", "2025-01-05", "08:00:00", true),
        marker("AFB01A", "2025-01-05", "08:00:00", true),
        marker("AFB01B", "2025-01-09", "08:00:00", true));
    Row pathway = get(out, WalkOutput.Kind.PATHWAY, 0);
    assertEquals(day("2025-01-05"), v(pathway, "dato_markoer"));
    assertEquals(2L, v(pathway, "marker_count"));
    assertEquals(2, ofKind(out, WalkOutput.Kind.PATHWAY_MARKER).size());
  }

  @Test
  void onlyTheRowsThatCountAreWalkedButEveryRowIsReportedAndCounted() {
    // a row that does not exist for the run (excluded or late) neither opens nor fills a pathway, nor does a copy
    List<Row> out = walk(
        marker("AFB01A", "2025-01-02", "08:00:00", false, "VR05"),
        marker("AFB01A", "2025-01-05", "08:00:00", true),
        marker("AFB01A", "2025-01-05", "08:00:00", false, "VR11"),
        marker("AFB01B", "2025-01-09", "08:00:00", true));
    List<Row> pathways = ofKind(out, WalkOutput.Kind.PATHWAY);
    assertEquals(1, pathways.size());
    assertEquals(day("2025-01-05"), v(pathways.get(0), "dato_markoer"));
    assertEquals(2L, v(pathways.get(0), "marker_count"));
    assertEquals(List.of("VR05", "VR11"), ofKind(out, WalkOutput.Kind.FINDING).stream()
        .map(r -> (String) v(r, "rule_id")).toList());
    assertEquals(4L, v(get(out, WalkOutput.Kind.REGION_ROWS, 0), "n_markers"));
    assertEquals(4L, v(get(out, WalkOutput.Kind.EPISODE, 0), "n_markers"));
  }

  @Test
  void aCodeInTheWrongCaseHasNoFamilyAndBuildsNothing() {
    // SPEC §3.3: codes are compared exactly, so afb01a is no A marker (the rules report it: VR01, VR01-CASE)
    List<Row> out = walk(marker("afb01a", "2025-01-02", "08:00:00", false, "VR01", "VR01-CASE"),
        marker("AFB01B", "2025-01-09", "08:00:00", true));
    List<Row> pathways = ofKind(out, WalkOutput.Kind.PATHWAY);
    assertEquals(1, pathways.size());
    assertEquals(true, v(pathways.get(0), "orphan"));
    assertEquals("no_open_pathway", v(pathways.get(0), "orphan_reason"));
    Row facts = get(out, WalkOutput.Kind.EPISODE, 0);
    assertEquals(2L, v(facts, "n_markers"));
    assertEquals(1L, v(facts, "n_cancer_markers"));
  }

  @Test
  void theClocksOfTwoEpisodesOfOnePersonAreWalkedApart() {
    // the same AFV code, date and time in two episodes: two clocks (SPEC §5 de-duplicates per episode only)
    List<Row> out = walk(
        marker("E1", "AFV01C8", "2025-04-01", "10:00:00", true),
        marker("E2", "AFV01C8", "2025-04-01", "10:00:00", true));
    List<Row> clocks = ofKind(out, WalkOutput.Kind.CLOCK);
    assertEquals(List.of("E1", "E2"), clocks.stream().map(r -> (String) v(r, "dw_ek_forloeb")).sorted()
        .toList());
  }

  @Test
  void overSparksReusedRowsTheWalkGivesTheRowsItGivesOverFreshOnes() {
    // Spark hands the sorted rows over in one row object whose memory it rewrites: the values the walk keeps from one
    // row to the next (a person's, a family's, an episode's) must be its own copies, and the output's shared strings
    // must not leak from one row into the next
    Row[] rows = {
        marker("E1", "AFB01A", "2025-01-02", "08:00:00", true),
        marker("E1", "AFB01B", "2025-01-05", "08:00:00", true, "VR99"),
        marker("E2", "AFB02A", "2025-01-06", "09:00:00", true),
        marker("E2", "AFV01A1A", "2025-01-07", "10:00:00", true),
        marker("E3", "AFV01C8", "2025-04-01", "10:00:00", true)};
    UnsafeProjection reused = UnsafeProjection.create(INPUT);
    Iterator<InternalRow> spark = List.of(rows).stream()
        .map(r -> (InternalRow) reused.apply((InternalRow) CatalystTypeConverters.convertToCatalyst(r))).iterator();
    List<Row> walked = new ArrayList<>();
    new PersonWalk(CUTOFF, RankedRules.NONE).internal(spark).forEachRemaining(r -> walked.add(
        (Row) CatalystTypeConverters.convertToScala(r.copy(), WalkOutput.SCHEMA)));
    assertEquals(sorted(walk(rows)), sorted(walked));
  }

  @Test
  void theOutputEncodesAStringOnceWhileItRepeatsInItsSlot() {
    WalkOutput.Encoder encoder = new WalkOutput.Encoder();
    InternalRow first = encoder.internal(new WalkOutput.Builder(WalkOutput.Kind.FINDING).set("rule_id", "VR02")
        .set("dw_ek_forloeb", "E1").build());
    InternalRow second = encoder.internal(new WalkOutput.Builder(WalkOutput.Kind.FINDING).set("rule_id", "VR36")
        .set("dw_ek_forloeb", new String("E1")).build());
    InternalRow third = encoder.internal(new WalkOutput.Builder(WalkOutput.Kind.EPISODE).set("dw_ek_forloeb", "E2")
        .build());
    int kind = 0;
    int episode = WalkOutput.SCHEMA.fieldIndex("s2");
    assertSame(first.getUTF8String(kind), second.getUTF8String(kind));
    assertSame(first.getUTF8String(episode), second.getUTF8String(episode));
    assertEquals(List.of("finding", "VR02", "VR36", "episode", "E2"), List.of(first.getUTF8String(kind).toString(),
        first.getUTF8String(1).toString(), second.getUTF8String(1).toString(), third.getUTF8String(kind).toString(),
        third.getUTF8String(1).toString()));
  }

  /** The input rows' schema, as {@link PersonWalk#input} lays them out ({@link #marker}). */
  private static final StructType INPUT = inputSchema();

  private static StructType inputSchema() {
    StructType t = new StructType();
    for (String c : List.of("person_cpr", "person_episode", "cpr_encrypted", "family", "point", "code", "suffix",
        "pathway_number")) {
      t = t.add(c, DataTypes.StringType);
    }
    t = t.add("day", DataTypes.IntegerType);
    for (String c : List.of("date_text", "time_of_day", "dw_ek_forloeb", "tidspunkt_markoer", "region_ans",
        "region_bopael")) {
      t = t.add(c, DataTypes.StringType);
    }
    return t.add("walk_exists", DataTypes.BooleanType)
        .add("broken_rules", DataTypes.createArrayType(DataTypes.StringType));
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }
}
