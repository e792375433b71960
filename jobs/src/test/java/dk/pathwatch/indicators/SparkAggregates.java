package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The aggregates as the job computed them before they were finished on the driver (up to 378bfee): every step a
 * Spark aggregation, window or join. Kept as the reference that {@link AggregatesOnDriverTest} compares the driver's
 * tables with, row for row, on handcrafted fixtures.
 */
final class SparkAggregates {
  private static final String[] QUARTILE_NAMES = {"q1", "median", "q3"};

  private SparkAggregates() {}

  static Dataset<Row> indicators(Dataset<Row> pathways, Dataset<Row> standardTimes, Grid grid) {
    List<String> cell = Indicators.CELL;
    Dataset<Row> ownCells = Indicators.pathwayValues(pathways, standardTimes).groupBy(cellAnd("days")).agg(
        count(lit(1)).as("c"),
        sum(when(col("within"), 1).otherwise(0)).as("c_within"),
        sum(when(col("no_standard"), 1).otherwise(0)).as("c_no_standard"),
        max(col("standard_verified").equalTo(false)).as("c_unverified"));
    Dataset<Row> perDay = expandToCells(ownCells).groupBy(cellAnd("days")).agg(
        sum("c").as("c"),
        sum("c_within").as("c_within"),
        sum("c_no_standard").as("c_no_standard"),
        max("c_unverified").as("c_unverified"));
    Dataset<Row> aggregated = fromDayCounts(perDay, cell, "days", "c", List.of(
        sum("c_within").as("n_within_all"),
        sum("c_no_standard").as("n_no_standard"),
        max(col("c_unverified")).as("unverified")))
        .withColumn("cell_id", Cells.cellId(cell));
    Dataset<Row> cells = fill(aggregated, cell, grid.indicatorCells(Cells.quarters(pathways)));
    Column hasStandard = col("indicator").isin(Indicators.indicatorsWithStandards(standardTimes).toArray());
    Column n = coalesce(col("n"), lit(0L));
    Column noStandard = coalesce(col("n_no_standard"), lit(0L));
    Column nWithin = coalesce(col("n_within_all"), lit(0L));
    Column usable = n.minus(noStandard);
    return cells.select(
        col("quarter"), col("region"), col("pathway"), col("modality"), col("indicator"),
        n.as("n"),
        when(hasStandard, nWithin).as("n_within"),
        when(hasStandard.and(usable.gt(0)), nWithin.divide(usable)).as("share_within"),
        col("q1"), col("median"), col("q3"),
        noStandard.as("n_no_standard"),
        coalesce(col("unverified"), lit(false)).as("uses_unverified_standard"),
        col("cell_id"));
  }

  static Dataset<Row> activity(Dataset<Row> pathways, Grid grid) {
    Dataset<Row> cells = Cells.withAllPathways(Cells.withNational(Cells.countedPathways(pathways)));
    Dataset<Row> counted = cells.groupBy("quarter", "region", "pathway")
        .agg(Activity.COUNTED[0], java.util.Arrays.copyOfRange(Activity.COUNTED, 1, Activity.COUNTED.length))
        .withColumn("cell_id", Cells.cellId(Activity.CELL));
    Dataset<Row> all = fill(counted, Activity.CELL, grid.activityCells(Cells.quarters(pathways)));
    List<Column> out = new ArrayList<>(Activity.CELL.stream().map(c -> col(c)).toList());
    Activity.COUNTS.forEach(c -> out.add(coalesce(col(c), lit(0L)).as(c)));
    out.add(col("cell_id"));
    return all.select(out.toArray(Column[]::new));
  }

  static Dataset<Row> mwt(Dataset<Row> clocks, Grid grid) {
    Dataset<Row> counted = Cells.withNational(clocks)
        .groupBy("quarter", "region", "rule", "category", "reason")
        .agg(count(lit(1)).as("n"),
            sum(when(coalesce(col("still_waiting"), lit(false)), 1L).otherwise(0L)).as("n_still_waiting"))
        .withColumn("cell_id", Cells.cellId(MwtAggregates.CELL));
    List<String> quarters = clocks.select("quarter").distinct().as(Encoders.STRING()).collectAsList().stream()
        .filter(java.util.Objects::nonNull).toList();
    return fill(counted, MwtAggregates.CELL, grid.mwtCells(quarters)).select(col("quarter"), col("region"),
        col("rule"), col("category"), col("reason"), coalesce(col("n"), lit(0L)).as("n"),
        coalesce(col("n_still_waiting"), lit(0L)).as("n_still_waiting"), col("cell_id"));
  }

  /** SAS PCTLDEF=5 quartiles per group with a running-count window and conditional aggregation. */
  static Dataset<Row> fromDayCounts(Dataset<Row> dayCounts, List<String> keys, String valueCol, String countCol,
      List<Column> extraAggregates) {
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
      Column j = col("_n").multiply(k).divide(4).cast("long");
      aggs.add(max(valueAt(j, valueCol)).as("_lo" + k));
      aggs.add(max(valueAt(j.plus(1), valueCol)).as("_hi" + k));
      aggs.add(max(col("_n").multiply(k).mod(4).equalTo(0)).as("_even" + k));
    }
    aggs.addAll(extraAggregates);
    Dataset<Row> picked = positioned.groupBy(keyCols)
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    for (int k = 1; k <= 3; k++) {
      Column hi = col("_hi" + k).cast("double");
      picked = picked.withColumn(QUARTILE_NAMES[k - 1],
          when(col("_even" + k), col("_lo" + k).plus(col("_hi" + k)).divide(lit(2.0))).otherwise(hi))
          .drop("_lo" + k, "_hi" + k, "_even" + k);
    }
    return picked;
  }

  private static Column valueAt(Column pos, String valueCol) {
    return when(col("_prev").lt(pos).and(pos.leq(col("_cum"))), col(valueCol));
  }

  /** The aggregate plus a row for every grid cell whose cell_id it lacks (a left anti join). */
  static Dataset<Row> fill(Dataset<Row> aggregated, List<String> key, List<List<String>> cells) {
    StructType schema = new StructType();
    for (String k : key) {
      schema = schema.add(k, DataTypes.StringType, true);
    }
    List<Row> rows = cells.stream().map(c -> RowFactory.create(c.toArray())).toList();
    Dataset<Row> grid = aggregated.sparkSession().createDataFrame(rows, schema).withColumn("cell_id",
        Cells.cellId(key));
    Dataset<Row> missing = grid.join(aggregated.select(col("cell_id")), "cell_id", "left_anti");
    return aggregated.unionByName(missing, true);
  }

  private static Dataset<Row> expandToCells(Dataset<Row> values) {
    Column modalities = when(col("indicator").isin(Indicators.BY_MODALITY.toArray()).and(col("modality").isNotNull()),
        array(col("modality"), lit(Cells.ALL_MODALITIES))).otherwise(array(lit(Cells.ALL_MODALITIES)));
    return Cells.withAllPathways(Cells.withNational(values)).withColumn("modality", explode(modalities));
  }

  private static Column[] cellAnd(String more) {
    List<Column> cols = new ArrayList<>(Indicators.CELL.stream().map(c -> col(c)).toList());
    cols.add(col(more));
    return cols.toArray(Column[]::new);
  }
}
