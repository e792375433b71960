package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;

import dk.pathwatch.common.RunParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The active rules of a scope as a small table (id, severity, scope, messages) to join or look violations up in. */
final class RuleTable {
  static final StructType SCHEMA = new StructType()
      .add("rule_id", DataTypes.StringType, false)
      .add("severity", DataTypes.StringType, false)
      .add("scope", DataTypes.StringType, false)
      .add("message_da", DataTypes.StringType, true)
      .add("message_en", DataTypes.StringType, true);

  private RuleTable() {}

  static Dataset<Row> of(SparkSession spark, List<Rule> rules, RunParameters run) {
    return spark.createDataFrame(rows(rules, run), SCHEMA);
  }

  /** The rows of {@link #of}, on the driver. */
  static List<Row> rows(List<Rule> rules, RunParameters run) {
    Map<String, String> runValues = Map.of(
        "cutoff_date", run.cutoffDate().toString(), "extraction_date", run.extractionDate().toString());
    List<Row> rows = new ArrayList<>();
    for (Rule r : rules) {
      rows.add(RowFactory.create(r.id(), r.severity().name(), r.scope().id(),
          r.message(r.messageDa(), runValues), r.message(r.messageEn(), runValues)));
    }
    return rows;
  }

  /**
   * The value of column {@code field} of {@code rows} for the rule id in {@code ruleId}: a lookup in a literal map
   * (null for an id not among the rows).
   */
  static Column lookup(List<Row> rows, int field, Column ruleId) {
    if (rows.isEmpty()) {
      return lit(null).cast("string");
    }
    List<Column> entries = new ArrayList<>();
    for (Row r : rows) {
      entries.add(lit(r.getString(0)));
      entries.add(lit(r.getString(field)).cast("string"));
    }
    return element_at(map(entries.toArray(Column[]::new)), ruleId);
  }
}
