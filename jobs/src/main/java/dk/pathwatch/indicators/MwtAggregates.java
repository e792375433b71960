package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Maximum-waiting-time aggregates of SPEC §5: the number of clocks per quarter × region (and {@code national}) ×
 * rule × category × reason. {@code still_waiting} is kept as a key too, so that the running clocks that already
 * broke their limit stay apart from the stopped ones of the same category.
 */
public final class MwtAggregates {
  /** The key of an mwt cell apart from region; the disclosure groups of the published table. */
  public static final List<String> GROUP = List.of("quarter", "rule", "category", "reason", "still_waiting");
  /** The key of an mwt cell, in this order also the parts of {@code cell_id} (a null reason is empty). */
  public static final List<String> CELL = List.of("quarter", "region", "rule", "category", "reason", "still_waiting");

  private MwtAggregates() {}

  /** Columns {@code quarter, region, rule, category, reason, still_waiting, n, cell_id}. */
  public static Dataset<Row> compute(Dataset<Row> clocks) {
    Cells.require(clocks, "clocks", "rule", "category", "reason", "still_waiting", "region", "quarter");
    Dataset<Row> cells = Cells.withNational(clocks)
        .withColumn("still_waiting", coalesce(col("still_waiting"), lit(false)));
    return cells.groupBy("quarter", "region", "rule", "category", "reason", "still_waiting")
        .agg(count(lit(1)).as("n"))
        .withColumn("cell_id", Cells.cellId(CELL));
  }
}
