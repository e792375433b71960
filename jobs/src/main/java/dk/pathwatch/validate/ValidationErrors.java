package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import dk.pathwatch.common.RunParameters;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code validation_errors} rows of one scope (SPEC §6): one row per broken rule per row of a checked
 * scope table, with the keys a region needs to find the record. Columns: {@code rule_id, severity, scope,
 * region, dw_ek_forloeb, markoer, dato_markoer, tidspunkt_markoer, pathway_id, message_da, message_en};
 * a key the scope does not have is null. INFO rules are counted in {@link ValidationResults} only (SPEC §2:
 * "counted in the run summary only"), so they have no rows here.
 */
public final class ValidationErrors {
  /** Column order of the table. */
  public static final List<String> COLUMNS = List.of("rule_id", "severity", "scope", "region", "dw_ek_forloeb",
      "markoer", "dato_markoer", "tidspunkt_markoer", "pathway_id", "message_da", "message_en");

  /** The table's schema: {@link #COLUMNS}, strings but for the date {@code dato_markoer}. */
  public static final StructType SCHEMA = schema();

  private ValidationErrors() {}

  private static StructType schema() {
    StructType schema = new StructType();
    for (String c : COLUMNS) {
      schema = schema.add(c, c.equals("dato_markoer") ? DataTypes.DateType : DataTypes.StringType);
    }
    return schema;
  }

  /** Columns of a scope's violations: one row per broken rule per row, with its region and keys. */
  public static final List<String> VIOLATION_COLUMNS = List.of("rule_id", "region", "dw_ek_forloeb", "markoer",
      "dato_markoer", "tidspunkt_markoer", "pathway_id");

  /**
   * @param checked a scope table after {@link ScopeEvaluator#evaluate}
   */
  public static Dataset<Row> of(Dataset<Row> checked, Scope scope, RuleSet ruleSet, RunParameters run) {
    return fromViolations(violations(checked, scope), scope, ruleSet, run);
  }

  /**
   * One row per broken rule per row of a checked scope table ({@link #VIOLATION_COLUMNS}; a key the scope does not
   * have is null), every severity.
   */
  public static Dataset<Row> violations(Dataset<Row> checked, Scope scope) {
    Set<String> present = Set.copyOf(Arrays.asList(checked.columns()));
    return checked
        .where(size(col(ScopeEvaluator.BROKEN_RULES)).gt(0))
        .select(explode(col(ScopeEvaluator.BROKEN_RULES)).as("rule_id"),
            col(scope.regionColumn()).cast("string").as("region"),
            key(present, "dw_ek_forloeb", "string"),
            key(present, "markoer", "string"),
            key(present, "dato_markoer", "date"),
            key(present, "tidspunkt_markoer", "string"),
            key(present, "pathway_id", "string"));
  }

  /**
   * The errors table of a scope's violations: the non-INFO ones with the rule's severity and messages, looked up in
   * a literal map of the scope's few rules (a join would broadcast the rule table: a Spark job of its own).
   *
   * @param violations columns {@link #VIOLATION_COLUMNS} (missing keys are taken as null)
   */
  public static Dataset<Row> fromViolations(Dataset<Row> violations, Scope scope, RuleSet ruleSet,
      RunParameters run) {
    Set<String> present = Set.copyOf(Arrays.asList(violations.columns()));
    List<Row> reported = RuleTable.rows(ruleSet.active(scope, run.cutoffDate()), run).stream()
        .filter(r -> !r.getString(1).equals(Severity.INFO.name())).toList();
    Column ruleId = col("rule_id");
    Column isReported = reported.isEmpty() ? lit(false)
        : ruleId.isin(reported.stream().map(r -> r.getString(0)).toArray());
    return violations.where(isReported).select(ruleId,
        RuleTable.lookup(reported, 1, ruleId).as("severity"), lit(scope.id()).as("scope"),
        col("region").cast("string").as("region"),
        key(present, "dw_ek_forloeb", "string"), key(present, "markoer", "string"),
        key(present, "dato_markoer", "date"), key(present, "tidspunkt_markoer", "string"),
        key(present, "pathway_id", "string"),
        RuleTable.lookup(reported, 3, ruleId).as("message_da"), RuleTable.lookup(reported, 4, ruleId).as("message_en"));
  }

  private static Column key(Set<String> present, String name, String type) {
    return (present.contains(name) ? col(name).cast(type) : lit(null).cast(type)).as(name);
  }
}
