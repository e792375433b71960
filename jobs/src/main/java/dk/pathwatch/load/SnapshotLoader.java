package dk.pathwatch.load;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.SparkPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a snapshot's Parquet folders against {@code schemas/input}. {@link #inspect} checks every part file's
 * footer first ({@link PartFiles}: a missing column or a wrong type in any part is refused naming table, file and
 * column; files that are not Parquet, cut off or with a broken footer are refused naming the file); it reads no
 * row and runs no Spark job, so the run's preflight calls it before the job starts. {@link #load} then reads
 * the tables with the declared schema (never an inferred or merged one, so no column is invented as null and no
 * type coerced) and takes only the declared columns; extra columns are ignored and listed. Every string value is
 * read through {@link CprMask}: a CPR-like value never reaches a later step.
 */
public final class SnapshotLoader {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotLoader.class);

  private final SparkSession spark;
  private final Path schemasDir;

  public SnapshotLoader(SparkSession spark, Path schemasDir) {
    this.spark = spark;
    this.schemasDir = schemasDir;
  }

  /**
   * Checks the snapshot's tables from their listings and footers alone, without a Spark job.
   *
   * @return per table present, its checked part files
   */
  public Map<String, PartFiles.Table> inspect(String snapshotDir) {
    requireSnapshotFolder(snapshotDir);
    PartFiles partFiles = new PartFiles(hadoopConf(),
        new ParquetToSparkSchemaConverter(spark.sessionState().conf()));
    Map<String, PartFiles.Table> tables = new LinkedHashMap<>();
    for (String table : Snapshot.TABLES) {
      TableSchema schema = schema(table);
      String path = snapshotDir.replaceAll("/+$", "") + "/" + table;
      if (!exists(path)) {
        if (schema.optional()) {
          continue;
        }
        throw invalid("table " + table + ": folder " + SparkPaths.shown(path) + " is missing");
      }
      tables.put(table, partFiles.inspect(table, path, schema));
    }
    return tables;
  }

  /** Inspects the snapshot, then reads each table with its declared schema, pruned to the declared columns. */
  public Snapshot load(String snapshotDir) {
    Map<String, PartFiles.Table> parts = inspect(snapshotDir);
    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    parts.forEach((name, files) -> tables.put(name, read(files, schema(name))));
    return new Snapshot(tables.get(Snapshot.MARKERS), tables.get(Snapshot.EPISODES),
        Optional.ofNullable(tables.get(Snapshot.ORGANISATIONS)), parts);
  }

  private TableSchema schema(String table) {
    return TableSchema.read(schemasDir.resolve("input").resolve(table + ".json"));
  }

  private void requireSnapshotFolder(String snapshotDir) {
    if (!exists(snapshotDir)) {
      throw new PathwatchException(ExitCodes.NO_SNAPSHOT, "no snapshot at " + snapshotDir + ": nothing to do");
    }
  }

  private Dataset<Row> read(PartFiles.Table files, TableSchema schema) {
    Dataset<Row> df;
    try {
      df = SparkPaths.parquet(reader().schema(schema.sparkSchema()), files.folder());
    } catch (Exception e) { // SparkException is checked, though Scala throws it undeclared
      String problem = fileProblem(e, files.folder());
      throw invalid("table " + files.table() + ": cannot read Parquet in " + files.folder() + ": "
          + (problem == null ? firstLine(e) : problem), e);
    }
    requireTheCheckedFiles(files, df);
    if (!files.extraColumns().isEmpty()) {
      LOG.warn("table {}: ignoring extra columns {}", files.table(), files.extraColumns());
    }
    Column[] columns = schema.columnNames().stream().map(df::col).toArray(Column[]::new);
    return CprMask.maskStrings(df.select(columns)); // the one place CPR-like values are masked
  }

  /**
   * Spark lists the folder itself: the data files it will scan (its input files but the summary files, which it
   * lists and does not scan) must be exactly the files whose footers were checked (the listing rules of
   * {@link PartFiles} mirror Spark's), or an unchecked file could be read with columns made up as null.
   */
  private static void requireTheCheckedFiles(PartFiles.Table files, Dataset<Row> df) {
    Set<String> checked = files.files().stream().map(p -> p.toUri().getPath()).collect(Collectors.toSet());
    Set<String> read = Arrays.stream(df.inputFiles())
        .map(f -> new org.apache.hadoop.fs.Path(java.net.URI.create(f)))
        .filter(p -> !PartFiles.hidden(p.getName()))
        .map(p -> p.toUri().getPath()).collect(Collectors.toSet());
    if (!checked.equals(read)) {
      Set<String> unchecked = read.stream().filter(f -> !checked.contains(f)).collect(Collectors.toSet());
      throw new PathwatchException(ExitCodes.INTERNAL_ERROR, "table " + files.table() + ": Spark lists "
          + read.size() + " files, " + checked.size() + " were checked" + (unchecked.isEmpty() ? ""
          : "; not checked: " + unchecked.stream().sorted().limit(3).toList()));
    }
  }

  /**
   * Dates and timestamps are read as written, in the proleptic Gregorian calendar, when a file does not say
   * it was written by Spark 2 or legacy Hive (pyarrow, database exports): Spark's default refuses dates
   * before 1582 in such files, so one bad date would stop the run instead of being reported by a rule.
   * Files written by Spark 2.x carry their version and are still rebased by Spark.
   */
  private DataFrameReader reader() {
    return spark.read().option("datetimeRebaseMode", "CORRECTED").option("int96RebaseMode", "CORRECTED");
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
   * file whose pages it could not read, as a path or a URI), with the root cause as the reason; null when no
   * message names one.
   */
  public static String fileProblem(Throwable failure, String folder) {
    java.net.URI uri = new org.apache.hadoop.fs.Path(folder).toUri();
    List<String> forms = List.of(uri.getPath(), uri.getRawPath());
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (String word : String.valueOf(t.getMessage()).split("\\s+")) {
        if (forms.stream().anyMatch(word::contains)) {
          return "file " + SparkPaths.shown(word.replaceAll("[.,:;]+$", "")) + ": " + firstLine(rootCause(failure));
        }
      }
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
