package dk.pathwatch.pathways;

import static dk.pathwatch.pathways.MarkerFixtures.b;
import static dk.pathwatch.pathways.MarkerFixtures.i;
import static dk.pathwatch.pathways.MarkerFixtures.s;

import static dk.pathwatch.pathways.MarkerFixtures.used;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.PlanNodes;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ProjectFiles;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathwayBuilderTest {
  private static final LocalDate CUTOFF = LocalDate.of(2024, 12, 31);

  private static List<Row> build(String... lines) {
    return build(CUTOFF, lines);
  }

  private static List<Row> build(LocalDate cutoff, String... lines) {
    return PathwayBuilder.build(used(lines), cutoff)
        .orderBy(col("orphan"), col("family"), col("dato_markoer"), col("cpr_encrypted"), col("tidspunkt_markoer")).collectAsList();
  }

  @Test
  void treatedPathwayHasEveryDateDayAndKey() {
    List<Row> rows = build("E1 AFB01A 2024-04-02 10:00", "E1 AFB01B 2024-04-05 -", "E1 AFB01C1 2024-04-10 08:00",
        "E1 AFB01F2 2024-04-20 12:30:00", "E1 AFB01P1 2024-05-01 -");
    assertEquals(1, rows.size());
    Row p = rows.get(0);
    assertEquals(32, s(p, "pathway_id").length());
    assertEquals(List.of("P1", "AFB01", "AFB01", "1081", "1082", "2024Q2"), List.of(s(p, "cpr_encrypted"),
        s(p, "family"), s(p, "pathway"), s(p, "region"), s(p, "region_bopael"), s(p, "quarter")));
    assertEquals("2024-04-02", s(p, "date_a"));
    assertEquals("2024-04-05", s(p, "date_b"));
    assertEquals("2024-04-10", s(p, "date_c"));
    assertEquals("2024-04-10", s(p, "date_c1"));
    assertEquals("2024-04-20", s(p, "date_f"));
    assertNull(p.getAs("date_x"));
    assertNull(p.getAs("end_code"));
    assertEquals("medicin", s(p, "modality"));
    assertEquals("treated", s(p, "status"));
    assertEquals(List.of(3, 5, 10, 18), List.of(i(p, "days_of1"), i(p, "days_of2"), i(p, "days_of3"),
        i(p, "days_of4")));
    for (String c : List.of("days_df1", "days_df2", "days_df3", "days_mf1", "days_mf2", "days_mf3", "days_open")) {
      assertNull(p.getAs(c), c);
    }
    assertEquals(18, i(p, "max_period_days"));
    assertTrue(b(p, "has_b") && b(p, "has_c1"));
    for (String f : List.of("restarted", "orphan", "c2_before_f", "x1_after_f", "x1_after_c1", "modality_tie",
        "urinary_sub_missing", "urinary_sub_conflict", "chronology_broken", "open_at_cutoff", "spans_go_live")) {
      assertFalse(b(p, f), f);
    }
    assertEquals(4L, p.<Long>getAs("marker_count"));
    assertEquals(List.of("E1", "AFB01A", "2024-04-02", "10:00"), List.of(s(p, "dw_ek_forloeb"), s(p, "markoer"),
        s(p, "dato_markoer"), s(p, "tidspunkt_markoer")));
  }

  @Test
  void aSecondAClosesTheOpenPathwayAsRestarted() {
    List<Row> rows = build("E1 AFB12A 2024-01-10 -", "E1 AFB12B 2024-01-12 -", "E2 AFB12A 2024-02-01 -",
        "E2 AFB12B 2024-02-03 -", "E2 AFB12F1 2024-02-20 -");
    assertEquals(2, rows.size());
    Row first = rows.get(0);
    Row second = rows.get(1);
    assertTrue(b(first, "restarted"));
    assertEquals("closed_without_treatment", s(first, "status"));
    assertFalse(b(first, "open_at_cutoff"));
    assertEquals(2L, first.<Long>getAs("marker_count"));
    assertEquals("1081", s(first, "region"));
    assertFalse(b(second, "restarted"));
    assertEquals("treated", s(second, "status"));
    assertEquals("1083", s(second, "region"));
    assertNull(second.getAs("region_bopael"));
    assertEquals("kirurgi", s(second, "modality"));
    assertEquals(19, i(second, "days_of4"));
    assertNotEquals(s(first, "pathway_id"), s(second, "pathway_id"));
  }

  @Test
  void markersBeforeTheFirstAAndAfterXAreOrphans() {
    List<Row> rows = build("E3 AFB26B 2024-03-01 -", "E3 AFB26A 2024-03-05 -", "E3 AFB26X1 2024-03-20 -",
        "E3 AFB26F2 2024-03-25 -", "E3 AFB26A 2024-06-01 -");
    assertEquals(4, rows.size());
    Row disproven = rows.get(0);
    assertEquals("disproven", s(disproven, "status"));
    assertEquals("AFB26X1", s(disproven, "end_code"));
    assertEquals("2024-03-20", s(disproven, "date_x"));
    assertFalse(b(disproven, "restarted"));
    assertEquals(2L, disproven.<Long>getAs("marker_count"));
    Row reopened = rows.get(1);
    assertEquals("open", s(reopened, "status"));
    assertEquals(213, i(reopened, "days_open"));
    Row beforeA = rows.get(2);
    assertTrue(b(beforeA, "orphan"));
    assertEquals("no_open_pathway", s(beforeA, "orphan_reason"));
    assertEquals(List.of("E3", "AFB26B", "2024-03-01", "1084", "AFB26"), List.of(s(beforeA, "dw_ek_forloeb"),
        s(beforeA, "markoer"), s(beforeA, "dato_markoer"), s(beforeA, "region"), s(beforeA, "pathway")));
    assertNull(beforeA.getAs("date_a"));
    assertNull(beforeA.getAs("status"));
    assertFalse(b(beforeA, "has_b"));
    Row afterX = rows.get(3);
    assertTrue(b(afterX, "orphan"));
    assertEquals("after_x", s(afterX, "orphan_reason"));
    assertEquals("AFB26F2", s(afterX, "markoer"));
    assertEquals(1L, afterX.<Long>getAs("marker_count"));
  }

  @Test
  void sameTimeMarkersFollowPointRankButAnEarlierTimeComesFirst() {
    List<Row> rows = build("E1 AFB01X1 2024-05-10 11:00", "E1 AFB01F1 2024-05-10 11:00", "E1 AFB01B 2024-05-01 -",
        "E1 AFB01A 2024-05-01 -");
    assertEquals(1, rows.size());
    Row p = rows.get(0);
    assertEquals("2024-05-01", s(p, "date_b"));
    assertEquals(0, i(p, "days_of1"));
    assertEquals("2024-05-10", s(p, "date_f"));
    assertTrue(b(p, "x1_after_f"));
    assertEquals("treated", s(p, "status"));

    List<Row> early = build("E1 AFB01B 2024-05-01 09:00", "E1 AFB01A 2024-05-01 10:00");
    assertEquals(2, early.size());
    assertTrue(b(early.get(1), "orphan"));
    assertEquals("AFB01B", s(early.get(1), "markoer"));
    assertFalse(b(early.get(0), "has_b"));
  }

  @Test
  void urinarySubPathwayComesFromTheFirstCOrFThatNamesOne() {
    List<Row> fromC = build("E1 AFB13A 2024-01-02 -", "E1 AFB13B 2024-01-04 -", "E1 AFB15C1 2024-01-10 -",
        "E1 AFB14F1 2024-01-20 -");
    assertEquals("AFB13", s(fromC.get(0), "family"));
    assertEquals("AFB15", s(fromC.get(0), "pathway"));
    assertTrue(b(fromC.get(0), "urinary_sub_conflict"));
    assertFalse(b(fromC.get(0), "urinary_sub_missing"));
    assertEquals(18, i(fromC.get(0), "days_of4"));

    List<Row> fromF = build("E1 AFB13A 2024-01-02 -", "E1 AFB13B 2024-01-04 -", "E1 AFB32F2 2024-01-20 -");
    assertEquals("AFB32", s(fromF.get(0), "pathway"));
    assertFalse(b(fromF.get(0), "urinary_sub_conflict"));

    List<Row> none = build("E1 AFB13A 2024-01-02 -", "E1 AFB13B 2024-01-04 -", "E1 AFB13X1 2024-01-09 -");
    assertEquals("AFB13", s(none.get(0), "pathway"));
    assertTrue(b(none.get(0), "urinary_sub_missing"));
    assertEquals("disproven", s(none.get(0), "status"));
  }

  @Test
  void modalityTieTakesTheLowerFNumberAndIsFlagged() {
    Row tie = build("E1 AFB01A 2024-01-02 -", "E1 AFB01F3 2024-01-20 10:00", "E1 AFB01F1 2024-01-20 10:00").get(0);
    assertEquals("kirurgi", s(tie, "modality"));
    assertTrue(b(tie, "modality_tie"));

    Row earlier = build("E1 AFB01A 2024-01-02 -", "E1 AFB01F3 2024-01-20 09:00", "E1 AFB01F1 2024-01-20 10:00")
        .get(0);
    assertEquals("straale", s(earlier, "modality"));
    assertFalse(b(earlier, "modality_tie"));

    Row particle = build("E1 AFB02A 2024-01-02 -", "E1 AFB02F3A 2024-01-20 -").get(0);
    assertEquals("straale", s(particle, "modality"));
  }

  @Test
  void bareFTreatsWithoutModality() {
    Row bare = build("E1 AFB01A 2024-01-02 -", "E1 AFB01F 2024-01-12 -").get(0);
    assertNull(bare.getAs("modality"));
    assertEquals("treated", s(bare, "status"));
    assertEquals(10, i(bare, "days_of4"));
    assertFalse(b(bare, "modality_tie"));

    Row withF2 = build("E1 AFB01A 2024-01-02 -", "E1 AFB01F 2024-01-12 -", "E1 AFB01F2 2024-01-12 -").get(0);
    assertEquals("medicin", s(withF2, "modality"));
    assertFalse(b(withF2, "modality_tie"));
  }

  @Test
  void diagnosticPathwayHasDfIndicatorsEndingAtX1() {
    Row x1 = build("E1 AFA01A 2024-01-01 -", "E1 AFA01B 2024-01-03 -", "E1 AFA01X1 2024-01-20 -").get(0);
    assertEquals(List.of(2, 17, 19), List.of(i(x1, "days_df1"), i(x1, "days_df2"), i(x1, "days_df3")));
    assertNull(x1.getAs("days_of1"));
    assertNull(x1.getAs("days_mf1"));
    assertEquals("disproven", s(x1, "status"), "SPEC §4: ended by X1, whatever the family");
    assertFalse(b(x1, "x1_after_f"));

    Row x2 = build("E1 AFA01A 2024-01-01 -", "E1 AFA01B 2024-01-03 -", "E1 AFA01X2 2024-01-20 -").get(0);
    assertEquals(2, i(x2, "days_df1"));
    assertNull(x2.getAs("days_df2"));
    assertNull(x2.getAs("days_df3"));
    assertEquals("closed_without_treatment", s(x2, "status"));
  }

  @Test
  void metastasisIndicatorsOnlyFromJuly2022AndOldCodesIgnored() {
    Row counted = build("E1 AFD01A 2022-07-01 -", "E1 AFD01C 2022-07-02 -", "E1 AFD01B 2022-07-05 -",
        "E1 AFD01D 2022-07-06 -", "E1 AFD01X1 2022-07-15 -").get(0);
    assertEquals(List.of(4, 10, 14), List.of(i(counted, "days_mf1"), i(counted, "days_mf2"), i(counted, "days_mf3")));
    assertEquals(3L, counted.<Long>getAs("marker_count"));
    assertNull(counted.getAs("date_c"));
    assertNull(counted.getAs("days_df1"));

    List<Row> before = build("E1 AFD01A 2022-06-30 -", "E1 AFD01B 2022-07-05 -", "E1 AFD01X1 2022-07-15 -");
    assertEquals(1, before.size());
    assertNull(before.get(0).getAs("days_mf1"));
    assertNull(before.get(0).getAs("days_mf3"));
    // VR25 still reads its periods (A to X1 = 15 days), the MF indicators do not
    assertEquals(15, i(before.get(0), "max_period_days"));
  }

  /** DOMAIN VR17: a C2 followed by any F, also when an earlier F came before the C2. */
  @Test
  void noTreatmentDecisionBeforeALaterFIsFlagged() {
    Row later = build("E1 AFB01A 2024-01-01 -", "E1 AFB01B 2024-01-02 -", "E1 AFB01F1 2024-01-05 -",
        "E1 AFB01C2 2024-01-06 -", "E1 AFB01F2 2024-01-08 -").get(0);
    assertTrue(b(later, "c2_before_f"));
    Row onlyEarlier = build("E1 AFB01A 2024-01-01 -", "E1 AFB01B 2024-01-02 -", "E1 AFB01F1 2024-01-05 -",
        "E1 AFB01C2 2024-01-06 -").get(0);
    assertFalse(b(onlyEarlier, "c2_before_f"));
  }

  @Test
  void ruleFlagsForChronologyNoTreatmentDecisionsAndX1AfterC1() {
    Row broken = build("E1 AFB01A 2024-01-01 -", "E1 AFB01C1 2024-01-05 -", "E1 AFB01F1 2024-01-08 -",
        "E1 AFB01B 2024-01-10 -").get(0);
    assertTrue(b(broken, "chronology_broken"));
    assertEquals(-5, i(broken, "days_of2"));

    Row c2 = build("E1 AFB01A 2024-01-01 -", "E1 AFB01B 2024-01-02 -", "E1 AFB01C2A 2024-01-05 -",
        "E1 AFB01F1 2024-01-08 -").get(0);
    assertTrue(b(c2, "c2_before_f"));
    assertFalse(b(c2, "has_c1"));
    assertNull(c2.getAs("days_of3"));
    assertEquals(3, i(c2, "days_of2"));
    assertFalse(b(c2, "chronology_broken"));

    Row x1 = build("E1 AFB01A 2024-01-01 -", "E1 AFB01C1A 2024-01-05 -", "E1 AFB01X1 2024-01-08 -").get(0);
    assertTrue(b(x1, "x1_after_c1"));
    assertFalse(b(x1, "x1_after_f"));
    assertFalse(b(x1, "has_b"));
  }

  @Test
  void openPathwayCountsDaysToTheCutoff() {
    Row open = build(LocalDate.of(2024, 6, 30), "E4 AFB20A 2024-05-01 -", "E4 AFB20B 2024-05-03 -").get(0);
    assertEquals("open", s(open, "status"));
    assertTrue(b(open, "open_at_cutoff"));
    assertEquals(60, i(open, "days_open"));
    assertEquals("1082", s(open, "region"));
    assertEquals("1085", s(open, "region_bopael"));
  }

  @Test
  void spansGoLiveUsesTheRegionsDate() {
    List<Row> rows = build("E1 AFB01A 2019-02-15 -", "E1 AFB01B 2019-03-05 -", "E3 AFB01A 2019-02-15 -",
        "E3 AFB01B 2019-03-05 -", "E4 AFB01A 2019-01-15 -", "E4 AFB01B 2019-01-30 -");
    assertEquals(List.of("1082", "1081", "1084"), rows.stream().map(r -> s(r, "region")).toList());
    assertEquals(List.of(false, true, false), rows.stream().map(r -> b(r, "spans_go_live")).toList(),
        "1082: both markers before its go-live 2019-02-01; 1081: go-live 2019-03-02 spanned; 1084: A after go-live");
  }

  @Test
  void pathwayIdsAreDeterministicAndMarkersMapToThem() {
    String[] lines = {"E1 AFB01A 2024-01-02 -", "E1 AFB01B 2024-01-04 -", "E2 AFB01A 2024-02-01 -",
        "E3 AFB26F1 2024-01-01 -", "E1 AFA01A 2024-01-01 -"};
    String[] reversed = {lines[4], lines[3], lines[2], lines[1], lines[0]};
    List<String> first = ids(PathwayBuilder.build(used(lines), CUTOFF));
    List<String> again = ids(PathwayBuilder.build(used(reversed).repartition(3), CUTOFF));
    assertEquals(4, first.size());
    assertEquals(first, again);

    Dataset<Row> assigned = PathwayBuilder.markerAssignment(used(lines));
    List<String> markerIds = assigned.select("pathway_id").distinct().orderBy("pathway_id").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    assertEquals(first, markerIds);
    Row b = assigned.filter(col("markoer").equalTo("AFB01B")).first();
    Row a = assigned.filter(col("markoer").equalTo("AFB01A").and(col("dw_ek_forloeb").equalTo("E1"))).first();
    assertEquals(s(a, "pathway_id"), s(b, "pathway_id"));
  }

  private static List<String> ids(Dataset<Row> pathways) {
    return pathways.select("pathway_id").orderBy("pathway_id").collectAsList().stream().map(r -> r.getString(0))
        .collect(Collectors.toList());
  }

  /**
   * The pathway table reads the walk's pathway rows once: the pathways and the orphans come from the same pass (a
   * union of the two read the walk's files twice, issue #16), and the orphan keeps its own columns only.
   */
  @Test
  void pathwaysAndOrphansComeFromOneReadOfTheWalksFiles(@TempDir Path tmp) {
    String walked = tmp.resolve("walk").toString();
    PathwayBuilder.walkAll(used("E1 AFB26A 2024-01-02 -", "E1 AFB26X1 2024-01-20 -", "E1 AFB26F2 2024-02-01 -"),
        CUTOFF).write().partitionBy("kind").parquet(walked);
    Dataset<Row> regions = PathwayBuilder.REGIONS.read(ProjectFiles.bundled("validation-rules").resolve("reference"))
        .toDataFrame(SharedSpark.get());

    Dataset<Row> pathways = PathwayBuilder.fromFacts(
        WalkOutput.read(SharedSpark.get(), walked, WalkOutput.Kind.PATHWAY), regions, CUTOFF);
    List<Row> rows = pathways.collectAsList();

    assertEquals(1, PlanNodes.of(pathways).fileScans().size(), PlanNodes.of(pathways).toString());
    assertEquals(2, rows.size());
    Row pathway = rows.stream().filter(r -> !b(r, "orphan")).findFirst().orElseThrow();
    assertEquals("disproven", s(pathway, "status"));
    Row orphan = rows.stream().filter(r -> b(r, "orphan")).findFirst().orElseThrow();
    assertEquals("after_x", s(orphan, "orphan_reason"));
    List<String> own = List.of("pathway_id", "cpr_encrypted", "family", "pathway", "region", "region_bopael",
        "orphan", "orphan_reason", "marker_count", "last_marker_date", "dw_ek_forloeb", "markoer", "dato_markoer",
        "tidspunkt_markoer");
    List<String> flags = List.of("restarted", "has_b", "has_c1", "c2_before_f", "x1_after_f", "x1_after_c1",
        "modality_tie", "urinary_sub_missing", "urinary_sub_conflict", "chronology_broken", "open_at_cutoff",
        "spans_go_live");
    for (String c : PathwayBuilder.COLUMNS) {
      if (flags.contains(c)) {
        assertFalse(b(orphan, c), c);
      } else if (!own.contains(c)) {
        assertNull(orphan.getAs(c), c);
      }
    }
    assertEquals(List.of("E1", "AFB26F2", "2024-02-01", "AFB26"), List.of(s(orphan, "dw_ek_forloeb"),
        s(orphan, "markoer"), s(orphan, "dato_markoer"), s(orphan, "pathway")));
  }

  @Test
  void outputColumnsAndTypes() {
    Dataset<Row> out = PathwayBuilder.build(used("E1 AFB01A 2024-01-02 -"), CUTOFF);
    assertEquals(PathwayBuilder.COLUMNS, Arrays.asList(out.columns()));
    assertEquals("pathway_id:string,cpr_encrypted:string,family:string,pathway:string,region:string,"
        + "region_bopael:string,quarter:string,date_a:date,date_b:date,date_c:date,date_c1:date,date_f:date,"
        + "date_x:date,end_code:string,modality:string,restarted:boolean,orphan:boolean,orphan_reason:string,"
        + "status:string,days_of1:int,days_of2:int,days_of3:int,days_of4:int,days_df1:int,days_df2:int,"
        + "days_df3:int,days_mf1:int,days_mf2:int,days_mf3:int,has_b:boolean,has_c1:boolean,c2_before_f:boolean,"
        + "x1_after_f:boolean,x1_after_c1:boolean,modality_tie:boolean,urinary_sub_missing:boolean,"
        + "urinary_sub_conflict:boolean,chronology_broken:boolean,open_at_cutoff:boolean,days_open:int,"
        + "max_period_days:int,spans_go_live:boolean,marker_count:bigint,last_marker_date:date,"
        + "dw_ek_forloeb:string,markoer:string,dato_markoer:date,tidspunkt_markoer:string",
        Arrays.stream(out.schema().fields()).map(f -> f.name() + ":" + f.dataType().simpleString())
            .collect(Collectors.joining(",")));
  }
}
