package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Activity counts of SPEC §4 per quarter (of A) × region (and {@code national}) × pathway (and {@code all}):
 * pathways started, with an investigation start (B), disproven (end code X1), treated (an F), closed without
 * treatment, and still open at the cut-off. Orphans and excluded pathways count nowhere.
 */
public final class Activity {
  /** The count columns, in output order (each gets its own disclosure flag when published). */
  public static final List<String> COUNTS = List.of("started", "investigation_started", "disproven", "treated",
      "closed_without_treatment", "open_at_cutoff");
  /** The key of an activity cell, in this order also the parts of {@code cell_id}. */
  public static final List<String> CELL = List.of("quarter", "region", "pathway");

  private Activity() {}

  /** Columns {@code quarter, region, pathway}, {@link #COUNTS} (longs; zero where none) and {@code cell_id}. */
  public static Dataset<Row> compute(Dataset<Row> pathways) {
    Cells.require(pathways, "pathways", "quarter", "region", "pathway", "date_b", "date_f", "end_code", "status",
        "open_at_cutoff");
    Dataset<Row> cells = Cells.withAllPathways(Cells.withNational(Cells.countedPathways(pathways)));
    return cells.groupBy("quarter", "region", "pathway").agg(
        count(lit(1)).as("started"),
        count(col("date_b")).as("investigation_started"),
        countWhere(col("end_code").endsWith("X1")).as("disproven"),
        count(col("date_f")).as("treated"),
        countWhere(col("status").equalTo("closed_without_treatment")).as("closed_without_treatment"),
        countWhere(col("open_at_cutoff")).as("open_at_cutoff"))
        .withColumn("cell_id", Cells.cellId(CELL));
  }

  private static Column countWhere(Column condition) {
    return sum(when(coalesce(condition, lit(false)), 1L).otherwise(0L));
  }
}
