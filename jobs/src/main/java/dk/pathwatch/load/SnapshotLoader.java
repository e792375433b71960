package dk.pathwatch.load;

import dk.pathwatch.ExitCodes;
import dk.pathwatch.PathwatchException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * listed); files that are not Parquet, or are cut off (no {@code PAR1} at both ends), are refused naming the
 * file. Every string value is read through {@link CprMask}: a CPR-like value never reaches a later step.
 */
public final class SnapshotLoader {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotLoader.class);

  private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

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
      df = reader().parquet(path);
    } catch (Exception e) { // SparkException is checked, though Scala throws it undeclared
      String problem = fileProblem(e, path);
      if (problem == null) {
        problem = brokenFooter(path);
      }
      throw invalid("table " + table + ": cannot read Parquet in " + path + ": "
          + (problem == null ? firstLine(e) : problem), e);
    }
    checkColumns(table, df.schema(), schema);
    List<String> extra = new ArrayList<>(List.of(df.columns()));
    extra.removeAll(schema.columnNames());
    extra.replaceAll(CprMask::mask); // a column name is logged and put in the manifest
    if (!extra.isEmpty()) {
      LOG.warn("table {}: ignoring extra columns {}", table, extra);
      extras.put(table, extra);
    }
    Column[] columns = schema.columnNames().stream().map(df::col).toArray(Column[]::new);
    return Optional.of(CprMask.maskStrings(df.select(columns))); // the one place CPR-like values are masked
  }

  /**
   * Dates and timestamps are read as written, in the proleptic Gregorian calendar, when a file does not say
   * it was written by Spark 2 or legacy Hive (pyarrow, database exports): Spark's default refuses dates
   * before 1582 in such files, so one bad date would stop the run instead of being reported by a rule.
   * Files written by Spark 2.x carry their version and are still rebased by Spark.
   */
  private org.apache.spark.sql.DataFrameReader reader() {
    return spark.read().option("datetimeRebaseMode", "CORRECTED").option("int96RebaseMode", "CORRECTED");
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
        requireParquetMagic(table, fs, st);
        dataFiles++;
      }
      if (dataFiles == 0) {
        throw invalid("table " + table + ": folder " + path + " holds no Parquet file");
      }
    } catch (IOException e) {
      throw invalid("table " + table + ": cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * A Parquet file starts and ends with {@code PAR1}; a file cut off in transfer lacks the end (and its footer).
   * Checking these 8 bytes here names the file; Spark would fail later, in a task, with a stack trace.
   */
  private static void requireParquetMagic(String table, FileSystem fs, FileStatus st) throws IOException {
    long length = st.getLen();
    byte[] head = new byte[4];
    byte[] tail = new byte[4];
    if (length >= 12) {
      try (var in = fs.open(st.getPath())) {
        in.readFully(0, head);
        in.readFully(length - 4, tail);
      }
    }
    if (length < 12 || !Arrays.equals(head, PARQUET_MAGIC) || !Arrays.equals(tail, PARQUET_MAGIC)) {
      throw invalid("table " + table + ": file " + st.getPath() + " is truncated or not Parquet (" + length
          + " bytes, " + (length < 12 ? "too short" : !Arrays.equals(head, PARQUET_MAGIC) ? "no PAR1 at its start"
          : "no PAR1 footer at its end") + ")");
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

  /**
   * "file F: reason" when a message in the cause chain names a file F under {@code folder} (Spark names the
   * file whose pages it could not read), with the root cause as the reason; null when no message names one.
   */
  public static String fileProblem(Throwable failure, String folder) {
    String local = new org.apache.hadoop.fs.Path(folder).toUri().getPath();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (String word : String.valueOf(t.getMessage()).split("\\s+")) {
        if (word.contains(local)) {
          return "file " + word.replaceAll("[.,:;]+$", "") + ": " + firstLine(rootCause(failure));
        }
      }
    }
    return null;
  }

  /**
   * "file F: reason" for the first data file of a table whose footer Parquet cannot read, or null. Spark's
   * schema inference reports a broken footer without naming the file, so the files are asked one by one, only
   * after such a failure.
   */
  private String brokenFooter(String path) {
    try {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(path);
      FileSystem fs = dir.getFileSystem(hadoopConf());
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (st.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(st, hadoopConf()))) {
          reader.getFooter();
        } catch (Exception e) {
          return "file " + st.getPath() + ": broken footer (" + firstLine(e) + ")";
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
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
