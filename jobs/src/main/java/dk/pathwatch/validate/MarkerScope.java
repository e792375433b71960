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
 * cut-off. The excluding rules are therefore evaluated before the rank, and may not read it.
 */
public final class MarkerScope {
  static final String DUP_RANK = "dup_rank";

  private MarkerScope() {}

  /**
   * @param view the marker view of {@link MarkerView#build}
   * @throws PathwatchException RULES_INVALID naming file and line when an ERROR or BLOCKER marker rule reads
   *     {@code dup_rank}, which depends on what those rules exclude
   */
  public static Dataset<Row> build(Dataset<Row> view, RuleSet rules, RunParameters run) {
    for (Rule r : rules.active(Scope.MARKER, run.cutoffDate())) {
      boolean excluding = r.severity() == Severity.ERROR || r.severity() == Severity.BLOCKER;
      if (excluding && r.when() != null && r.when().contains(DUP_RANK)) {
        throw new PathwatchException(ExitCodes.RULES_INVALID, r.file() + ":" + r.line() + ": " + r.id() + " is "
            + r.severity() + " and reads " + DUP_RANK + ", which ranks only the rows no ERROR rule excludes");
      }
    }
    Column exists = ScopeEvaluator.excludedBy(view, Scope.MARKER, rules, run).equalTo(false)
        .and(RowAccounting.beyondCutoff(run).equalTo(false));
    return MarkerView.withDuplicateRank(view, exists);
  }
}
