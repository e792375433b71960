package dk.pathwatch.batch;

import dk.pathwatch.common.SparkPaths;
import dk.pathwatch.validate.RegionCounts;
import dk.pathwatch.validate.RuleSet;
import dk.pathwatch.validate.Scope;
import dk.pathwatch.validate.ValidationErrors;
import dk.pathwatch.validate.ValidationResults;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes one scope's part of {@code validation_errors} and {@code validation_results}: each scope has its own
 * sub-folder {@code scope=<scope>}, so the steps that evaluate different scopes never overwrite each other and
 * the folder still reads as one table with a {@code scope} column. The errors are one pass that writes; the results
 * are counted in one pass without a shuffle ({@link RegionCounts}) and written from the driver (issue #16: three
 * Spark jobs a scope, where the results' own query took a job per stage and the errors one for their rule lookup).
 */
final class ValidationOutputs {
  static final String ERRORS = "validation_errors";
  static final String RESULTS = "validation_results";

  private ValidationOutputs() {}

  /** Writes the errors and results of a checked (and persisted) scope table; returns rows written per table. */
  static Map<String, Object> write(StepRun run, Dataset<Row> checked, Scope scope, RuleSet rules) {
    return write(run, scope, rules, ValidationErrors.of(checked, scope, rules, run.parameters()),
        RegionCounts.ofChecked(checked, scope));
  }

  /**
   * Writes the errors and results of a scope's violations.
   *
   * @param violations one row per broken rule per row ({@link ValidationErrors#VIOLATION_COLUMNS}), every severity
   * @param rowsPerRegion the rows each region had checked ({@code region, rows}; a region may have several rows)
   */
  static Map<String, Object> write(StepRun run, Scope scope, RuleSet rules, Dataset<Row> violations,
      Dataset<Row> rowsPerRegion) {
    return write(run, scope, rules, ValidationErrors.fromViolations(violations, scope, rules, run.parameters()),
        RegionCounts.ofViolations(violations, rowsPerRegion));
  }

  private static Map<String, Object> write(StepRun run, Scope scope, RuleSet rules, Dataset<Row> errors,
      RegionCounts counts) {
    return write(run, scope, errors, ValidationResults.fromCounted(run.spark(), counts, scope, rules,
        run.parameters()));
  }

  /**
   * The run's {@code validation_errors}, every scope, read with the table's schema: the folder is partitioned by
   * scope, so the footer schema of one part file cannot stand for it, and inferring it would be a Spark job.
   */
  static Dataset<Row> readErrors(StepRun run) {
    return SparkPaths.parquet(run.spark().read().schema(ValidationErrors.SCHEMA), run.layout().stagingTable(ERRORS));
  }

  /** Writes errors and results (the dataset scope's, local tables); returns rows written per table. */
  static Map<String, Object> write(StepRun run, Scope scope, Dataset<Row> errors, Dataset<Row> results) {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put(scope.id() + "_errors", writePart(run, ERRORS, scope, errors));
    counts.put(scope.id() + "_results", writePart(run, RESULTS, scope, results));
    return counts;
  }

  private static long writePart(StepRun run, String table, Scope scope, Dataset<Row> rows) {
    return StepRun.writeCounted(rows.drop("scope"), run.layout().stagingTable(table) + "/scope=" + scope.id());
  }
}
