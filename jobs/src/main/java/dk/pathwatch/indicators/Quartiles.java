package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Exact quartiles with SAS's default definition (PCTLDEF=5, SPEC §4): for sorted x₁…xₙ and p, let n·p = j + g
 * (j integer, 0 ≤ g &lt; 1); the quantile is x_{j+1} when g &gt; 0 and (x_j + x_{j+1}) / 2 when g = 0.
 *
 * <p>Computed without approximation, UDFs or collecting a group: the caller counts rows per (group, value); a
 * window gives each value its running count, so the value at sorted position k is the one whose running count
 * range (cum − c, cum] holds k; x_j and x_{j+1} are then picked by conditional aggregation. With p = k/4 the split
 * n·p = j + g is integer arithmetic: j = (n·k) div 4, g = 0 exactly when n·k is divisible by 4.
 */
public final class Quartiles {
  /** The name of the definition, to be recorded with the figures. */
  public static final String DEFINITION = "SAS PCTLDEF=5";
  private static final String[] NAMES = {"q1", "median", "q3"};

  private Quartiles() {}

  /**
   * Aggregates {@code dayCounts} (one row per group key and distinct {@code valueCol}, with the number of rows
   * {@code countCol}) to one row per group: the keys, {@code n} (sum of counts), {@code q1}, {@code median},
   * {@code q3} (doubles), and the caller's {@code extraAggregates} over the same rows.
   */
  public static Dataset<Row> fromDayCounts(Dataset<Row> dayCounts, List<String> keys, String valueCol,
      String countCol, List<Column> extraAggregates) {
    Column[] keyCols = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    WindowSpec group = Window.partitionBy(keyCols);
    WindowSpec sorted = Window.partitionBy(keyCols).orderBy(col(valueCol))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> positioned = dayCounts
        .withColumn("_n", sum(col(countCol)).over(group))
        .withColumn("_cum", sum(col(countCol)).over(sorted))
        .withColumn("_prev", col("_cum").minus(col(countCol)));
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(col(countCol)).as("n"));
    for (int k = 1; k <= 3; k++) {
      Column j = col("_n").multiply(k).divide(4).cast("long"); // floor: n·k ≥ 0
      aggs.add(max(valueAt(j, valueCol)).as("_lo" + k));
      aggs.add(max(valueAt(j.plus(1), valueCol)).as("_hi" + k));
      aggs.add(max(col("_n").multiply(k).mod(4).equalTo(0)).as("_even" + k));
    }
    aggs.addAll(extraAggregates);
    Dataset<Row> picked = positioned.groupBy(keyCols)
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    for (int k = 1; k <= 3; k++) {
      Column hi = col("_hi" + k).cast("double");
      picked = picked.withColumn(NAMES[k - 1],
          when(col("_even" + k), col("_lo" + k).plus(col("_hi" + k)).divide(lit(2.0))).otherwise(hi))
          .drop("_lo" + k, "_hi" + k, "_even" + k);
    }
    return picked;
  }

  /** The value when sorted position {@code pos} falls among this value's rows, else null. */
  private static Column valueAt(Column pos, String valueCol) {
    return when(col("_prev").lt(pos).and(pos.leq(col("_cum"))), col(valueCol));
  }
}
