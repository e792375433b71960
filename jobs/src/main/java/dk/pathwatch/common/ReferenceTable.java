package dk.pathwatch.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A versioned reference table from {@code validation-rules/reference/*.tsv} (tab-separated, header row, empty
 * cell = null). Small by nature, so it is read on the driver and handed to Spark as a DataFrame of strings;
 * callers cast the columns they need.
 */
public record ReferenceTable(String name, List<String> header, List<String[]> rows) {

  public static ReferenceTable read(Path referenceDir, String name) {
    Path file = referenceDir.resolve(name + ".tsv");
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> header = List.of(lines.get(0).split("\t", -1));
      List<String[]> rows = new ArrayList<>();
      for (int i = 1; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        String[] cells = lines.get(i).split("\t", -1);
        if (cells.length != header.size()) {
          throw new IllegalStateException(file + " line " + (i + 1) + ": " + cells.length + " cells, header has "
              + header.size());
        }
        rows.add(cells);
      }
      return new ReferenceTable(name, header, rows);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read reference table " + file + ": " + e.getMessage(), e);
    }
  }

  public Dataset<Row> toDataFrame(SparkSession spark) {
    List<StructField> fields = header.stream()
        .map(h -> DataTypes.createStructField(h, DataTypes.StringType, true)).toList();
    List<Row> data = rows.stream()
        .map(cells -> RowFactory.create((Object[]) blanksToNull(cells))).toList();
    return spark.createDataFrame(data, new StructType(fields.toArray(StructField[]::new)));
  }

  private static String[] blanksToNull(String[] cells) {
    String[] out = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      out[i] = cells[i].isEmpty() ? null : cells[i];
    }
    return out;
  }
}
