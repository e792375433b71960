package dk.pathwatch.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.RunParameters;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetChecksTest {
  private final SparkSession spark = SharedSpark.get();
  private final RuleSet rules = RuleSet.load(RuleSet.rulesFolder(null));

  private Dataset<Row> markers(int rows, int nullCodes) {
    return spark.range(rows).selectExpr("concat('E', id % 4) dw_ek_forloeb",
        "case when id < " + nullCodes + " then null else 'AFB01A' end markoer", "date'2025-01-01' dato_markoer");
  }

  /** 4 episodes; {@code bad} adds a duplicate key and a region outside 1081-1085. */
  private Dataset<Row> episodes(boolean bad) {
    String rows = "('E0','P0','1081'),('E1','P1','1082'),('E2','P2','1083'),('E3',null,'1084')"
        + (bad ? ",('E0','P9','1099')" : "");
    return spark.sql("select * from values " + rows + " as t(dw_ek_forloeb, cpr_encrypted, region_ans)");
  }

  private Dataset<Row> markerView(int r1081, int r1082) {
    return spark.range(r1081).selectExpr("'1081' region_ans")
        .union(spark.range(r1082).selectExpr("'1082' region_ans"));
  }

  private static RunParameters run(String cutoff) {
    return new RunParameters(LocalDate.parse(cutoff), LocalDate.parse(cutoff));
  }

  private static Map<String, DatasetChecks.CheckOutcome> byId(DatasetChecks.Outcome outcome) {
    return outcome.checks().stream().collect(Collectors.toMap(
        c -> c.region() == null ? c.id() : c.id() + "/" + c.region(), c -> c));
  }

  @Test
  void cleanTablesPass(@TempDir Path metrics) {
    DatasetChecks.Outcome o = DatasetChecks.run(spark, Map.of("forloebsmarkoerer", markers(10, 0),
        "forloeb", episodes(false).where("cpr_encrypted is not null")), rules, run("2025-01-31"), metrics.toString());
    Map<String, DatasetChecks.CheckOutcome> c = byId(o);
    for (String id : List.of("DS01", "DS02", "DS03", "DS04", "DS04-FORLOEB", "DS06")) {
      assertTrue(c.get(id).passed(), id + " " + c.get(id));
    }
    assertFalse(o.blocked());
    assertEquals(10, c.get("DS01").rowsChecked());
    assertEquals(0, o.validationErrors(spark).count());
  }

  @Test
  void failuresCarryMetricViolationsAndSeverity(@TempDir Path metrics) {
    DatasetChecks.Outcome o = DatasetChecks.run(spark, Map.of("forloebsmarkoerer", markers(10, 2),
        "forloeb", episodes(true)), rules, run("2025-01-31"), metrics.toString());
    Map<String, DatasetChecks.CheckOutcome> c = byId(o);
    assertFalse(c.get("DS01").passed());
    assertEquals(0.8, c.get("DS01").metric(), 1e-9);
    assertEquals(2, c.get("DS01").violations());
    assertEquals("The marker code is missing in 2 rows (completeness 0.8000).", c.get("DS01").messageEn());
    // E0 twice: 2 of 5 rows have a non-unique key
    assertFalse(c.get("DS02").passed());
    assertEquals(Severity.BLOCKER, c.get("DS02").severity());
    assertEquals(2, c.get("DS02").violations());
    assertFalse(c.get("DS03").passed());
    assertEquals(1, c.get("DS03").violations());
    assertFalse(c.get("DS06").passed());
    assertTrue(c.get("DS04").passed());
    assertTrue(o.blocked());

    List<String> errors = o.validationErrors(spark).orderBy("rule_id").collectAsList().stream()
        .map(r -> r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2) + "/" + r.get(3)).toList();
    assertEquals(List.of("DS01/WARNING/dataset/null", "DS02/BLOCKER/dataset/null", "DS03/WARNING/dataset/null",
        "DS06/WARNING/dataset/null"), errors);
    Row ds02 = o.validationResults(spark).where("rule_id = 'DS02'").first();
    assertEquals("[DS02,BLOCKER,dataset,null,5,2]", ds02.toString());
  }

  /**
   * The episode pass counts the rows per key with a window over the key, and the uniqueness rule is computed from
   * those counts (issue #16): the same outcome as Deequ's own grouping, without a Spark job of its own (no table is
   * given to group).
   */
  @Test
  void uniquenessFromKeyCountsIsDeequsOwn() {
    Dataset<Row> data = episodes(true).union(spark.sql("select cast(null as string), 'P8', '1081'"));
    RunParameters run = run("2025-01-31");
    DatasetChecks.TableChecks checks = DatasetChecks.plan(rules, run, Map.of("forloeb", data.schema()))
        .get("forloeb");
    Row aggregated = checks.aggregate(data);
    List<org.apache.spark.sql.Column> counts = checks.keyCountAggregations("x_");
    Row counted = checks.withKeyCounts(data).agg(counts.get(0), counts.subList(1, counts.size())
        .toArray(org.apache.spark.sql.Column[]::new)).first();
    Map<String, Object> observed = new java.util.HashMap<>();
    for (String name : counted.schema().fieldNames()) {
      observed.put(name, counted.getAs(name));
    }

    List<DatasetChecks.CheckOutcome> fromCounts = checks.evaluate(aggregated, checks.keyCounts(observed, "x_"), null,
        null, run);
    assertEquals(checks.evaluate(aggregated, data, null, run), fromCounts);
    // E0 twice, a null key not counted: 3 of 5 keys unique
    DatasetChecks.CheckOutcome ds02 = fromCounts.stream().filter(o -> o.id().equals("DS02")).findFirst().orElseThrow();
    assertEquals(0.6, ds02.metric(), 1e-12);
    assertEquals(2, ds02.violations());
  }

  @Test
  void emptyMarkerTableBlocks(@TempDir Path metrics) {
    DatasetChecks.Outcome o = DatasetChecks.run(spark, Map.of("forloebsmarkoerer", markers(0, 0)), rules,
        run("2025-01-31"), metrics.toString());
    assertFalse(byId(o).get("DS04").passed());
    assertTrue(o.blocked());
  }

  @Test
  void volumeDropAgainstThePreviousRunIsFlaggedPerRegion(@TempDir Path metrics) {
    DatasetChecks.Outcome first = DatasetChecks.run(spark, Map.of("marker_view", markerView(100, 100)), rules,
        run("2025-01-31"), metrics.toString());
    assertTrue(first.checks().stream().allMatch(DatasetChecks.CheckOutcome::passed), "no history yet");
    assertNull(byId(first).get("DS05/1081").metric());

    DatasetChecks.Outcome second = DatasetChecks.run(spark, Map.of("marker_view", markerView(90, 60)), rules,
        run("2025-02-28"), metrics.toString());
    Map<String, DatasetChecks.CheckOutcome> c = byId(second);
    assertTrue(c.get("DS05/1081").passed());
    assertEquals(0.1, c.get("DS05/1081").metric(), 1e-9);
    assertFalse(c.get("DS05/1082").passed());
    assertEquals(0.4, c.get("DS05/1082").metric(), 1e-9);
    assertEquals(60, c.get("DS05/1082").rowsChecked());
    assertTrue(c.get("DS05/1083").passed());
    assertFalse(second.blocked());
    Row error = second.validationErrors(spark).first();
    assertEquals("DS05", error.getString(0));
    assertEquals("1082", error.getString(3));
    assertEquals("The region's marker count dropped by 0.4000 against the previous run (limit 0.3).",
        error.getString(10));

    // a rerun of the second cut-off compares against the first run again, not against itself
    DatasetChecks.Outcome rerun = DatasetChecks.run(spark, Map.of("marker_view", markerView(90, 60)), rules,
        run("2025-02-28"), metrics.toString());
    assertEquals(0.4, byId(rerun).get("DS05/1082").metric(), 1e-9);
  }

  /** DS07: a cpr_encrypted that is a CPR number (masked at load) blocks the run; the finding counts, never names. */
  @Test
  void cprLikePseudonymsBlockAndAreCountedNotShown(@TempDir Path metrics) {
    Dataset<Row> episodes = dk.pathwatch.load.CprMask.maskStrings(spark.sql("select * from values "
        + "('E0','0101801234','1081'),('E1','020280-2345','1082'),('E2','9f3a0101801234c2','1083'),('E3',null,'1084')"
        + " as t(dw_ek_forloeb, cpr_encrypted, region_ans)"));
    DatasetChecks.Outcome o = DatasetChecks.run(spark, Map.of("forloeb", episodes), rules, run("2025-01-31"),
        metrics.toString());
    DatasetChecks.CheckOutcome ds07 = byId(o).get("DS07");
    assertFalse(ds07.passed());
    assertEquals(Severity.BLOCKER, ds07.severity());
    assertEquals(2, ds07.violations(), "two CPR-like pseudonyms; the hexadecimal one and the null are not");
    assertTrue(o.blocked());
    assertEquals("cpr_encrypted looks like a CPR number (DDMMYY-SSSS) in 2 episodes; the extract is not "
        + "pseudonymised and nothing is published. The values are masked in every output.", ds07.messageEn());
    Row error = o.validationErrors(spark).where("rule_id = 'DS07'").first();
    assertNull(error.getAs("region"), "a dataset finding belongs to no region: it goes to the registry's report");
    assertNull(error.getAs("dw_ek_forloeb"));

    DatasetChecks.Outcome clean = DatasetChecks.run(spark, Map.of("forloeb", episodes.where("dw_ek_forloeb >= 'E2'")),
        rules, run("2025-01-31"), metrics.toString());
    assertTrue(byId(clean).get("DS07").passed());
  }
}
