package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The episode scope table: the {@code forloeb} rows with what their markers tell, for the episode rules
 * (VR08, VR10, VR23): {@code n_markers}, {@code n_cancer_markers} (AFA/AFB/AFD markers),
 * {@code families} (sorted distinct pathway families of its markers) and {@code families_with_a} (those
 * that have an A marker in the episode). The person walk gathers these per episode ({@link EpisodeFacts}); here
 * they are joined to every episode row, zeros and empty lists for an episode without markers.
 */
public final class EpisodeScope {
  private EpisodeScope() {}

  /**
   * @param episodes the {@code forloeb} table
   * @param facts one row per episode key with markers: {@code dw_ek_forloeb, n_markers, n_cancer_markers,
   *     families, families_with_a} (the walk's {@code episode} rows)
   */
  public static Dataset<Row> fromFacts(Dataset<Row> episodes, Dataset<Row> facts) {
    Column noFamilies = array().cast("array<string>");
    // hashed, not sorted: a sort-merge join would sort both sides (4.4M episodes and their facts at 20M)
    return episodes.join(facts.hint("shuffle_hash"), "dw_ek_forloeb", "left")
        .withColumn("n_markers", coalesce(col("n_markers"), lit(0L)))
        .withColumn("n_cancer_markers", coalesce(col("n_cancer_markers"), lit(0L)))
        .withColumn("families", coalesce(col("families"), noFamilies))
        .withColumn("families_with_a", coalesce(col("families_with_a"), noFamilies));
  }
}
