package dk.pathwatch.validate;

import dk.pathwatch.common.RunParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The active rules of a scope as a small DataFrame (id, severity, scope, messages) to join violations to. */
final class RuleTable {
  static final StructType SCHEMA = new StructType()
      .add("rule_id", DataTypes.StringType, false)
      .add("severity", DataTypes.StringType, false)
      .add("scope", DataTypes.StringType, false)
      .add("message_da", DataTypes.StringType, true)
      .add("message_en", DataTypes.StringType, true);

  private RuleTable() {}

  static Dataset<Row> of(SparkSession spark, List<Rule> rules, RunParameters run) {
    Map<String, String> runValues = Map.of(
        "cutoff_date", run.cutoffDate().toString(), "extraction_date", run.extractionDate().toString());
    List<Row> rows = new ArrayList<>();
    for (Rule r : rules) {
      rows.add(RowFactory.create(r.id(), r.severity().name(), r.scope().id(),
          r.message(r.messageDa(), runValues), r.message(r.messageEn(), runValues)));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
