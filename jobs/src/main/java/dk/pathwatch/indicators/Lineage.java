package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lineage from the aggregates back to the records: the {@code cell_id}s each pathway and each clock counts in.
 *
 * <p>The ids are built by the very expansions the aggregates use ({@link Indicators#pathwayValues},
 * {@link Indicators#expandToCells}, {@link Cells#withNational}, {@link Cells#withAllPathways}) and the same
 * {@link Cells#cellId} expression, so a cell's {@code n} (indicators), {@code started} (activity) or {@code n}
 * (mwt) is exactly the number of rows whose {@code cell_ids} contain its id. An orphan or a pathway excluded by an
 * ERROR rule counts in no cell and gets an empty array.
 */
public final class Lineage {
  private static final Logger LOG = LoggerFactory.getLogger(Lineage.class);

  private Lineage() {}

  /**
   * The pathways table with {@code cell_ids} (array of string, sorted, empty when the pathway counts nowhere): the
   * indicator cells of each indicator the pathway has a value for, and its activity cells.
   *
   * @param pathways the pathways table with {@code orphan}, {@code excluded} and the columns {@link Indicators} and
   *     {@link Activity} read
   * @param standardTimes the standard-time table, as given to {@link Indicators#compute}
   */
  public static Dataset<Row> withCellIds(Dataset<Row> pathways, Dataset<Row> standardTimes) {
    LOG.info("lineage: planning the cell ids of the pathways");
    Dataset<Row> indicatorCells = Indicators.expandToCells(Indicators.pathwayValues(pathways, standardTimes))
        .select(col("pathway_id"), Cells.cellId(Indicators.CELL).as("cell_id"));
    Dataset<Row> activityCells = Cells.withAllPathways(Cells.withNational(Cells.countedPathways(pathways)))
        .select(col("pathway_id"), Cells.cellId(Activity.CELL).as("cell_id"));
    Dataset<Row> ids = indicatorCells.unionByName(activityCells)
        .groupBy(col("pathway_id").as("_lineage_id"))
        .agg(array_sort(collect_set(col("cell_id"))).as("_cell_ids"));
    Dataset<Row> joined = pathways.join(ids, pathways.col("pathway_id").equalTo(ids.col("_lineage_id")), "left");
    return joined
        .withColumn("cell_ids", coalesce(col("_cell_ids"), array().cast("array<string>")))
        .drop("_lineage_id", "_cell_ids");
  }

  /**
   * The clocks table with {@code cell_ids}: the mwt cells of the clock's region and {@code national}, empty for a
   * clock excluded by an ERROR rule. Mirrors {@link MwtAggregates#compute} (region and national, a null
   * {@code still_waiting} as false).
   */
  public static Dataset<Row> withClockCellIds(Dataset<Row> clocks) {
    Cells.require(clocks, "clocks", "excluded", "quarter", "region", "rule", "category", "reason", "still_waiting");
    Dataset<Row> keyed = clocks.withColumn("_still_waiting", coalesce(col("still_waiting"), lit(false)));
    Column counted = not(coalesce(col("excluded"), lit(false)));
    Column ids = array(clockCellId(col("region").cast("string")), clockCellId(lit(Cells.NATIONAL)));
    return keyed
        .withColumn("cell_ids", when(counted, ids).otherwise(array().cast("array<string>")))
        .drop("_still_waiting");
  }

  private static Column clockCellId(Column region) {
    return Cells.cellIdOf(MwtAggregates.CELL.stream().map(k -> switch (k) {
      case "region" -> region;
      case "still_waiting" -> col("_still_waiting");
      default -> col(k);
    }).toArray(Column[]::new));
  }
}
