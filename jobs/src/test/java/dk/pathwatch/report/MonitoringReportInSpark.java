package dk.pathwatch.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dk.pathwatch.common.SparkPaths;
import dk.pathwatch.publish.OutputFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The monitoring page as 378bfee computed it: Spark filters, aggregations and sorts over each published table (and
 * two reads of {@code indicators_published}); the drawing, unchanged, is {@link MonitoringReport}'s own. Kept as the
 * reference that {@link MonitoringReportTest} compares the page of {@link MonitoringReport}, which reads each table
 * once and works on its rows in plain Java, with.
 */
final class MonitoringReportInSpark {
  static final String SUPPRESSED = MonitoringReport.SUPPRESSED;
  static final List<String> MAIN_INDICATORS = MonitoringReport.MAIN_INDICATORS;
  static final List<String> MWT_CATEGORIES = MonitoringReport.MWT_CATEGORIES;

  private final SparkSession spark;
  private final OutputFiles files;

  MonitoringReportInSpark(SparkSession spark, OutputFiles files) {
    this.spark = spark;
    this.files = files;
  }

  /** Writes {@code reportsDir/monitoring.html} from the tables in {@code tablesDir}; returns what it drew. */
  public Map<String, Object> write(String tablesDir, String reportsDir, RegionReports.RunInfo run,
      Map<String, String> regions) {
    List<String> regionOrder = new ArrayList<>(regions.keySet());
    regionOrder.add("national");
    List<Row> indicators = SparkPaths.parquet(spark, tablesDir + "/indicators_published")
        .where(col("modality").equalTo("alle").and(col("indicator").isin(MAIN_INDICATORS.toArray())))
        .select("quarter", "region", "pathway", "indicator", "n", "share_within", "q1", "median", "q3")
        .collectAsList();
    List<String> quarters = new ArrayList<>(new TreeSet<>(indicators.stream().map(r -> r.getString(0)).toList()));
    Map<String, Object> model = new HashMap<>();
    model.put("snapshot", run.snapshotName());
    model.put("cutoff", run.cutoff().toString());
    model.put("extraction", run.extractionDate().toString());
    model.put("regions", regionOrder);
    model.put("regionNames", regions);
    String latest = MonitoringReport.latestQuarterWith(indicators, "OF4");
    model.put("quarterSections", MonitoringReport.quarterSections(indicators, quarters, regionOrder, latest));
    boolean trendShown = indicators.stream().anyMatch(r -> r.getString(3).equals("OF4")
        && r.getString(2).equals("all") && !r.isNullAt(5));
    model.put("trendChart", trendShown ? MonitoringReport.trendChart(indicators, quarters, regionOrder) : null);
    model.put("latestQuarter", latest);
    model.put("shareChart",
        latest == null ? null : MonitoringReport.shareByRegionChart(indicators, latest, regionOrder));
    model.put("mwt", mwt(tablesDir, regionOrder));
    model.put("activity", activity(tablesDir, regionOrder));
    model.put("quality", quality(tablesDir));
    model.put("disclosure", disclosure(tablesDir));
    files.writeString(reportsDir + "/monitoring.html", Templates.render("monitoring.html", model));
    return Map.of("path", "monitoring.html", "quarters", quarters.size());
  }

