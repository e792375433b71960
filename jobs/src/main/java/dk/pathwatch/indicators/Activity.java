package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dk.pathwatch.pathways.PathwayBuilder;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Activity counts of SPEC §4 per quarter (of A) × region (and {@code national}) × pathway (and {@code all}), the
 * same for every family, from the pathway's {@code status}: {@code started} (every pathway),
 * {@code investigation_started} (has a B), {@code treated} (has an F), {@code closed_without_treatment} (no F,
 * ended by an X or restarted), {@code open_at_cutoff} (no F, no X, not restarted), so started = treated +
 * closed_without_treatment + open_at_cutoff; and {@code disproven} (ended by X1), a part of
 * closed_without_treatment. Orphans and excluded pathways (VR18) count nowhere. Every cell of the grid is written,
 * zeros included ({@link Grid}).
 */
public final class Activity {
  /** The count columns, in output order (each gets its own disclosure flag when published). */
  public static final List<String> COUNTS = List.of("started", "investigation_started", "disproven", "treated",
      "closed_without_treatment", "open_at_cutoff");
  /** The key of an activity cell, in this order also the parts of {@code cell_id}. */
  public static final List<String> CELL = List.of("quarter", "region", "pathway");

  private Activity() {}

  /**
   * Columns {@code quarter, region, pathway}, {@link #COUNTS} (longs; zero where none) and {@code cell_id}, a row
   * for every cell of the grid.
   */
  public static Dataset<Row> compute(Dataset<Row> pathways, Grid grid) {
    Cells.require(pathways, "pathways", "quarter", "region", "pathway", "date_b", "status");
    Dataset<Row> cells = Cells.withAllPathways(Cells.withNational(Cells.countedPathways(pathways)));
    Dataset<Row> counted = cells.groupBy("quarter", "region", "pathway").agg(
        count(lit(1)).as("started"),
        count(col("date_b")).as("investigation_started"),
        countWhere(col("status").equalTo(PathwayBuilder.DISPROVEN)).as("disproven"),
        countWhere(col("status").equalTo(PathwayBuilder.TREATED)).as("treated"),
        countWhere(col("status").isin(PathwayBuilder.CLOSED_WITHOUT_TREATMENT, PathwayBuilder.DISPROVEN))
            .as("closed_without_treatment"),
        countWhere(col("status").equalTo(PathwayBuilder.OPEN)).as("open_at_cutoff"))
        .withColumn("cell_id", Cells.cellId(CELL));
    Dataset<Row> all = Grid.fill(counted, CELL, grid.activityCells(Cells.quarters(pathways)));
    List<Column> out = new ArrayList<>(CELL.stream().map(c -> col(c)).toList());
    COUNTS.forEach(c -> out.add(coalesce(col(c), lit(0L)).as(c)));
    out.add(col("cell_id"));
    return all.select(out.toArray(Column[]::new));
  }

  private static Column countWhere(Column condition) {
    return sum(when(coalesce(condition, lit(false)), 1L).otherwise(0L));
  }
}
