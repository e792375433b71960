package dk.pathwatch.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import dk.pathwatch.publish.OutputFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
    Map<String, List<RuleCount>> counts = counts(reported, previousErrors == null ? null
        : withRegionKey(previousErrors.where(col("severity").isin(REPORTED_SEVERITIES.toArray())), regions));
    // in region_key order, the order of the one sorted read that streams every region's findings
    Map<String, String> labels = new TreeMap<>();
    regions.forEach((code, name) -> labels.put(code, code + " " + name));
    if (counts.containsKey(UNKNOWN_REGION)) {
      labels.put(UNKNOWN_REGION, "ukendt region (til registeret)");
    }
    RegionRows rows = new RegionRows(inReportOrder(reported).toLocalIterator());
    Map<String, Object> written = new LinkedHashMap<>();
    for (var e : labels.entrySet()) {
      written.put(e.getKey(), writeRegion(rows.of(e.getKey()), e.getKey(), e.getValue(),
          counts.getOrDefault(e.getKey(), List.of()), run, reportsDir));
    }
    rows.requireConsumed();
    return written;
  }

  /**
   * Every reported finding, the workbook's columns and then {@code region_key}, sorted by region and within it
   * as the workbook lists them: one read for all regions.
   */
  private static Dataset<Row> inReportOrder(Dataset<Row> reported) {
    List<Column> columns = new ArrayList<>(Arrays.stream(RegionWorkbook.FINDING_COLUMNS)
        .map(c -> columnOrNull(reported, c)).toList());
    columns.add(col(REGION_KEY));
    return reported.select(columns.toArray(Column[]::new))
        .orderBy(REGION_KEY, "rule_id", "dw_ek_forloeb", "dato_markoer", "tidspunkt_markoer", "markoer", "pathway_id");
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

    void requireConsumed() {
      if (next != null) {
        throw new IllegalStateException("findings of region_key " + key(next) + " have no report");
      }
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

  private Map<String, List<RuleCount>> counts(Dataset<Row> current, Dataset<Row> previous) {
    Map<String, Long> before = new HashMap<>();
    if (previous != null) {
      for (Row r : previous.groupBy(REGION_KEY, "rule_id").agg(count(lit(1))).collectAsList()) {
        before.put(r.getString(0) + "|" + r.getString(1), r.getLong(2));
      }
    }
    Map<String, List<RuleCount>> out = new LinkedHashMap<>();
    // ordered here, not by Spark: an ordered aggregation is a sort of its own (two more Spark jobs)
    List<Row> rows = new ArrayList<>(current.groupBy(REGION_KEY, "rule_id")
        .agg(first("severity"), first("scope"), first("message_da"), count(lit(1))).collectAsList());
    rows.sort(java.util.Comparator.comparing((Row r) -> r.getString(0))
        .thenComparing(r -> r.getString(1), java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
    for (Row r : rows) {
      String key = r.getString(0) + "|" + r.getString(1);
      Long prev = previous == null ? null : before.getOrDefault(key, 0L);
      out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new RuleCount(r.getString(1), r.getString(2),
          r.getString(3), r.getString(4), r.getLong(5), prev));
    }
    return out;
  }

  private Map<String, Object> writeRegion(Iterator<Row> findings, String region, String label,
      List<RuleCount> summary, RunInfo run, String reportsDir) {
    String dir = reportsDir + "/regions/" + region;
    String base = "valideringsrapport_" + region + "_" + run.cutoff();
    long n;
    String xlsx = dir + "/" + base + ".xlsx";
    try (OutputStream out = files.fs(xlsx).create(new Path(xlsx), true)) {
      n = RegionWorkbook.write(out, label, run.cutoff(), summary, findings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + xlsx, e);
    }
    Map<String, Object> model = new HashMap<>();
    model.put("region", label);
    model.put("snapshot", run.snapshotName());
    model.put("cutoff", run.cutoff().toString());
    model.put("extraction", run.extractionDate().toString());
    model.put("previous", run.previousRun());
    model.put("counts", summary);
    model.put("total", summary.stream().mapToLong(RuleCount::count).sum());
    model.put("workbook", base + ".xlsx");
    files.writeString(dir + "/" + base + ".html", Templates.render("region-summary.html", model));
    LOG.info("report for {}: {} findings", label, n);
    return Map.of("findings", n, "workbook", "regions/" + region + "/" + base + ".xlsx",
        "summary", "regions/" + region + "/" + base + ".html");
  }

  /** The column as a string, or nulls when the table lacks it (e.g. no pseudonym in a dataset finding). */
  private static Column columnOrNull(Dataset<Row> table, String name) {
    boolean present = Arrays.asList(table.columns()).contains(name);
    return (present ? col(name).cast("string") : lit(null).cast("string")).as(name);
  }
}