  private Map<String, Object> mwt(String tablesDir, List<String> regionOrder) {
    List<Row> rows = SparkPaths.parquet(spark, tablesDir + "/mwt_published")
        .groupBy("quarter", "region", "category").agg(sum("n").as("n"))
        .orderBy("quarter", "region", "category").collectAsList();
    String latest = rows.stream().map(r -> r.getString(0)).max(String::compareTo).orElse(null);
    Map<String, Map<String, Long>> byRegion = new LinkedHashMap<>();
    for (String region : regionOrder) {
      byRegion.put(region, new LinkedHashMap<>());
    }
    List<Map<String, String>> table = new ArrayList<>();
    for (Row r : rows) {
      if (!r.getString(0).equals(latest)) {
        continue;
      }
      Long n = r.isNullAt(3) ? null : r.getLong(3);
      byRegion.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>()).put(r.getString(2), n);
      table.add(Map.of("region", r.getString(1), "category", r.getString(2),
          "n", n == null ? SUPPRESSED : n.toString()));
    }
    Map<String, Object> m = new HashMap<>();
    m.put("quarter", latest);
    m.put("chart", latest == null ? null : SvgCharts.stacked("Maksimale ventetider " + latest
        + ": forløb pr. kategori og region (bopælsregion)", byRegion, MWT_CATEGORIES));
    m.put("rows", table);
    return m;
  }

  private List<Map<String, String>> activity(String tablesDir, List<String> regionOrder) {
    List<Row> rows = SparkPaths.parquet(spark, tablesDir + "/activity_published")
        .where(col("pathway").equalTo("all"))
        .select("quarter", "region", "started", "investigation_started", "disproven", "treated",
            "closed_without_treatment", "open_at_cutoff")
        .orderBy(col("quarter").desc(), col("region")).collectAsList();
    List<Map<String, String>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("quarter", r.getString(0));
      m.put("region", r.getString(1));
      String[] names = {"started", "investigation_started", "disproven", "treated", "closed_without_treatment",
          "open_at_cutoff"};
      for (int i = 0; i < names.length; i++) {
        m.put(names[i], r.isNullAt(i + 2) ? SUPPRESSED : String.valueOf(r.get(i + 2)));
      }
      out.add(m);
    }
    return out;
  }

  /**
   * Per published table (and the indicators' shares): the values it publishes, how many are hidden as primary and
   * as secondary, and the share hidden — from the tables' own flags.
   */
  private List<Map<String, String>> disclosure(String tablesDir) {
    List<Map<String, String>> out = new ArrayList<>();
    Dataset<Row> indicators = SparkPaths.parquet(spark, tablesDir + "/indicators_published");
    out.add(flagCounts("indicators_published (n)", indicators, List.of("suppressed_n"), null));
    out.add(flagCounts("indicators_published (share_within)", indicators, List.of("suppressed_share"),
        col("share_within").isNotNull().or(col("suppressed_share").isNotNull())));
    for (String table : List.of("activity_published", "mwt_published")) {
      Dataset<Row> df = SparkPaths.parquet(spark, tablesDir + "/" + table);
      List<String> flags = Arrays.stream(df.columns()).filter(c -> c.startsWith("suppressed_")).toList();
      out.add(flagCounts(table, df, flags, null));
    }
    return out;
  }

  /** One aggregation over the table: its cells (one per value of each flag column) and their flags. */
  private static Map<String, String> flagCounts(String table, Dataset<Row> df, List<String> flags, Column exists) {
    Dataset<Row> rows = exists == null ? df : df.where(exists);
    List<Column> sums = new ArrayList<>();
    for (String f : flags) {
      sums.add(sum(when(col(f).equalTo("primary"), 1).otherwise(0)));
      sums.add(sum(when(col(f).equalTo("secondary"), 1).otherwise(0)));
    }
    Row r = rows.agg(count(lit(1)), sums.toArray(Column[]::new)).first();
    long cells = r.getLong(0) * flags.size();
    long primary = 0;
    long secondary = 0;
    for (int i = 0; i < flags.size(); i++) {
      primary += r.isNullAt(1 + 2 * i) ? 0 : r.getLong(1 + 2 * i);
      secondary += r.isNullAt(2 + 2 * i) ? 0 : r.getLong(2 + 2 * i);
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("cells", Long.toString(cells));
    m.put("primary", Long.toString(primary));
    m.put("secondary", Long.toString(secondary));
    m.put("share", cells == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * (primary + secondary) / cells));
    return m;
  }

  private List<Map<String, String>> quality(String tablesDir) {
    List<Row> rows = SparkPaths.parquet(spark, tablesDir + "/validation_results")
        .groupBy("rule_id").agg(sum("rows_checked").as("checked"), sum("violations").as("violations"))
        .where(col("violations").gt(lit(0))).orderBy("rule_id").collectAsList();
    List<Map<String, String>> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(Map.of("rule", r.getString(0), "checked", String.valueOf(r.get(1)),
          "violations", String.valueOf(r.get(2))));
    }
    return out;
  }
}
