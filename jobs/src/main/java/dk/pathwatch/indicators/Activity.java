package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dk.pathwatch.pathways.PathwayBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Activity counts of SPEC §4 per quarter (of A) × region (and {@code national}) × pathway (and {@code all}), the
 * same for every family, from the pathway's {@code status}: {@code started} (every pathway),
 * {@code investigation_started} (has a B), {@code treated} (has an F), {@code closed_without_treatment} (no F,
 * ended by an X or restarted), {@code open_at_cutoff} (no F, no X, not restarted), so started = treated +
 * closed_without_treatment + open_at_cutoff; and {@code disproven} (ended by X1), a part of
 * closed_without_treatment. Orphans and excluded pathways (VR18) count nowhere. Every cell of the grid is written,
 * zeros included ({@link Grid}).
 *
 * <p>One Spark aggregation per own (quarter, region, pathway), collected (a few thousand rows); the expansion to
 * {@code national} and {@code all} and the grid are added on the driver.
 */
public final class Activity {
  /** The count columns, in output order (each gets its own disclosure flag when published). */
  public static final List<String> COUNTS = List.of("started", "investigation_started", "disproven", "treated",
      "closed_without_treatment", "open_at_cutoff");
  /** The key of an activity cell, in this order also the parts of {@code cell_id}. */
  public static final List<String> CELL = List.of("quarter", "region", "pathway");

  private Activity() {}

  /** The counts per own cell of the counted pathways, collected on the driver. */
  public record Counts(SparkSession spark, Map<List<String>, long[]> own) {
    /** The distinct quarters of the counted pathways (those of {@link Cells#quarters}), sorted. */
    public List<String> quarters() {
      return own.keySet().stream().map(k -> k.get(0)).filter(Objects::nonNull).distinct().sorted().toList();
    }

    /**
     * Columns {@code quarter, region, pathway}, {@link #COUNTS} (longs; zero where none) and {@code cell_id}, a row
     * for every cell of the grid.
     */
    public Dataset<Row> table(Grid grid) {
      Map<List<String>, long[]> cells = new HashMap<>();
      own.forEach((key, counts) -> {
        for (String region : Cells.regionCells(key.get(1))) {
          for (String pathway : Cells.pathwayCells(key.get(2))) {
            long[] sum = cells.computeIfAbsent(Arrays.asList(key.get(0), region, pathway), k -> new long[COUNTS.size()]);
            for (int i = 0; i < sum.length; i++) {
              sum[i] += counts[i];
            }
          }
        }
      });
      List<Row> rows = new ArrayList<>();
      for (Map.Entry<List<String>, long[]> cell : Cells.withGrid(cells, grid.activityCells(quarters()))) {
        List<Object> values = new ArrayList<>(cell.getKey());
        long[] counts = cell.getValue() == null ? new long[COUNTS.size()] : cell.getValue();
        Arrays.stream(counts).forEach(values::add);
        values.add(Cells.cellIdOfKey(cell.getKey()));
        rows.add(RowFactory.create(values.toArray()));
      }
      return spark.createDataFrame(rows, SCHEMA);
    }
  }

  private static final StructType SCHEMA = schema();
  /** The aggregations of {@link #COUNTS}, in that order. */
  static final Column[] COUNTED = {
      count(lit(1)).as("started"),
      count(col("date_b")).as("investigation_started"),
      countWhere(col("status").equalTo(PathwayBuilder.DISPROVEN)).as("disproven"),
      countWhere(col("status").equalTo(PathwayBuilder.TREATED)).as("treated"),
      countWhere(col("status").isin(PathwayBuilder.CLOSED_WITHOUT_TREATMENT, PathwayBuilder.DISPROVEN))
          .as("closed_without_treatment"),
      countWhere(col("status").equalTo(PathwayBuilder.OPEN)).as("open_at_cutoff")};

  /** {@link Counts#table} of the pathways (one Spark job for the counts). */
  public static Dataset<Row> compute(Dataset<Row> pathways, Grid grid) {
    return counted(pathways).table(grid);
  }

  /** Counts the counted pathways per own (quarter, region, pathway) in one Spark aggregation. */
  public static Counts counted(Dataset<Row> pathways) {
    Cells.require(pathways, "pathways", "quarter", "region", "pathway", "date_b", "status");
    Map<List<String>, long[]> own = new HashMap<>();
    for (Row r : Cells.countedPathways(pathways)
        .groupBy(col("quarter").cast("string"), col("region").cast("string"), col("pathway").cast("string"))
        .agg(COUNTED[0], Arrays.copyOfRange(COUNTED, 1, COUNTED.length))
        .collectAsList()) {
      long[] counts = new long[COUNTS.size()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = r.getLong(3 + i);
      }
      own.put(Arrays.asList(r.getString(0), r.getString(1), r.getString(2)), counts);
    }
    return new Counts(pathways.sparkSession(), own);
  }

  private static StructType schema() {
    StructType s = new StructType();
    for (String k : CELL) {
      s = s.add(k, DataTypes.StringType, true);
    }
    for (String c : COUNTS) {
      s = s.add(c, DataTypes.LongType, true);
    }
    return s.add("cell_id", DataTypes.StringType, true);
  }

  private static Column countWhere(Column condition) {
    return sum(when(coalesce(condition, lit(false)), 1L).otherwise(0L));
  }
}
