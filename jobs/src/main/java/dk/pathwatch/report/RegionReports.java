package dk.pathwatch.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dk.pathwatch.publish.OutputFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per region and run: an Excel workbook of the region's own errors and warnings and an HTML summary per rule
 * with the change since the previous run. A region with no findings still gets both, saying so. Findings
 * whose region is unknown (e.g. a marker without episode) go to a report of their own, {@code ukendt}, for
 * the registry, so that nothing is lost.
 */
public final class RegionReports {
  private static final Logger LOG = LoggerFactory.getLogger(RegionReports.class);
  public static final String UNKNOWN_REGION = "ukendt";
  static final String REGION_KEY = "region_key";
  static final List<String> REPORTED_SEVERITIES = List.of("ERROR", "WARNING", "BLOCKER");

  /** What the reports are about. */
  public record RunInfo(String snapshotName, LocalDate extractionDate, LocalDate cutoff, String previousRun) {}

  private final SparkSession spark;
  private final OutputFiles files;

  public RegionReports(SparkSession spark, OutputFiles files) {
    this.spark = spark;
    this.files = files;
  }

  /**
   * @param errors the run's validation_errors table
   * @param previousErrors the previous run's validation_errors table, or null
   * @param regions region code → name
   * @return per region, the paths written (relative to {@code reportsDir}) and the number of findings
   */
  public Map<String, Object> write(Dataset<Row> errors, Dataset<Row> previousErrors, Map<String, String> regions,
      RunInfo run, String reportsDir) {
    Dataset<Row> reported = withRegionKey(errors.where(col("severity").isin(REPORTED_SEVERITIES.toArray())), regions);
    Map<String, Long> before = previousErrors == null ? null : previousCounts(
        withRegionKey(previousErrors.where(col("severity").isin(REPORTED_SEVERITIES.toArray())), regions));
    Map<String, String> labels = new TreeMap<>();
    regions.forEach((code, name) -> labels.put(code, code + " " + name));
    labels.put(UNKNOWN_REGION, "ukendt region (til registeret)");
    Workbooks workbooks = new Workbooks(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()),
        labels, before, run.cutoff(), reportsDir);
    Map<String, List<RuleCount>> counts = workbooks.writeInTasks(reported);
    Map<String, Object> written = new LinkedHashMap<>();
    for (var e : labels.entrySet()) {
      String region = e.getKey();
      List<RuleCount> summary = counts.get(region);
      if (summary == null && region.equals(UNKNOWN_REGION)) {
        continue; // every finding has its region: no report for the registry
      }
      if (summary == null) {
        summary = workbooks.write(region, Collections.emptyIterator()); // its workbook says it has none
      }
      written.put(region, writeSummary(region, e.getValue(), summary, run, reportsDir));
    }
    return written;
  }

  /**
   * Every region's workbook written by the Spark task that holds its findings: the findings are partitioned by
   * region (a region's in one partition) and sorted within it as the workbook lists them, so the workbooks of
   * different regions are written side by side. What comes back is each region's count per rule.
   */
  static final class Workbooks implements MapPartitionsFunction<Row, Row> {
    private static final StructType COUNTS = new StructType().add(REGION_KEY, "string").add("rule_id", "string")
        .add("severity", "string").add("scope", "string").add("message_da", "string").add("count", "long")
        .add("previous", "long");

    private final SerializableConfiguration conf;
    private final Map<String, String> labels;
    private final Map<String, Long> before;
    private final LocalDate cutoff;
    private final String reportsDir;

    /** @param before the previous run's count per region and rule ({@link #ruleKey}), null when there was none */
    Workbooks(SerializableConfiguration conf, Map<String, String> labels, Map<String, Long> before, LocalDate cutoff,
        String reportsDir) {
      this.conf = conf;
      this.labels = labels;
      this.before = before;
      this.cutoff = cutoff;
      this.reportsDir = reportsDir;
    }

    Map<String, List<RuleCount>> writeInTasks(Dataset<Row> reported) {
      Map<String, List<RuleCount>> counts = new LinkedHashMap<>();
      for (Row r : inReportOrder(reported, labels.size()).mapPartitions(this, Encoders.row(COUNTS)).collectAsList()) {
        counts.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new RuleCount(r.getString(1),
            r.getString(2), r.getString(3), r.getString(4), r.getLong(5), r.isNullAt(6) ? null : r.getLong(6)));
      }
      return counts;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> partition) throws IOException {
      List<Row> counts = new ArrayList<>();
      RegionRows rows = new RegionRows(partition);
      for (String region = rows.nextRegion(); region != null; region = rows.nextRegion()) {
        for (RuleCount rc : write(region, rows.of(region))) {
          counts.add(RowFactory.create(region, rc.ruleId(), rc.severity(), rc.scope(), rc.messageDa(), rc.count(),
              rc.previous()));
        }
      }
      return counts.iterator();
    }

    /** Writes the region's workbook; returns its count per rule. */
    List<RuleCount> write(String region, Iterator<Row> findings) {
      if (!labels.containsKey(region)) {
        throw new IllegalStateException("findings of region_key " + region + " have no report");
      }
      String xlsx = reportsDir + "/" + workbookPath(region, cutoff);
      OutputFiles files = new OutputFiles(conf.value());
      try (OutputStream out = files.fs(xlsx).create(new Path(xlsx), true)) {
        return RegionWorkbook.write(out, labels.get(region), cutoff, findings,
            rule -> before == null ? null : before.getOrDefault(ruleKey(region, rule), 0L));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + xlsx, e);
      }
    }
  }

  /**
   * Every reported finding, the workbook's columns and then {@code region_key}, each region in one of
   * {@code partitions} partitions and sorted within them by region and as the workbook lists them.
   */
  private static Dataset<Row> inReportOrder(Dataset<Row> reported, int partitions) {
    List<Column> columns = new ArrayList<>(Arrays.stream(RegionWorkbook.FINDING_COLUMNS)
        .map(c -> columnOrNull(reported, c)).toList());
    columns.add(col(REGION_KEY));
    return reported.select(columns.toArray(Column[]::new))
        .repartitionByRange(partitions, col(REGION_KEY))
        .sortWithinPartitions(REGION_KEY, "rule_id", "dw_ek_forloeb", "dato_markoer", "tidspunkt_markoer", "markoer",
            "pathway_id");
  }

  /** The findings of one region after another from one iterator sorted by {@code region_key} (its last column). */
  static final class RegionRows {
    private final Iterator<Row> rows;
    private Row next;

    RegionRows(Iterator<Row> rows) {
      this.rows = rows;
      this.next = rows.hasNext() ? rows.next() : null;
    }

    /** The rows of this region; the regions must be asked for in {@code region_key} order, each once. */
    Iterator<Row> of(String region) {
      if (next != null && key(next).compareTo(region) < 0) {
        throw new IllegalStateException("findings of region_key " + key(next) + " have no report");
      }
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return next != null && key(next).equals(region);
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException(region);
          }
          Row r = next;
          next = rows.hasNext() ? rows.next() : null;
          return r;
        }
      };
    }

    /** The region of the next row, null when there is none. */
    String nextRegion() {
      return next == null ? null : key(next);
    }

    private static String key(Row r) {
      return r.getString(r.length() - 1);
    }
  }

  /** {@code region_key}: the region code when it is one of the five, else "ukendt". */
  static Dataset<Row> withRegionKey(Dataset<Row> errors, Map<String, String> regions) {
    Column known = col("region").isin(regions.keySet().toArray());
    return errors.withColumn(REGION_KEY, org.apache.spark.sql.functions.when(known, col("region"))
        .otherwise(lit(UNKNOWN_REGION)));
  }

  /** The previous run's findings per {@link #ruleKey}. */
  private static Map<String, Long> previousCounts(Dataset<Row> previous) {
    Map<String, Long> before = new HashMap<>();
    for (Row r : previous.groupBy(REGION_KEY, "rule_id").agg(count(lit(1))).collectAsList()) {
      before.put(ruleKey(r.getString(0), r.getString(1)), r.getLong(2));
    }
    return before;
  }

  private static String ruleKey(String region, String rule) {
    return region + "|" + rule;
  }

  private static String workbookPath(String region, LocalDate cutoff) {
    return "regions/" + region + "/" + baseName(region, cutoff) + ".xlsx";
  }

  private static String baseName(String region, LocalDate cutoff) {
    return "valideringsrapport_" + region + "_" + cutoff;
  }

  /** The region's HTML summary next to its workbook; what was written for the run's manifest. */
  private Map<String, Object> writeSummary(String region, String label, List<RuleCount> summary, RunInfo run,
      String reportsDir) {
    String html = "regions/" + region + "/" + baseName(region, run.cutoff()) + ".html";
    long findings = summary.stream().mapToLong(RuleCount::count).sum();
    Map<String, Object> model = new HashMap<>();
    model.put("region", label);
    model.put("snapshot", run.snapshotName());
    model.put("cutoff", run.cutoff().toString());
    model.put("extraction", run.extractionDate().toString());
    model.put("previous", run.previousRun());
    model.put("counts", summary);
    model.put("total", findings);
    model.put("workbook", baseName(region, run.cutoff()) + ".xlsx");
    files.writeString(reportsDir + "/" + html, Templates.render("region-summary.html", model));
    LOG.info("report for {}: {} findings", label, findings);
    return Map.of("findings", findings, "workbook", workbookPath(region, run.cutoff()), "summary", html);
  }

  /** The column as a string, or nulls when the table lacks it (e.g. no pseudonym in a dataset finding). */
  private static Column columnOrNull(Dataset<Row> table, String name) {
    boolean present = Arrays.asList(table.columns()).contains(name);
    return (present ? col(name).cast("string") : lit(null).cast("string")).as(name);
  }
}
