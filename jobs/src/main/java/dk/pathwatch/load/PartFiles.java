package dk.pathwatch.load;

import dk.pathwatch.common.SparkPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part files of one input table, each checked from its Parquet footer alone against the table's schema
 * before Spark reads a row of it. Spark takes a table's schema from one footer (or from a stale summary file) and
 * reads every other part with it, so a part without a column would be read with the column null, and a part of
 * another type coerced or failing in a task: here every part must carry every column of {@code schemas/input},
 * with the type Spark would read it as (Spark's own Parquet-to-Spark type converter decides, so what passes here
 * is what Spark reads). Only footers are read (a few KB per file, on a small thread pool), so this stays cheap
 * for hundreds of part files.
 *
 * <p>The files are found as Spark finds them: recursively, skipping names that start with {@code _} or {@code .}.
 * Summary files ({@code _metadata}, {@code _common_metadata}) are ignored and named in the log; Hive-style
 * partition folders ({@code name=value}) are read, a declared column may come from them (its values are checked
 * against the column's type) and an undeclared one is an extra column; any other sub-folder is refused.
 */
public final class PartFiles {
  private static final Logger LOG = LoggerFactory.getLogger(PartFiles.class);
  private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final Set<String> SUMMARY_FILES = Set.of("_metadata", "_common_metadata");
  /** How Spark writes a null partition value into a folder name. */
  private static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";
  private static final int MAX_THREADS = 16;

  /**
   * A table whose part files all match its schema.
   *
   * @param files every data file, as Hadoop paths (what Spark must read, no more, no less)
   * @param partitionColumns the names of the partition folders ({@code name=value}), outermost first
   * @param extraColumns columns in the footers or folder names that the schema does not declare (ignored)
   * @param rows the rows the footers declare, summed over the files
   */
  public record Table(String table, String folder, List<Path> files, List<String> partitionColumns,
      List<String> extraColumns, long rows) {}

  /** A data file found by the listing: its path, its size, and its partition folders ({@code name=value}). */
  private record DataFile(FileStatus status, String shown, List<String[]> partitions) {}

  /** What one footer says: the file's Parquet schema and rows, or why it could not be read. */
  private record Footer(MessageType schema, long rows, String problem) {}

  private final Configuration conf;
  private final ParquetToSparkSchemaConverter types;

  /**
   * @param types Spark's converter from Parquet to Spark types, with the session's settings (e.g.
   *     {@code spark.sql.parquet.binaryAsString}), so that the check agrees with what Spark will read
   */
  public PartFiles(Configuration conf, ParquetToSparkSchemaConverter types) {
    this.conf = conf;
    this.types = types;
  }

  /**
   * Lists a table's folder and checks every part file's footer against the schema.
   *
   * @throws dk.pathwatch.common.PathwatchException exit code 4, naming table, file (or folder) and column
   */
  public Table inspect(String table, String folder, TableSchema schema) {
    List<DataFile> files = list(table, folder);
    List<String> partitionColumns = partitionColumns(table, files);
    checkPartitionValues(table, files, schema);
    List<Footer> footers = readFooters(files);
    Set<String> extra = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    long rows = 0;
    for (int i = 0; i < files.size(); i++) {
      Footer footer = footers.get(i);
      String problem = footer.problem() != null ? footer.problem()
          : problem(footer.schema(), schema, partitionColumns, extra);
      if (problem != null) {
        problems.add("table " + table + ": file " + files.get(i).shown() + (problem.startsWith("column ") ? ": " : " ")
            + problem);
      } else {
        rows += footer.rows();
      }
    }
    if (!problems.isEmpty()) {
      problems.stream().skip(1).limit(20).forEach(LOG::warn); // the others, to fix them all at once
      throw SnapshotLoader.invalid(problems.get(0) + (problems.size() == 1 ? ""
          : "; " + problems.size() + " of " + files.size() + " part files do not match the schema"));
    }
    for (String p : partitionColumns) {
      if (!schema.columnNames().contains(p)) {
        extra.add(p);
      }
    }
    LOG.info("table {}: {} part files, {} rows by their footers, all matching schemas/input/{}.json", table,
        files.size(), rows, table);
    return new Table(table, folder, files.stream().map(f -> f.status().getPath()).toList(), partitionColumns,
        extra.stream().map(CprMask::mask).toList(), rows); // column names are logged and put in the manifest
  }

  // ---- listing -------------------------------------------------------------------------------------------

  private List<DataFile> list(String table, String folder) {
    List<DataFile> files = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    try {
      Path root = new Path(folder);
      walk(table, root.getFileSystem(conf), root, SparkPaths.shown(folder), List.of(), files, ignored);
    } catch (IOException e) {
      throw SnapshotLoader.invalid("table " + table + ": cannot list " + SparkPaths.shown(folder) + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw SnapshotLoader.invalid("table " + table + ": folder " + SparkPaths.shown(folder) + " holds no Parquet file"
          + (ignored.isEmpty() ? "" : " (only " + String.join(", ", ignored.subList(0, Math.min(5, ignored.size())))
              + (ignored.size() > 5 ? ", …" : "") + ", which are not data)"));
    }
    return files;
  }

  private void walk(String table, FileSystem fs, Path dir, String shown, List<String[]> partitions,
      List<DataFile> files, List<String> ignored) throws IOException {
    FileStatus[] entries = fs.listStatus(dir);
    Arrays.sort(entries, Comparator.comparing(s -> s.getPath().getName()));
    for (FileStatus st : entries) {
      String name = st.getPath().getName();
      String path = shown + "/" + name;
      if (SUMMARY_FILES.contains(name)) {
        LOG.warn("table {}: ignoring the summary file {} (every part file's own footer is checked instead)",
            table, path);
        ignored.add(name);
      } else if (hidden(name)) {
        if (!name.startsWith(".")) {
          ignored.add(name);
        }
      } else if (st.isDirectory()) {
        int eq = name.indexOf('=');
        if (eq <= 0) {
          throw SnapshotLoader.invalid("table " + table + ": sub-folder " + path
              + " is not a partition folder (name=value); a table folder holds part files and partition folders only");
        }
        List<String[]> deeper = new ArrayList<>(partitions);
        deeper.add(new String[] {name.substring(0, eq), ExternalCatalogUtils.unescapePathName(name.substring(eq + 1))});
        walk(table, fs, st.getPath(), path, deeper, files, ignored);
      } else if (!name.endsWith(".parquet")) {
        throw SnapshotLoader.invalid("table " + table + ": file " + path
            + " is not a Parquet file (*.parquet expected)");
      } else {
        files.add(new DataFile(st, path, partitions));
      }
    }
  }

  /** Names Spark skips when it lists a table or scans it (HadoopFSUtils.shouldFilterOutPathName): not data. */
  static boolean hidden(String name) {
    return name.startsWith(".") || (name.startsWith("_") && !name.contains("=")) || name.endsWith("._COPYING_");
  }

  /** Every file must sit under the same partition folder names (Spark cannot read a table where they differ). */
  private static List<String> partitionColumns(String table, List<DataFile> files) {
    List<String> first = names(files.get(0));
    for (DataFile f : files) {
      if (!names(f).equals(first)) {
        throw SnapshotLoader.invalid("table " + table + ": file " + f.shown() + " is under partition folders "
            + shown(names(f)) + ", file " + files.get(0).shown() + " under " + shown(first)
            + ": every part file must sit under the same partition folders");
      }
    }
    return first;
  }

  private static List<String> names(DataFile f) {
    return f.partitions().stream().map(p -> p[0]).toList();
  }

  private static String shown(List<String> partitionColumns) {
    return partitionColumns.isEmpty() ? "none" : partitionColumns.toString();
  }

  /** A declared column taken from folder names must hold values of its type (Spark would make others null). */
  private static void checkPartitionValues(String table, List<DataFile> files, TableSchema schema) {
    Map<String, String> declared = new LinkedHashMap<>();
    schema.columns().forEach(c -> declared.put(c.name(), c.type()));
    for (DataFile f : files) {
      for (String[] p : f.partitions()) {
        String type = declared.get(p[0]);
        if (type == null || type.equals("string") || p[1].equals(NULL_PARTITION)) {
          continue;
        }
        if (!type.equals("date") || !isDate(p[1])) {
          throw SnapshotLoader.invalid("table " + table + ": partition folder " + p[0] + "=" + p[1] + " of file "
              + f.shown() + ": '" + p[1] + "' is not a " + type + (type.equals("date") ? " (YYYY-MM-DD)" : ""));
        }
      }
    }
  }

  private static boolean isDate(String text) {
    try {
      LocalDate.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  // ---- footers -------------------------------------------------------------------------------------------

  /** Reads every footer, on up to {@value #MAX_THREADS} threads (remote stores answer slowly, not heavily). */
  private List<Footer> readFooters(List<DataFile> files) {
    int threads = Math.min(MAX_THREADS, files.size());
    if (threads <= 1) {
      return files.stream().map(this::footer).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "pathwatch-footers");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Footer>> pending = new ArrayList<>();
      for (DataFile f : files) {
        pending.add(pool.submit(() -> footer(f)));
      }
      List<Footer> footers = new ArrayList<>();
      for (Future<Footer> p : pending) {
        footers.add(p.get());
      }
      return footers;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading Parquet footers", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading Parquet footers failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A file's footer. A Parquet file starts and ends with {@code PAR1}; a file cut off in transfer lacks the end
   * (and its footer), which is said in so many words before the footer is parsed.
   */
  private Footer footer(DataFile f) {
    FileStatus st = f.status();
    HadoopInputFile input;
    try {
      input = HadoopInputFile.fromStatus(st, conf);
      String cut = truncation(input, st.getLen());
      if (cut != null) {
        return new Footer(null, 0, "is truncated or not Parquet (" + st.getLen() + " bytes, " + cut + ")");
      }
    } catch (IOException e) {
      return new Footer(null, 0, "cannot be read (" + firstLine(e) + ")");
    }
    try (ParquetFileReader reader = ParquetFileReader.open(input)) {
      ParquetMetadata footer = reader.getFooter();
      long rows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
      return new Footer(footer.getFileMetaData().getSchema(), rows, null);
    } catch (Exception e) {
      return new Footer(null, 0, "has a broken footer (" + firstLine(e) + ")");
    }
  }

  private static String truncation(HadoopInputFile input, long length) throws IOException {
    if (length < 12) {
      return "too short";
    }
    byte[] head = new byte[4];
    byte[] tail = new byte[4];
    try (SeekableInputStream in = input.newStream()) {
      in.readFully(head);
      in.seek(length - 4);
      in.readFully(tail);
    }
    return !Arrays.equals(head, PARQUET_MAGIC) ? "no PAR1 at its start"
        : !Arrays.equals(tail, PARQUET_MAGIC) ? "no PAR1 footer at its end" : null;
  }

  /** Why a footer's schema does not match the declared one, or null; collects undeclared columns. */
  private String problem(MessageType file, TableSchema schema, List<String> partitionColumns, Set<String> extra) {
    if (file.getFieldCount() == 0) {
      return "has no columns (a zero-column Parquet file)";
    }
    for (TableSchema.Column column : schema.columns()) {
      String problem = partitionColumns.contains(column.name())
          ? (file.containsField(column.name()) ? "column " + column.name()
              + " is both in the file and in the partition folder names" : null)
          : columnProblem(file, column);
      if (problem != null) {
        return problem;
      }
    }
    for (Type field : file.getFields()) {
      if (!schema.columnNames().contains(field.getName())) {
        extra.add(field.getName());
      }
    }
    return null;
  }

  private String columnProblem(MessageType file, TableSchema.Column column) {
    List<String> sameButCase = file.getFields().stream().map(Type::getName)
        .filter(n -> !n.equals(column.name()) && n.equalsIgnoreCase(column.name())).toList();
    if (!file.containsField(column.name())) {
      return "column " + column.name() + " is missing (expected type " + column.type() + ")"
          + (sameButCase.isEmpty() ? "" : "; the file has " + sameButCase + " (column names are case-sensitive)");
    }
    if (!sameButCase.isEmpty()) {
      return "column " + column.name() + " is there more than once, also as " + sameButCase
          + " (names that differ only in case)";
    }
    Type field = file.getType(column.name());
    String type = sparkType(field);
    return type.equals(column.type()) ? null
        : "column " + column.name() + " has type " + type + " (Parquet " + parquetType(field) + "), expected "
            + column.type();
  }

  /** The type Spark reads a Parquet field as, e.g. {@code date} for INT32 DATE, {@code timestamp} for INT96. */
  private String sparkType(Type field) {
    try {
      return types.convert(new MessageType("file", field)).fields()[0].dataType().simpleString();
    } catch (RuntimeException e) {
      return "unreadable by Spark";
    }
  }

  /** E.g. {@code INT32 DATE}, {@code BINARY STRING}, {@code INT96}, {@code repeated BINARY STRING}, {@code group}. */
  static String parquetType(Type field) {
    String repeated = field.isRepetition(Type.Repetition.REPEATED) ? "repeated " : "";
    String base = field.isPrimitive() ? field.asPrimitiveType().getPrimitiveTypeName().name() : "group";
    return repeated + base + (field.getLogicalTypeAnnotation() == null ? "" : " " + field.getLogicalTypeAnnotation());
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
