package dk.pathwatch.validate;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.RunParameters;
import dk.pathwatch.load.MarkerView;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The marker scope table: the marker view ({@link MarkerView#build}) with {@code dup_rank} ranked among the copies
 * that exist for the run (SPEC §3.3): rows no ERROR or BLOCKER marker rule excludes and that are not beyond the
 * cut-off. The excluding rules are therefore evaluated before the rank, and may not read it. The walk ranks the rows
 * as it walks them ({@link dk.pathwatch.load.DuplicateRank}) and evaluates the rules that read the rank there
 * ({@link RankedRules}); the other marker rules are one projection over the rows in walk order.
 */
public final class MarkerScope {
  static final String DUP_RANK = MarkerView.DUP_RANK;

  private MarkerScope() {}

  /**
   * The whole marker scope table, {@code dup_rank} included, in walk order.
   *
   * @param view the marker view of {@link MarkerView#build}
   * @throws PathwatchException RULES_INVALID naming file and line when an ERROR or BLOCKER marker rule reads
   *     {@code dup_rank}, which depends on what those rules exclude
   */
  public static Dataset<Row> build(Dataset<Row> view, RuleSet rules, RunParameters run) {
    return MarkerView.withDuplicateRank(view, exists(view, rules, run));
  }

  /**
   * The marker view in walk order without {@code dup_rank}, for the walk, which ranks the rows itself: evaluate
   * {@link #beforeRank} on it in Spark, {@link RankedRules} in the walk.
   *
   * @throws PathwatchException as {@link #build}
   */
  public static Dataset<Row> inWalkOrder(Dataset<Row> view, RuleSet rules, RunParameters run) {
    return MarkerView.inWalkOrder(view, exists(view, rules, run));
  }

  /**
   * The marker view checked by the marker rules that do not read {@code dup_rank} ({@link ScopeEvaluator#evaluate}:
   * {@code broken_rules}, {@code max_severity}, {@code excluded}), for the walk, which sorts the checked rows in walk
   * order with the rows that exist for the run ({@link RowAccounting#usableMarker}) and evaluates {@link RankedRules}
   * as it ranks them: the rules are evaluated once, before the sort, which then carries only what the walk reads.
   *
   * @throws PathwatchException as {@link #build}
   */
  public static Dataset<Row> checked(Dataset<Row> view, RuleSet rules, RunParameters run) {
    refuseExcludingRanked(rules, run);
    return ScopeEvaluator.evaluate(view, Scope.MARKER, beforeRank(rules), run);
  }

  /** The rules of the set except the marker rules that read {@code dup_rank} (those are {@link RankedRules}). */
  public static RuleSet beforeRank(RuleSet rules) {
    return RuleSet.of(rules.rules().stream().filter(r -> !readsRank(r)).toList());
  }

  /** Whether a rule is a marker rule that reads {@code dup_rank}. */
  static boolean readsRank(Rule r) {
    return r.scope() == Scope.MARKER && r.when() != null && r.when().contains(DUP_RANK);
  }

  private static Column exists(Dataset<Row> view, RuleSet rules, RunParameters run) {
    refuseExcludingRanked(rules, run);
    return ScopeEvaluator.excludedBy(view, Scope.MARKER, rules, run).equalTo(false)
        .and(RowAccounting.beyondCutoff(run).equalTo(false));
  }

  private static void refuseExcludingRanked(RuleSet rules, RunParameters run) {
    for (Rule r : rules.active(Scope.MARKER, run.cutoffDate())) {
      boolean excluding = r.severity() == Severity.ERROR || r.severity() == Severity.BLOCKER;
      if (excluding && readsRank(r)) {
        throw new PathwatchException(ExitCodes.RULES_INVALID, r.file() + ":" + r.line() + ": " + r.id() + " is "
            + r.severity() + " and reads " + DUP_RANK + ", which ranks only the rows no ERROR rule excludes");
      }
    }
  }
}
