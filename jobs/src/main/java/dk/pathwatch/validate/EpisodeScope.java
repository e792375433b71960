package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The episode scope table: the {@code forloeb} rows with what their markers tell, for the episode rules
 * (VR08, VR10, VR23): {@code n_markers}, {@code n_cancer_markers} (AFA/AFB/AFD markers),
 * {@code families} (sorted distinct pathway families of its markers) and {@code families_with_a} (those
 * that have an A marker in the episode). Two aggregations (per family, then per episode) and one join.
 */
public final class EpisodeScope {
  private EpisodeScope() {}

  /**
   * @param episodes the {@code forloeb} table
   * @param markerView the marker view ({@code dk.pathwatch.load.MarkerView}); uses dw_ek_forloeb, family, point
   */
  public static Dataset<Row> build(Dataset<Row> episodes, Dataset<Row> markerView) {
    Column pathwayFamily = when(col("family").notEqual("AFV"), col("family"));
    // per (episode, family) first, a hash aggregation that combines rows before the shuffle; the arrays are then
    // collected from these few rows per episode
    Dataset<Row> perFamily = markerView.groupBy(col("dw_ek_forloeb"), pathwayFamily.as("pathway_family")).agg(
        count(lit(1)).as("n"),
        max(col("point").equalTo("A")).as("has_a"));
    Column family = col("pathway_family");
    Dataset<Row> perEpisode = perFamily.groupBy("dw_ek_forloeb").agg(
        sum("n").as("n_markers"),
        sum(when(family.isNotNull(), col("n"))).as("n_cancer_markers"),
        sort_array(collect_list(family)).as("families"),
        sort_array(collect_list(when(col("has_a"), family))).as("families_with_a"));
    Column noFamilies = array().cast("array<string>");
    return episodes.join(perEpisode, "dw_ek_forloeb", "left")
        .withColumn("n_markers", coalesce(col("n_markers"), lit(0L)))
        .withColumn("n_cancer_markers", coalesce(col("n_cancer_markers"), lit(0L)))
        .withColumn("families", coalesce(col("families"), noFamilies))
        .withColumn("families_with_a", coalesce(col("families_with_a"), noFamilies));
  }
}
