package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dk.pathwatch.common.RunParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
    Dataset<Row> rowsPerRegion = checked.select(col(scope.regionColumn()).cast("string").as("region"))
        .groupBy("region").agg(count(lit(1)).as("rows_checked"));
    return fromCounts(rowsPerRegion, ValidationErrors.violations(checked, scope), scope, ruleSet, run);
  }

  /**
   * The results table from what a pass counted: rows per region and the violations.
   *
   * @param rowsPerRegion columns {@code region}, {@code rows_checked}: the rows of each region the rules were
   *     evaluated on (one row per region)
   * @param violations one row per broken rule per row, with {@code rule_id} and {@code region}
   */
  public static Dataset<Row> fromCounts(Dataset<Row> rowsPerRegion, Dataset<Row> violations, Scope scope,
      RuleSet ruleSet, RunParameters run) {
    Dataset<Row> violated = violations
        .select(col("region").as("v_region"), col("rule_id").as("v_rule"))
        .groupBy("v_region", "v_rule").agg(count(lit(1)).as("violations"));
    Dataset<Row> rules = RuleTable.of(rowsPerRegion.sparkSession(), ruleSet.active(scope, run.cutoffDate()), run)
        .select("rule_id", "severity", "scope");
    return broadcast(rules).crossJoin(rowsPerRegion)
        .join(violated, col("region").eqNullSafe(col("v_region")).and(col("rule_id").equalTo(col("v_rule"))),
            "left")
        .select(col("rule_id"), col("severity"), col("scope"), col("region"), col("rows_checked"),
            coalesce(col("violations"), lit(0L)).as("violations"));
  }

  /** Columns of the table (its folder's {@code scope=} partitions give {@code scope}). */
  public static final StructType SCHEMA = new StructType().add("rule_id", DataTypes.StringType)
      .add("severity", DataTypes.StringType).add("scope", DataTypes.StringType).add("region", DataTypes.StringType)
      .add("rows_checked", DataTypes.LongType).add("violations", DataTypes.LongType);

  /**
   * The results table, a local table built on the driver from the counts of a pass ({@link RegionCounts}): as
   * {@link #fromCounts}, every active rule for every region with rows, in rule order and region order (null first).
   */
  public static Dataset<Row> fromCounted(SparkSession spark, RegionCounts counts, Scope scope, RuleSet ruleSet,
      RunParameters run) {
    Map<String, Long> regions = new TreeMap<>(Comparator.nullsFirst(Comparator.<String>naturalOrder()));
    regions.putAll(counts.rowsPerRegion());
    List<Row> rows = new ArrayList<>();
    for (Row rule : RuleTable.rows(ruleSet.active(scope, run.cutoffDate()), run)) {
      regions.forEach((region, checked) -> rows.add(RowFactory.create(rule.getString(0), rule.getString(1),
          rule.getString(2), region, checked,
          counts.violations().getOrDefault(Arrays.asList(region, rule.getString(0)), 0L))));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
