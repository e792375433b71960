package dk.pathwatch.common;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A versioned reference table from {@code validation-rules/reference/*.tsv} (UTF-8, tab-separated, header row,
 * empty cell = null). Small by nature, so it is read on the driver and handed to Spark as a DataFrame of strings;
 * callers cast the columns they need. What its cells must hold is checked by {@link ReferenceLayout} in the run's
 * preflight, before any data is read.
 *
 * @param lines the line number in the file of each row (blank lines are skipped)
 */
public record ReferenceTable(String name, List<String> header, List<String[]> rows, List<Integer> lines) {

  /** A table built in code, its rows numbered as if they followed a header line. */
  public ReferenceTable(String name, List<String> header, List<String[]> rows) {
    this(name, header, rows, IntStream.range(0, rows.size()).mapToObj(i -> i + 2).toList());
  }

  public static Path file(Path referenceDir, String name) {
    return referenceDir.resolve(name + ".tsv");
  }

  /**
   * Reads a table.
   *
   * @throws PathwatchException exit code 5 when the file is missing or unreadable, or a row has another number of
   *     cells than the header
   */
  public static ReferenceTable read(Path referenceDir, String name) {
    List<String> problems = new ArrayList<>();
    ReferenceTable table = read(referenceDir, name, problems);
    if (!problems.isEmpty()) {
      throw new PathwatchException(ExitCodes.RULES_INVALID, "reference data refused: " + problems.get(0));
    }
    return table;
  }

  /**
   * Reads a table, adding a {@code file:line: reason} to {@code problems} for the file or for each row that cannot
   * be split into the header's cells (such rows are left out); null when the file cannot be read at all.
   */
  public static ReferenceTable read(Path referenceDir, String name, List<String> problems) {
    Path file = file(referenceDir, name);
    List<String> text;
    try {
      text = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      problems.add(file + ": is not UTF-8 text");
      return null;
    } catch (IOException e) {
      problems.add(file + ": " + (Files.exists(file) ? "cannot be read (" + e.getMessage() + ")" : "is missing"));
      return null;
    }
    if (text.isEmpty() || text.get(0).isBlank()) {
      problems.add(file + ":1: no header row");
      return null;
    }
    List<String> header = List.of(text.get(0).replace("\uFEFF", "").split("\t", -1));
    List<String[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (int i = 1; i < text.size(); i++) {
      if (text.get(i).isBlank()) {
        continue;
      }
      String[] cells = text.get(i).split("\t", -1);
      if (cells.length != header.size()) {
        problems.add(file + ":" + (i + 1) + ": " + cells.length + " cell(s), the header has " + header.size());
        continue;
      }
      rows.add(cells);
      lines.add(i + 1);
    }
    return new ReferenceTable(name, header, List.copyOf(rows), List.copyOf(lines));
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
