package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import dk.pathwatch.common.RunParameters;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code validation_results} rows of one scope (SPEC §6): per rule × region, {@code rows_checked} (rows of
 * the region the rule was evaluated on) and {@code violations}; every active rule appears for every region
 * present, also with 0 violations. Columns: {@code rule_id, severity, scope, region, rows_checked, violations}.
 */
public final class ValidationResults {
  private ValidationResults() {}

  /**
   * @param checked a scope table after {@link ScopeEvaluator#evaluate}; read twice, so persist it first when
   *     it is expensive to recompute
   */
  public static Dataset<Row> of(Dataset<Row> checked, Scope scope, RuleSet ruleSet, RunParameters run) {
    Dataset<Row> byRegion = checked.select(col(scope.regionColumn()).cast("string").as("region"),
        col(ScopeEvaluator.BROKEN_RULES));
    Dataset<Row> checkedPerRegion = byRegion.groupBy("region").agg(count(lit(1)).as("rows_checked"));
    Dataset<Row> violations = byRegion
        .select(col("region").as("v_region"), explode(col(ScopeEvaluator.BROKEN_RULES)).as("v_rule"))
        .groupBy("v_region", "v_rule").agg(count(lit(1)).as("violations"));
    Dataset<Row> rules = RuleTable.of(checked.sparkSession(), ruleSet.active(scope, run.cutoffDate()), run)
        .select("rule_id", "severity", "scope");
    return broadcast(rules).crossJoin(checkedPerRegion)
        .join(violations, col("region").eqNullSafe(col("v_region")).and(col("rule_id").equalTo(col("v_rule"))),
            "left")
        .select(col("rule_id"), col("severity"), col("scope"), col("region"), col("rows_checked"),
            coalesce(col("violations"), lit(0L)).as("violations"));
  }
}
