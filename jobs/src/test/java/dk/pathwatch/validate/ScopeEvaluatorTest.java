package dk.pathwatch.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.RunParameters;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ScopeEvaluatorTest {
  private final SparkSession spark = SharedSpark.get();
  private static final RunParameters RUN = new RunParameters(LocalDate.of(2025, 4, 30), LocalDate.of(2025, 3, 31));

  static Rule rule(String id, Severity severity, String when) {
    return rule(id, severity, when, null, null);
  }

  static Rule rule(String id, Severity severity, String when, LocalDate from, LocalDate to) {
    return new Rule(id, severity, Scope.CLOCK, "t", when, "da " + id, "en " + id, from, to, Map.of(), "s",
        null, null, null, null, null, null, "clock.yaml", 7);
  }

  private Dataset<Row> table() {
    return spark.sql("select * from values ('c1','1081',1),('c2','1081',5),('c3','1082',20),('c4',null,null)"
        + " as t(clock_id, region, net_days)");
  }

  private Map<String, List<Object>> byId(Dataset<Row> checked) {
    Map<String, List<Object>> out = new TreeMap<>();
    for (Row r : checked.select("clock_id", "broken_rules", "max_severity", "excluded").collectAsList()) {
      out.put(r.getString(0), List.of(r.getList(1), String.valueOf(r.get(2)), r.getBoolean(3)));
    }
    return out;
  }

  @Test
  void addsBrokenRulesMaxSeverityAndExcluded() {
    RuleSet set = RuleSet.of(List.of(
        rule("PW91", Severity.WARNING, "net_days > 2"),
        rule("PW92", Severity.ERROR, "net_days > 10"),
        rule("PW93", Severity.INFO, "region = '1081'")));
    Map<String, List<Object>> r = byId(ScopeEvaluator.evaluate(table(), Scope.CLOCK, set, RUN));
    assertEquals(List.of(List.of("PW93"), "INFO", false), r.get("c1"));
    assertEquals(List.of(List.of("PW91", "PW93"), "WARNING", false), r.get("c2"));
    assertEquals(List.of(List.of("PW91", "PW92"), "ERROR", true), r.get("c3"));
    // null expressions count as not broken
    assertEquals(List.of(List.of(), "null", false), r.get("c4"));
  }

  @Test
  void blockerExcludesAndWinsOverError() {
    RuleSet set = RuleSet.of(List.of(rule("PW92", Severity.ERROR, "net_days > 10"),
        rule("DS99", Severity.BLOCKER, "net_days > 15")));
    assertEquals(List.of(List.of("PW92", "DS99"), "BLOCKER", true),
        byId(ScopeEvaluator.evaluate(table(), Scope.CLOCK, set, RUN)).get("c3"));
  }

  @Test
  void rulesNotValidOnTheCutoffAreSkipped() {
    RuleSet set = RuleSet.of(List.of(
        rule("PW91", Severity.WARNING, "true", LocalDate.of(2025, 4, 1), null),
        rule("PW92", Severity.WARNING, "true", null, LocalDate.of(2025, 3, 30)),
        rule("PW93", Severity.WARNING, "true", LocalDate.of(2025, 3, 31), LocalDate.of(2025, 3, 31))));
    assertEquals(List.of("PW93"), byId(ScopeEvaluator.evaluate(table(), Scope.CLOCK, set, RUN)).get("c1").get(0));
  }

  @Test
  void noRulesGivesEmptyArrays() {
    Map<String, List<Object>> r = byId(ScopeEvaluator.evaluate(table(), Scope.CLOCK, RuleSet.of(List.of()), RUN));
    assertEquals(List.of(List.of(), "null", false), r.get("c1"));
  }

  @Test
  void aRuleThatIsNotBooleanOrNamesAMissingColumnIsRefusedWithFileAndLine() {
    for (String when : List.of("net_days + 1", "no_such_column > 1")) {
      RuleSet set = RuleSet.of(List.of(rule("PW91", Severity.WARNING, when)));
      PathwatchException e = assertThrows(PathwatchException.class,
          () -> ScopeEvaluator.evaluate(table(), Scope.CLOCK, set, RUN));
      assertEquals(ExitCodes.RULES_INVALID, e.exitCode());
      assertTrue(e.getMessage().startsWith("clock.yaml:7: PW91"), e.getMessage());
    }
  }

  /** Writing the checked table runs as many jobs with 40 rules as with 1: the rules share one projection. */
  @Test
  void manyRulesCostOnePass() {
    Dataset<Row> big = spark.range(0, 20_000).selectExpr("concat('c', id) clock_id",
        "cast(1081 + id % 5 as string) region", "cast(id % 40 as int) net_days");
    List<Rule> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(rule(String.format("PW%02d", 50 + i), i % 3 == 0 ? Severity.ERROR : Severity.WARNING,
          "net_days > " + i));
    }
    long oneRule = jobsToWrite(ScopeEvaluator.evaluate(big, Scope.CLOCK, RuleSet.of(many.subList(0, 1)), RUN));
    long fortyRules = jobsToWrite(ScopeEvaluator.evaluate(big, Scope.CLOCK, RuleSet.of(many), RUN));
    assertEquals(1, oneRule);
    assertEquals(oneRule, fortyRules);
    Dataset<Row> checked = ScopeEvaluator.evaluate(big, Scope.CLOCK, RuleSet.of(many), RUN);
    assertEquals(39L * 500, checked.where("net_days = 39").selectExpr("explode(broken_rules)").count());
  }

  private long jobsToWrite(Dataset<Row> checked) {
    SparkContext sc = spark.sparkContext();
    String group = "pass-" + System.nanoTime();
    sc.setJobGroup(group, "count jobs", false);
    try {
      checked.write().format("noop").mode("overwrite").save();
    } finally {
      sc.clearJobGroup();
    }
    return sc.statusTracker().getJobIdsForGroup(group).length;
  }

  @Test
  void errorsAndResultsCarryTheKeysAndEveryRule() {
    RuleSet set = RuleSet.of(List.of(
        rule("PW91", Severity.WARNING, "net_days > 2"),
        rule("PW92", Severity.ERROR, "net_days > 10"),
        rule("PW93", Severity.INFO, "region = '1081'"),
        rule("PW94", Severity.WARNING, "false")));
    Dataset<Row> checked = ScopeEvaluator.evaluate(
        table().selectExpr("*", "region region_ans", "'E1' dw_ek_forloeb", "date'2025-01-02' dato_markoer"),
        Scope.CLOCK, set, RUN);

    Dataset<Row> errors = ValidationErrors.of(checked, Scope.CLOCK, set, RUN);
    assertEquals(ValidationErrors.COLUMNS, List.of(errors.columns()));
    List<String> rows = errors.orderBy("rule_id", "region").collectAsList().stream().map(Row::toString).toList();
    assertEquals(List.of(
        "[PW91,WARNING,clock,1081,E1,null,2025-01-02,null,null,da PW91,en PW91]",
        "[PW91,WARNING,clock,1082,E1,null,2025-01-02,null,null,da PW91,en PW91]",
        "[PW92,ERROR,clock,1082,E1,null,2025-01-02,null,null,da PW92,en PW92]"), rows);

    List<String> results = ValidationResults.of(checked, Scope.CLOCK, set, RUN)
        .orderBy("rule_id", "region").collectAsList().stream().map(Row::toString).toList();
    assertEquals(List.of(
        "[PW91,WARNING,clock,null,1,0]", "[PW91,WARNING,clock,1081,2,1]", "[PW91,WARNING,clock,1082,1,1]",
        "[PW92,ERROR,clock,null,1,0]", "[PW92,ERROR,clock,1081,2,0]", "[PW92,ERROR,clock,1082,1,1]",
        "[PW93,INFO,clock,null,1,0]", "[PW93,INFO,clock,1081,2,2]", "[PW93,INFO,clock,1082,1,0]",
        "[PW94,WARNING,clock,null,1,0]", "[PW94,WARNING,clock,1081,2,0]", "[PW94,WARNING,clock,1082,1,0]"),
        results);
  }

  @Test
  void markerErrorsUseRegionAnsAndMarkerKeys() {
    RuleSet set = RuleSet.load(RuleSet.rulesFolder(null));
    Dataset<Row> checked = ScopeEvaluator.evaluate(RuleFixtures.markerView(), Scope.MARKER, set,
        RuleFixtures.RUN);
    Row vr09 = ValidationErrors.of(checked, Scope.MARKER, set, RuleFixtures.RUN).where("rule_id = 'VR09'")
        .collectAsList().get(0);
    assertEquals("[VR09,ERROR,marker,1099,E3,AFB01B,2025-01-14,10:00,null,"
        + "Forløbselementets ansvarlige region (region_ans) er ikke en af de fem regioner 1081-1085.,"
        + "The episode's responsible region (region_ans) is not one of the five regions 1081-1085.]", vr09.toString());
    assertNull(vr09.get(8));
  }
}
