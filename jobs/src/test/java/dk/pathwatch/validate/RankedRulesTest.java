package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.load.MarkerView;
import dk.pathwatch.pathways.PersonWalk;
import dk.pathwatch.pathways.WalkOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The marker rules that read {@code dup_rank} are evaluated in the person walk (issue #16), which ranks the copies of
 * a marker as it walks them: what the walk reports must be what the rules give on the marker scope table, where
 * {@code dup_rank} is a column. The fixture rows of {@link RuleFixtures} hold exact duplicates, copies hidden by an
 * excluded or late first copy, and waiting-time markers duplicated across episodes.
 */
class RankedRulesTest {

  private static Rule marker(String id, String when) {
    return new Rule(id, Severity.INFO, Scope.MARKER, "t", when, "da " + id, "en " + id, null, null, Map.of(), "s",
        null, null, null, null, null, null, "marker.yaml", 9);
  }

  @Test
  void theWalkReportsTheRulesThatReadTheRankAsTheMarkerScopeTableDoes() {
    List<Rule> all = new ArrayList<>(RuleSet.load(RuleSet.rulesFolder(null)).rules());
    all.add(marker("VR90", "dup_rank = 1 and tidspunkt_markoer = '09:00'"));
    all.add(marker("VR91", "dup_rank is null and region_ans = '1099'"));
    RuleSet rules = RuleSet.of(all);
    Dataset<Row> view = MarkerView.build(RuleFixtures.markers(), RuleFixtures.episodes(), RuleFixtures.sksCodes());

    Dataset<Row> table = ScopeEvaluator.evaluate(MarkerScope.build(view, rules, RuleFixtures.RUN), Scope.MARKER,
        rules, RuleFixtures.RUN);
    List<String> expected = findings(table.selectExpr("explode(broken_rules) rule_id", "dw_ek_forloeb", "markoer",
        "dato_markoer", "tidspunkt_markoer"));

    Dataset<Row> sorted = MarkerScope.inWalkOrder(view, rules, RuleFixtures.RUN);
    Dataset<Row> checked = ScopeEvaluator.evaluate(sorted, Scope.MARKER, MarkerScope.beforeRank(rules),
        RuleFixtures.RUN);
    RankedRules ranked = RankedRules.plan(sorted, rules, RuleFixtures.RUN);
    Dataset<Row> walked = PersonWalk.walk(checked.select(PersonWalk.input(RowAccounting.usableMarker(
        RuleFixtures.RUN), col(ScopeEvaluator.BROKEN_RULES), ranked)), RuleFixtures.RUN.cutoffDate(), ranked);
    List<String> reported = findings(WalkOutput.select(walked, WalkOutput.Kind.FINDING).select("rule_id",
        "dw_ek_forloeb", "markoer", "dato_markoer", "tidspunkt_markoer"));

    assertEquals(expected, reported);
    for (String rule : List.of("VR11", "VR90", "VR91")) {
      assertTrue(reported.stream().anyMatch(f -> f.startsWith("[" + rule + ",")), rule + " among " + reported);
    }
  }

  @Test
  void aRuleSetWithoutRankRulesLeavesTheWalkNothingToEvaluate() {
    RuleSet rules = MarkerScope.beforeRank(RuleSet.load(RuleSet.rulesFolder(null)));
    Dataset<Row> view = MarkerView.build(RuleFixtures.markers(), RuleFixtures.episodes(), RuleFixtures.sksCodes());
    assertSame(RankedRules.NONE, RankedRules.plan(view, rules, RuleFixtures.RUN));
    assertTrue(rules.rules().stream().noneMatch(r -> r.id().equals("VR11")));
  }

  private static List<String> findings(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
