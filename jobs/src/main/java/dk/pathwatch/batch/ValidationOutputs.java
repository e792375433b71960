package dk.pathwatch.batch;

import dk.pathwatch.common.SparkPaths;
import dk.pathwatch.validate.RuleSet;
import dk.pathwatch.validate.Scope;
import dk.pathwatch.validate.ValidationErrors;
import dk.pathwatch.validate.ValidationResults;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes one scope's part of {@code validation_errors} and {@code validation_results}: each scope has its own
 * sub-folder {@code scope=<scope>}, so the steps that evaluate different scopes never overwrite each other and
 * the folder still reads as one table with a {@code scope} column.
 */
final class ValidationOutputs {
  static final String ERRORS = "validation_errors";
  static final String RESULTS = "validation_results";

  private ValidationOutputs() {}

  /** Writes the errors and results of a checked (and persisted) scope table; returns rows written per table. */
  static Map<String, Object> write(StepRun run, Dataset<Row> checked, Scope scope, RuleSet rules) {
    return write(run, scope, ValidationErrors.of(checked, scope, rules, run.parameters()),
        ValidationResults.of(checked, scope, rules, run.parameters()));
  }

  static Map<String, Object> write(StepRun run, Scope scope, Dataset<Row> errors, Dataset<Row> results) {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put(scope.id() + "_errors", writePart(run, ERRORS, scope, errors));
    counts.put(scope.id() + "_results", writePart(run, RESULTS, scope, results));
    return counts;
  }

  private static long writePart(StepRun run, String table, Scope scope, Dataset<Row> rows) {
    String path = run.layout().stagingTable(table) + "/scope=" + scope.id();
    rows.drop("scope").write().mode(SaveMode.Overwrite).parquet(path);
    return SparkPaths.parquet(run.spark(), path).count();
  }
}
