package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

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
 * Maximum-waiting-time aggregates of SPEC §5: one row per quarter × region (and {@code national}) × rule × category
 * × reason, with {@code n} (clocks) and {@code n_still_waiting} (the part of n still waiting at the cut-off); every
 * cell of the grid is written, zeros included ({@link Grid}). One Spark aggregation per own cell, collected; the
 * {@code national} rows and the grid are added on the driver.
 */
public final class MwtAggregates {
  /** The key of an mwt cell apart from region; the disclosure groups of the published table. */
  public static final List<String> GROUP = List.of("quarter", "rule", "category", "reason");
  /** The key of an mwt cell, in this order also the parts of {@code cell_id} (a null reason is empty). */
  public static final List<String> CELL = List.of("quarter", "region", "rule", "category", "reason");
  private static final StructType SCHEMA = schema();

  private MwtAggregates() {}

  /** The mwt table and, from the same aggregation, the clocks whose limit is unverified. */
  public record Counted(Dataset<Row> table, long unverifiedLimits) {}

  /**
   * Columns {@code quarter, region, rule, category, reason, n, n_still_waiting, cell_id}.
   *
   * @param clocks the clocks that count (the caller leaves out those excluded by an ERROR rule)
   */
  public static Dataset<Row> compute(Dataset<Row> clocks, Grid grid) {
    return table(aggregated(clocks), grid, clocks.sparkSession());
  }

  /**
   * {@link #compute} of the clocks not excluded ({@code excluded} false) and the number of clocks, excluded or not,
   * whose limit is unverified ({@code limit_verified} false), from one aggregation over every clock grouped also on
   * those two flags: one read of the clocks. (Not an observation: when the scan yields no row, adaptive execution
   * replaces the aggregation by an empty relation and the observation never arrives.)
   *
   * @param clocks every clock of the clocks table
   */
  public static Counted computeCounting(Dataset<Row> clocks, Grid grid) {
    Cells.require(clocks, "clocks", "excluded", "limit_verified");
    long unverified = 0;
    List<Row> counted = new ArrayList<>();
    int excluded = CELL.size() + 2;
    for (Row r : aggregated(clocks, col("excluded"), col("limit_verified"))) {
      if (!r.isNullAt(excluded + 1) && !r.getBoolean(excluded + 1)) {
        unverified += r.getLong(CELL.size());
      }
      if (!r.isNullAt(excluded) && !r.getBoolean(excluded)) {
        counted.add(r);
      }
    }
    return new Counted(table(counted, grid, clocks.sparkSession()), unverified);
  }

  /** Per own cell (and the extra keys, after the counts): {@link #CELL} as strings, {@code n, n_still_waiting}. */
  private static List<Row> aggregated(Dataset<Row> clocks, Column... extraKeys) {
    Cells.require(clocks, "clocks", "rule", "category", "reason", "still_waiting", "region", "quarter");
    List<Column> keys = new ArrayList<>(CELL.stream().map(k -> col(k).cast("string").as(k)).toList());
    keys.addAll(Arrays.asList(extraKeys));
    List<Column> output = new ArrayList<>(CELL.stream().map(k -> col(k)).toList());
    output.add(col("n"));
    output.add(col("n_still_waiting"));
    output.addAll(Arrays.stream(extraKeys).toList());
    return clocks.groupBy(keys.toArray(Column[]::new))
        .agg(count(lit(1)).as("n"),
            sum(when(coalesce(col("still_waiting"), lit(false)), 1L).otherwise(0L)).as("n_still_waiting"))
        .select(output.toArray(Column[]::new))
        .collectAsList();
  }

  /** The table of the own cells' counts: the {@code national} rows and the grid added. */
  private static Dataset<Row> table(List<Row> own, Grid grid, SparkSession spark) {
    Map<List<String>, long[]> cells = new HashMap<>();
    List<String> quarters = new ArrayList<>();
    for (Row r : own) {
      quarters.add(r.getString(0));
      for (String region : Cells.regionCells(r.getString(1))) {
        long[] sum = cells.computeIfAbsent(Arrays.asList(r.getString(0), region, r.getString(2), r.getString(3),
            r.getString(4)), k -> new long[2]);
        sum[0] += r.getLong(5);
        sum[1] += r.getLong(6);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<List<String>, long[]> cell : Cells.withGrid(cells,
        grid.mwtCells(quarters.stream().filter(Objects::nonNull).distinct().toList()))) {
      long[] counts = cell.getValue() == null ? new long[2] : cell.getValue();
      List<Object> values = new ArrayList<>(cell.getKey());
      values.add(counts[0]);
      values.add(counts[1]);
      values.add(Cells.cellIdOfKey(cell.getKey()));
      rows.add(RowFactory.create(values.toArray()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static StructType schema() {
    StructType s = new StructType();
    for (String k : CELL) {
      s = s.add(k, DataTypes.StringType, true);
    }
    return s.add("n", DataTypes.LongType, true).add("n_still_waiting", DataTypes.LongType, true)
        .add("cell_id", DataTypes.StringType, true);
  }
}
