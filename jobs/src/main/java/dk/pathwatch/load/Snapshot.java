package dk.pathwatch.load;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The three input tables of a snapshot, each pruned to its schema's columns.
 *
 * @param extraColumns per table, the columns present in the files but not in the schema (ignored)
 */
public record Snapshot(Dataset<Row> markers, Dataset<Row> episodes, Optional<Dataset<Row>> organisations,
    Map<String, java.util.List<String>> extraColumns) {

  public static final String MARKERS = "forloebsmarkoerer";
  public static final String EPISODES = "forloeb";
  public static final String ORGANISATIONS = "organisationer";
}
