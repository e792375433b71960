package dk.pathwatch.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic snapshot (SPEC §1): {@code forloebsmarkoerer/}, {@code forloeb/}, {@code organisationer/},
 * the expected violations in {@code truth/}, and {@code snapshot.json}. Persons are generated on the executors
 * in partitions of person ids, each from (seed, id) alone, so the driver holds nothing big and the
 * same options always give the same rows, at any size. Each person is generated once: its rows of all three
 * tables are written by the task that generated it, straight to Parquet ({@link RowFileWriter}).
 */
public final class SnapshotGenerator {
  public static final String VERSION = "1.0.0";
  /** Persons per Spark partition (about 300,000 marker rows). */
  static final long PERSONS_PER_PARTITION = 40_000;
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotGenerator.class);

  private SnapshotGenerator() {}

  public static GeneratorResult generate(SparkSession spark, GeneratorOptions options) {
    long started = System.currentTimeMillis();
    Catalog catalog = Catalog.bundled();
    UnitGenerator units = new UnitGenerator(options, catalog);
    long persons = units.persons();
    int partitions = partitions(persons, spark.sparkContext().defaultParallelism());
    Path out = options.output();
    LOG.info("generating {} pathways of {} persons in {} partitions, seed {}, extraction date {}{}, into {}",
        options.pathways(), persons, partitions, options.seed(), options.extractionDate(),
        options.asOf() == null ? "" : " as registered on " + options.asOf(), out);

    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Long> truthByRule = new TreeMap<>();
    writeGeneratedTables(spark, units, persons, partitions, out, counts, truthByRule);
    counts.put(SnapshotSchemas.ORGANISATIONS, writeOrganisations(out));
    GeneratorResult result = new GeneratorResult(persons, counts, truthByRule,
        System.currentTimeMillis() - started);
    writeManifest(options, result);
    LOG.info("snapshot written in {} ms: {}", result.wallMillis(), counts);
    return result;
  }

  /**
   * About {@link #PERSONS_PER_PARTITION} persons per partition, rounded up to a multiple of the cores once
   * there is more than one partition's worth, so that the last wave of tasks keeps every core busy.
   */
  static int partitions(long persons, int cores) {
    long n = Math.max(1, (persons + PERSONS_PER_PARTITION - 1) / PERSONS_PER_PARTITION);
    if (n > 1 && cores > 1) {
      n = (n + cores - 1) / cores * cores;
    }
    return (int) n;
  }

  /**
   * Writes {@code forloebsmarkoerer/}, {@code forloeb/} and {@code truth/}: each task generates its range of
   * persons once and writes its rows of all three tables as one Parquet file per table
   * ({@code part-NNNNN.snappy.parquet}, named by the partition so that a retried task overwrites its own
   * files). The tables' folders are replaced; {@code _SUCCESS} marks each complete one. Row counts per table
   * and truth rows per rule are added to {@code counts} and {@code truthByRule}.
   */
  private static void writeGeneratedTables(SparkSession spark, UnitGenerator units, long persons,
      int partitions, Path out, Map<String, Long> counts, Map<String, Long> truthByRule) {
    long t0 = System.nanoTime();
    List<String> dirs = new ArrayList<>();
    for (String table : SnapshotSchemas.GENERATED_TABLES) {
      Path dir = out.resolve(table).toAbsolutePath();
      deleteRecursively(dir);
      dirs.add(dir.toUri().toString());
    }
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      indexes.add(i);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<PartitionCounts> perTask = jsc.parallelize(indexes, partitions)
        .map(i -> writePartition(units, persons, partitions, i, dirs)).collect();
    for (int t = 0; t < dirs.size(); t++) {
      long n = 0;
      for (PartitionCounts c : perTask) {
        n += c.rows()[t];
      }
      counts.put(SnapshotSchemas.GENERATED_TABLES.get(t), n);
      touch(Path.of(java.net.URI.create(dirs.get(t))).resolve("_SUCCESS"));
    }
    for (PartitionCounts c : perTask) {
      c.truthByRule().forEach((rule, n) -> truthByRule.merge(rule, n, Long::sum));
    }
    LOG.info("generated tables written in {} ms: {}", (System.nanoTime() - t0) / 1_000_000, counts);
  }

  /** What one task wrote: rows per generated table, truth rows per rule. */
  record PartitionCounts(long[] rows, Map<String, Long> truthByRule) implements java.io.Serializable {}

  /** Persons of partition {@code index}: the same even split as {@code spark.range}. */
  static long[] personRange(long persons, int partitions, int index) {
    return new long[] {persons * index / partitions, persons * (index + 1) / partitions};
  }

  private static PartitionCounts writePartition(UnitGenerator units, long persons, int partitions, int index,
      List<String> dirs) {
    long[] range = personRange(persons, partitions, index);
    Configuration conf = new Configuration();
    String name = String.format("part-%05d.snappy.parquet", index);
    RowFileWriter[] writers = new RowFileWriter[dirs.size()];
    Map<String, Long> truthByRule = new TreeMap<>();
    int truth = SnapshotSchemas.GENERATED_TABLES.indexOf(SnapshotSchemas.TRUTH);
    try {
      for (int t = 0; t < writers.length; t++) {
        writers[t] = new RowFileWriter(new org.apache.hadoop.fs.Path(dirs.get(t), name),
            SnapshotSchemas.GENERATED_SCHEMAS.get(t), conf);
      }
      for (long id = range[0]; id < range[1]; id++) {
        SnapshotSchemas.cells(units, id, (table, cells) -> {
          writers[table].write(cells);
          if (table == truth) {
            truthByRule.merge((String) cells[0], 1L, Long::sum);
          }
        });
      }
    } finally {
      for (RowFileWriter w : writers) {
        if (w != null) {
          w.close();
        }
      }
    }
    long[] counts = new long[writers.length];
    for (int t = 0; t < writers.length; t++) {
      counts[t] = writers[t].rows();
    }
    return new PartitionCounts(counts, truthByRule);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot replace " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void touch(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[0]);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static long writeOrganisations(Path out) {
    Path dir = out.resolve(SnapshotSchemas.ORGANISATIONS).toAbsolutePath();
    deleteRecursively(dir);
    long n;
    try (RowFileWriter w = new RowFileWriter(new org.apache.hadoop.fs.Path(dir.resolve("part-00000.snappy.parquet")
        .toUri()), SnapshotSchemas.ORGANISATION_SCHEMA, new Configuration())) {
      for (Object[] cells : Catalog.organisationRows()) {
        w.write(cells);
      }
      n = w.rows();
    }
    touch(dir.resolve("_SUCCESS"));
    return n;
  }

  private static void writeManifest(GeneratorOptions options, GeneratorResult result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generator_version", VERSION);
    m.put("extraction_date", options.snapshotDate().toString());
    m.put("as_of", options.asOf() == null ? null : options.asOf().toString());
    m.put("generated_extraction_date", options.extractionDate().toString());
    m.put("seed", options.seed());
    m.put("pathways", options.pathways());
    m.put("persons", result.persons());
    m.put("fault_rates", options.ratesByRuleId());
    m.put("row_counts", result.rowCounts());
    m.put("truth_by_rule", result.truthByRule());
    try {
      Files.createDirectories(options.output());
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(options.output().resolve("snapshot.json").toFile(), m);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write snapshot.json in " + options.output() + ": " + e.getMessage(), e);
    }
  }
}
