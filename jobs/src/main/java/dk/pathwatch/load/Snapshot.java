package dk.pathwatch.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The three input tables of a snapshot, each read with its schema's columns.
 *
 * @param parts per table read, its part files as checked from their footers (rows, extra columns)
 */
public record Snapshot(Dataset<Row> markers, Dataset<Row> episodes, Optional<Dataset<Row>> organisations,
    Map<String, PartFiles.Table> parts) {

  public static final String MARKERS = "forloebsmarkoerer";
  public static final String EPISODES = "forloeb";
  public static final String ORGANISATIONS = "organisationer";
  /** Every input table, in the order they are checked and read. */
  public static final List<String> TABLES = List.of(MARKERS, EPISODES, ORGANISATIONS);

  /** Per table, the columns present in the files (or partition folder names) but not in the schema (ignored). */
  public Map<String, List<String>> extraColumns() {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    parts.forEach((table, files) -> {
      if (!files.extraColumns().isEmpty()) {
        extra.put(table, files.extraColumns());
      }
    });
    return extra;
  }
}
