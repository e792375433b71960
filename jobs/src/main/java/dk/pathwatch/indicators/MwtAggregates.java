package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Maximum-waiting-time aggregates of SPEC §5: one row per quarter × region (and {@code national}) × rule × category
 * × reason, with {@code n} (clocks) and {@code n_still_waiting} (the part of n still waiting at the cut-off); every
 * cell of the grid is written, zeros included ({@link Grid}).
 */
public final class MwtAggregates {
  /** The key of an mwt cell apart from region; the disclosure groups of the published table. */
  public static final List<String> GROUP = List.of("quarter", "rule", "category", "reason");
  /** The key of an mwt cell, in this order also the parts of {@code cell_id} (a null reason is empty). */
  public static final List<String> CELL = List.of("quarter", "region", "rule", "category", "reason");

  private MwtAggregates() {}

  /**
   * Columns {@code quarter, region, rule, category, reason, n, n_still_waiting, cell_id}.
   *
   * @param clocks the clocks that count (the caller leaves out those excluded by an ERROR rule)
   */
  public static Dataset<Row> compute(Dataset<Row> clocks, Grid grid) {
    Cells.require(clocks, "clocks", "rule", "category", "reason", "still_waiting", "region", "quarter");
    Dataset<Row> counted = Cells.withNational(clocks)
        .groupBy("quarter", "region", "rule", "category", "reason")
        .agg(count(lit(1)).as("n"),
            sum(when(coalesce(col("still_waiting"), lit(false)), 1L).otherwise(0L)).as("n_still_waiting"))
        .withColumn("cell_id", Cells.cellId(CELL));
    List<String> quarters = clocks.select("quarter").distinct().as(Encoders.STRING()).collectAsList().stream()
        .filter(java.util.Objects::nonNull).toList();
    return Grid.fill(counted, CELL, grid.mwtCells(quarters)).select(col("quarter"), col("region"), col("rule"),
        col("category"), col("reason"), coalesce(col("n"), lit(0L)).as("n"),
        coalesce(col("n_still_waiting"), lit(0L)).as("n_still_waiting"), col("cell_id"));
  }
}
