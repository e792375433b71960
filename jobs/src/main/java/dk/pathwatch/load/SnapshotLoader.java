package dk.pathwatch.load;

import dk.pathwatch.ExitCodes;
import dk.pathwatch.PathwatchException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a snapshot's Parquet folders and checks them against {@code schemas/input}. A missing column or a
 * wrong type is refused with a message naming the table and the column; extra columns are ignored (and
 * listed); files that are not Parquet are refused naming the file.
 */
public final class SnapshotLoader {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotLoader.class);

  private final SparkSession spark;
  private final Path schemasDir;

  public SnapshotLoader(SparkSession spark, Path schemasDir) {
    this.spark = spark;
    this.schemasDir = schemasDir;
  }

  public Snapshot load(String snapshotDir) {
    requireSnapshotFolder(snapshotDir);
    Map<String, List<String>> extras = new LinkedHashMap<>();
    Dataset<Row> markers = readTable(snapshotDir, Snapshot.MARKERS, extras).orElseThrow();
    Dataset<Row> episodes = readTable(snapshotDir, Snapshot.EPISODES, extras).orElseThrow();
    Optional<Dataset<Row>> organisations = readTable(snapshotDir, Snapshot.ORGANISATIONS, extras);
    return new Snapshot(markers, episodes, organisations, extras);
  }

  private void requireSnapshotFolder(String snapshotDir) {
    if (!exists(snapshotDir)) {
      throw new PathwatchException(ExitCodes.NO_SNAPSHOT, "no snapshot at " + snapshotDir + ": nothing to do");
    }
  }

  private Optional<Dataset<Row>> readTable(String snapshotDir, String table, Map<String, List<String>> extras) {
    TableSchema schema = TableSchema.read(schemasDir.resolve("input").resolve(table + ".json"));
    String path = snapshotDir.replaceAll("/+$", "") + "/" + table;
    if (!exists(path)) {
      if (schema.optional()) {
        return Optional.empty();
      }
      throw invalid("table " + table + ": folder " + path + " is missing");
    }
    requireParquetFiles(table, path);
    Dataset<Row> df;
    try {
      df = spark.read().parquet(path);
    } catch (RuntimeException e) {
      throw invalid("table " + table + ": cannot read Parquet in " + path + ": " + firstLine(e), e);
    }
    checkColumns(table, df.schema(), schema);
    List<String> extra = new ArrayList<>(List.of(df.columns()));
    extra.removeAll(schema.columnNames());
    if (!extra.isEmpty()) {
      LOG.warn("table {}: ignoring extra columns {}", table, extra);
      extras.put(table, extra);
    }
    Column[] columns = schema.columnNames().stream().map(df::col).toArray(Column[]::new);
    return Optional.of(df.select(columns));
  }

  static void checkColumns(String table, StructType actual, TableSchema expected) {
    for (TableSchema.Column column : expected.columns()) {
      StructField field = find(actual, column.name());
      if (field == null) {
        throw invalid("table " + table + ": column " + column.name() + " is missing (expected type "
            + column.type() + ")");
      }
      String type = field.dataType().simpleString();
      if (!type.equals(column.type())) {
        throw invalid("table " + table + ": column " + column.name() + " has type " + type + ", expected "
            + column.type());
      }
    }
  }

  private static StructField find(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** Every data file must be Parquet; Spark would otherwise fail later with a message that names no file. */
  private void requireParquetFiles(String table, String path) {
    try {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(path);
      FileSystem fs = dir.getFileSystem(hadoopConf());
      int dataFiles = 0;
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (st.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        if (!name.endsWith(".parquet")) {
          throw invalid("table " + table + ": file " + st.getPath() + " is not a Parquet file (*.parquet expected)");
        }
        dataFiles++;
      }
      if (dataFiles == 0) {
        throw invalid("table " + table + ": folder " + path + " holds no Parquet file");
      }
    } catch (IOException e) {
      throw invalid("table " + table + ": cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  private boolean exists(String path) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      return p.getFileSystem(hadoopConf()).exists(p);
    } catch (IOException e) {
      throw invalid("cannot access " + path + ": " + e.getMessage(), e);
    }
  }

  private Configuration hadoopConf() {
    return spark.sparkContext().hadoopConfiguration();
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  static PathwatchException invalid(String message) {
    return new PathwatchException(ExitCodes.INPUT_INVALID, message);
  }

  static PathwatchException invalid(String message, Throwable cause) {
    return new PathwatchException(ExitCodes.INPUT_INVALID, message, cause);
  }
}
