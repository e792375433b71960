package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.RunParameters;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Row accounting of one input table (SPEC §2): rows read = rows used + rows excluded by an ERROR (or BLOCKER)
 * rule, each row counted once however many rules it breaks, + (markers only) rows beyond the cut-off, which do
 * not exist for the run and are not errors. A row that is both excluded and beyond the cut-off counts as
 * excluded, so it stays visible in its region's report. {@code rowsRead} comes from the raw input, the other
 * counts from the checked scope table, so a join that lost or duplicated rows makes the sum fail.
 */
public record RowAccounting(String table, long rowsRead, long rowsUsed, long excludedByError, long beyondCutoff) {

  /** True when the sum holds. */
  public boolean balanced() {
    return rowsRead == rowsUsed + excludedByError + beyondCutoff;
  }

  /** A marker dated or registered after the cut-off (SPEC §4). */
  public static Column beyondCutoff(RunParameters run) {
    Column cutoff = lit(java.sql.Date.valueOf(run.cutoffDate()));
    return coalesce(col("dato_markoer").gt(cutoff), lit(false))
        .or(coalesce(col("dato_indberetning").gt(cutoff), lit(false)));
  }

  /** The rows of the checked marker view the pathway walk may use: not excluded, not beyond the cut-off. */
  public static Column usableMarker(RunParameters run) {
    return col(ScopeEvaluator.EXCLUDED).equalTo(false).and(beyondCutoff(run).equalTo(false));
  }

  /** Accounting of {@code forloebsmarkoerer} from the checked marker view. */
  public static RowAccounting markers(long rowsRead, Dataset<Row> checkedMarkers, RunParameters run) {
    return of("forloebsmarkoerer", rowsRead, checkedMarkers, beyondCutoff(run));
  }

  /**
   * Counts one table in one aggregation and checks the sum.
   *
   * @param beyondCutoff rows that do not exist for the run, or null when the table has no such rows
   * @throws PathwatchException (internal error) when rows read ≠ used + excluded + beyond cut-off
   */
  public static RowAccounting of(String table, long rowsRead, Dataset<Row> checked, Column beyondCutoff) {
    Row counts = checked.select(counted(beyondCutoff)).first();
    return fromCounts(table, rowsRead, counts.getLong(0), counts.getLong(1), counts.getLong(2));
  }

  /**
   * The three counts of a checked table as aggregate expressions (rows, excluded, beyond the cut-off and not
   * excluded), for a pass that computes them on the way ({@code Dataset.observe}).
   *
   * @param beyondCutoff rows that do not exist for the run, or null when the table has no such rows
   */
  public static Column[] counted(Column beyondCutoff) {
    Column excluded = col(ScopeEvaluator.EXCLUDED);
    Column beyond = beyondCutoff == null ? lit(false) : beyondCutoff;
    return new Column[] {count(lit(1)).as("rows_checked"), count_if(excluded).as("rows_excluded"),
        count_if(excluded.equalTo(false).and(beyond)).as("rows_beyond_cutoff")};
  }

  /**
   * The accounting from counts of the checked table (see {@link #counted}).
   *
   * @throws PathwatchException (internal error) when rows read ≠ used + excluded + beyond cut-off
   */
  public static RowAccounting fromCounts(String table, long rowsRead, long total, long excludedRows,
      long beyondRows) {
    RowAccounting accounting = new RowAccounting(table, rowsRead, total - excludedRows - beyondRows, excludedRows,
        beyondRows);
    if (!accounting.balanced()) {
      throw new PathwatchException(ExitCodes.INTERNAL_ERROR, "row accounting does not add up: " + accounting
          + " (the checked table has " + total + " rows)");
    }
    return accounting;
  }

  @Override
  public String toString() {
    return table + ": read " + rowsRead + " = used " + rowsUsed + " + excluded by ERROR " + excludedByError
        + " + beyond cut-off " + beyondCutoff;
  }
}
