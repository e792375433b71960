package dk.pathwatch.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic snapshot (SPEC §1): {@code forloebsmarkoerer/}, {@code forloeb/}, {@code organisationer/},
 * the expected violations in {@code truth/}, and {@code snapshot.json}. Each table is a Spark job over
 * {@code spark.range} of person ids whose rows are generated on the executors from (seed, id) alone, so the
 * driver holds nothing big and the same options always give the same rows, at any size.
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
    int partitions = (int) Math.max(1, (persons + PERSONS_PER_PARTITION - 1) / PERSONS_PER_PARTITION);
    Dataset<Long> ids = spark.range(0, persons, 1, partitions);
    Path out = options.output();
    LOG.info("generating {} pathways of {} persons, seed {}, extraction date {}{}, into {}", options.pathways(),
        persons, options.seed(), options.extractionDate(),
        options.asOf() == null ? "" : " as registered on " + options.asOf(), out);

    Map<String, Long> counts = new LinkedHashMap<>();
    for (Table table : Table.values()) {
      counts.put(table.folder, write(spark, ids, units, out, table));
    }
    counts.put(SnapshotSchemas.ORGANISATIONS, writeOrganisations(spark, out));
    Map<String, Long> truthByRule = new TreeMap<>();
    for (Row r : spark.read().parquet(out.resolve(SnapshotSchemas.TRUTH).toString())
        .groupBy("rule_id").count().collectAsList()) {
      truthByRule.put(r.getString(0), r.getLong(1));
    }
    GeneratorResult result = new GeneratorResult(persons, counts, truthByRule,
        System.currentTimeMillis() - started);
    writeManifest(options, result);
    LOG.info("snapshot written in {} ms: {}", result.wallMillis(), counts);
    return result;
  }

  /** The tables generated per person; an enum so that Spark can ship the choice to the executors. */
  private enum Table {
    MARKERS(SnapshotSchemas.MARKERS, SnapshotSchemas.MARKER_SCHEMA),
    EPISODES(SnapshotSchemas.EPISODES, SnapshotSchemas.EPISODE_SCHEMA),
    TRUTH(SnapshotSchemas.TRUTH, SnapshotSchemas.TRUTH_SCHEMA);

    final String folder;
    final StructType schema;

    Table(String folder, StructType schema) {
      this.folder = folder;
      this.schema = schema;
    }

    Iterator<Row> rows(UnitGenerator units, long id) {
      Person p = units.generate(id);
      return switch (this) {
        case MARKERS -> map(p.markers, SnapshotSchemas::marker).iterator();
        case EPISODES -> map(p.episodes, SnapshotSchemas::episode).iterator();
        case TRUTH -> map(units.truth(p), SnapshotSchemas::truth).iterator();
      };
    }
  }

  private static long write(SparkSession spark, Dataset<Long> ids, UnitGenerator units, Path out, Table table) {
    FlatMapFunction<Long, Row> generate = id -> table.rows(units, id);
    String path = out.resolve(table.folder).toString();
    ids.flatMap(generate, Encoders.row(table.schema)).write().mode(SaveMode.Overwrite).parquet(path);
    long n = spark.read().parquet(path).count();
    LOG.info("{}: {} rows", table.folder, n);
    return n;
  }

  private static <T> List<Row> map(List<T> items, Function<T, Row> f) {
    List<Row> out = new ArrayList<>(items.size());
    for (T item : items) {
      out.add(f.apply(item));
    }
    return out;
  }

  private static long writeOrganisations(SparkSession spark, Path out) {
    List<Row> rows = new ArrayList<>();
    for (Object[] cells : Catalog.organisationRows()) {
      rows.add(SnapshotSchemas.organisation(cells));
    }
    spark.createDataFrame(rows, SnapshotSchemas.ORGANISATION_SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
        .parquet(out.resolve(SnapshotSchemas.ORGANISATIONS).toString());
    return rows.size();
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
