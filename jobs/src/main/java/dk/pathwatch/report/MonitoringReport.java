package dk.pathwatch.report;

import dk.pathwatch.common.SparkPaths;
import dk.pathwatch.common.WrittenParquet;
import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.validate.ValidationResults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The statisticians' monitoring page of a run, from the published (suppressed) tables only: per quarter the
 * share within standard time and the quartiles per pathway and region, charts of the share by region per
 * pathway, the trend over the quarters and the waiting-time categories by region, the activity counts and
 * the run's data-quality summary, and how much of each published table disclosure control hid. Suppressed cells
 * show "–" as in the registry's public tables. Self-contained HTML (inline SVG and CSS, no script from anywhere),
 * so it works offline.
 */
public final class MonitoringReport {
  static final String SUPPRESSED = "–";
  static final List<String> MAIN_INDICATORS = List.of("OF4", "DF3", "MF3");
  static final List<String> MWT_CATEGORIES = List.of("inden_for", "overskredet_regler_overholdt",
      "regler_ikke_overholdt", "igangvaerende", "afsluttet");

  private final SparkSession spark;
  private final OutputFiles files;

  public MonitoringReport(SparkSession spark, OutputFiles files) {
    this.spark = spark;
    this.files = files;
  }

  /** Writes {@code reportsDir/monitoring.html} from the tables in {@code tablesDir}; returns what it drew. */
  public Map<String, Object> write(String tablesDir, String reportsDir, RegionReports.RunInfo run,
      Map<String, String> regions) {
    List<String> regionOrder = new ArrayList<>(regions.keySet());
    regionOrder.add("national");
    // the published tables are small (a row per cell): each is read once and everything after is plain Java
    List<Row> published = WrittenParquet.read(spark, tablesDir + "/indicators_published")
        .select("quarter", "region", "pathway", "indicator", "n", "share_within", "q1", "median", "q3", "modality",
            "suppressed_n", "suppressed_share")
        .collectAsList();
    List<Row> indicators = published.stream()
        .filter(r -> "alle".equals(r.getString(9)) && MAIN_INDICATORS.contains(r.getString(3))).toList();
    Table mwt = read(tablesDir, "mwt_published");
    Table activity = read(tablesDir, "activity_published");
    List<String> quarters = new ArrayList<>(new TreeSet<>(indicators.stream().map(r -> r.getString(0)).toList()));
    Map<String, Object> model = new HashMap<>();
    model.put("snapshot", run.snapshotName());
    model.put("cutoff", run.cutoff().toString());
    model.put("extraction", run.extractionDate().toString());
    model.put("regions", regionOrder);
    model.put("regionNames", regions);
    String latest = latestQuarterWith(indicators, "OF4");
    model.put("quarterSections", quarterSections(indicators, quarters, regionOrder, latest));
    boolean trendShown = indicators.stream().anyMatch(r -> r.getString(3).equals("OF4")
        && r.getString(2).equals("all") && !r.isNullAt(5));
    model.put("trendChart", trendShown ? trendChart(indicators, quarters, regionOrder) : null);
    model.put("latestQuarter", latest);
    model.put("shareChart", latest == null ? null : shareByRegionChart(indicators, latest, regionOrder));
    model.put("mwt", mwt(mwt, regionOrder));
    model.put("activity", activity(activity));
    model.put("quality", quality(tablesDir));
    model.put("disclosure", disclosure(published, List.of(activity, mwt)));
    files.writeString(reportsDir + "/monitoring.html", Templates.render("monitoring.html", model));
    return Map.of("path", "monitoring.html", "quarters", quarters.size());
  }

  static String latestQuarterWith(List<Row> indicators, String indicator) {
    return indicators.stream().filter(r -> r.getString(3).equals(indicator) && !r.isNullAt(5))
        .map(r -> r.getString(0)).max(String::compareTo).orElse(null);
  }

  /**
   * Per quarter (newest first) and main indicator: pathways × regions with share, quartiles and n. The newest
   * quarter and the newest with a shown OF4 share ({@code latestShown}) are open; the newest is often all
   * suppressed, as few of its pathways are complete yet.
   */
  static List<Map<String, Object>> quarterSections(List<Row> indicators, List<String> quarters,
      List<String> regionOrder, String latestShown) {
    Map<String, Map<String, Map<String, Map<String, String>>>> cells = new HashMap<>();
    for (Row r : indicators) {
      cells.computeIfAbsent(r.getString(0) + "|" + r.getString(3), k -> new java.util.TreeMap<>())
          .computeIfAbsent(r.getString(2), k -> new HashMap<>()).put(r.getString(1), cell(r));
    }
    List<Map<String, Object>> sections = new ArrayList<>();
    for (int i = quarters.size() - 1; i >= 0; i--) {
      String q = quarters.get(i);
      List<Map<String, Object>> tables = new ArrayList<>();
      for (String ind : MAIN_INDICATORS) {
        var byPathway = cells.get(q + "|" + ind);
        if (byPathway == null) {
          continue;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        byPathway.forEach((pathway, byRegion) -> {
          List<Map<String, String>> row = new ArrayList<>();
          for (String region : regionOrder) {
            row.add(byRegion.getOrDefault(region, Map.of("text", "", "title", "ingen forløb")));
          }
          rows.add(Map.of("pathway", pathway, "cells", row));
        });
        tables.add(Map.of("indicator", ind, "rows", rows));
      }
      boolean open = i == quarters.size() - 1 || q.equals(latestShown);
      sections.add(Map.of("quarter", q, "tables", tables, "open", open));
    }
    return sections;
  }

  private static Map<String, String> cell(Row r) {
    String n = r.isNullAt(4) ? SUPPRESSED : Long.toString(((Number) r.get(4)).longValue());
    String share = r.isNullAt(5) ? SUPPRESSED : String.format(Locale.ROOT, "%.0f %%", r.getDouble(5) * 100);
    String quart = r.isNullAt(7) ? SUPPRESSED : days(r.get(6)) + "–" + days(r.get(7)) + "–" + days(r.get(8));
    boolean allSuppressed = r.isNullAt(4) && r.isNullAt(5) && r.isNullAt(7);
    return Map.of("text", allSuppressed ? SUPPRESSED : share + " · " + quart + " d · n=" + n,
        "title", "andel inden for standardforløbstid " + share + "; kvartiler (dage) " + quart + "; antal " + n,
        "suppressed", Boolean.toString(r.isNullAt(4) || r.isNullAt(5)));
  }

  private static String days(Object v) {
    double d = ((Number) v).doubleValue();
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }

  static String trendChart(List<Row> indicators, List<String> quarters, List<String> regionOrder) {
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (String region : regionOrder) {
      series.put(region, SvgCharts.nulls(quarters.size()));
    }
    for (Row r : indicators) {
      if (r.getString(3).equals("OF4") && r.getString(2).equals("all") && !r.isNullAt(5)
          && series.containsKey(r.getString(1))) {
        series.get(r.getString(1)).set(quarters.indexOf(r.getString(0)), r.getDouble(5));
      }
    }
    return SvgCharts.lines("OF4: andel inden for standardforløbstid pr. kvartal og region, alle forløb", quarters,
        series);
  }

  static String shareByRegionChart(List<Row> indicators, String quarter, List<String> regionOrder) {
    List<Object[]> triples = new ArrayList<>();
    indicators.stream()
        .filter(r -> r.getString(0).equals(quarter) && r.getString(3).equals("OF4") && !r.isNullAt(5))
        .sorted((a, b) -> a.getString(2).compareTo(b.getString(2)))
        .forEach(r -> triples.add(new Object[] {r.getString(2), r.getString(1), r.getDouble(5)}));
    Map<String, Map<String, Double>> rows = SvgCharts.nest(triples);
    return SvgCharts.dots("OF4 " + quarter + ": andel inden for standardforløbstid pr. forløb og region", rows,
        regionOrder);
  }

  /** A published table as read: its columns and its rows (a row per cell: small). */
  private record Table(String name, List<String> columns, List<Row> rows) {
    List<String> flagColumns() {
      return columns.stream().filter(c -> c.startsWith("suppressed_")).toList();
    }
  }

  private Table read(String tablesDir, String table) {
    Dataset<Row> df = WrittenParquet.read(spark, tablesDir + "/" + table);
    return new Table(table, Arrays.asList(df.columns()), df.collectAsList());
  }

  private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

  private static Map<String, Object> mwt(Table mwt, List<String> regionOrder) {
    // n per (quarter, region, category), summed over rules and reasons; null when every part is hidden
    Comparator<List<String>> keyOrder = Comparator.comparing((List<String> k) -> k.get(0), NULLS_FIRST)
        .thenComparing(k -> k.get(1), NULLS_FIRST).thenComparing(k -> k.get(2), NULLS_FIRST);
    Map<List<String>, Long> sums = new TreeMap<>(keyOrder);
    for (Row r : mwt.rows()) {
      List<String> key = Arrays.asList(r.getAs("quarter"), r.getAs("region"), r.getAs("category"));
      sums.put(key, plus(sums.get(key), r.getAs("n")));
    }
    String latest = sums.keySet().stream().map(k -> k.get(0)).max(String::compareTo).orElse(null);
    Map<String, Map<String, Long>> byRegion = new LinkedHashMap<>();
    for (String region : regionOrder) {
      byRegion.put(region, new LinkedHashMap<>());
    }
    List<Map<String, String>> table = new ArrayList<>();
    sums.forEach((key, n) -> {
      if (!key.get(0).equals(latest)) {
        return;
      }
      byRegion.computeIfAbsent(key.get(1), k -> new LinkedHashMap<>()).put(key.get(2), n);
      table.add(Map.of("region", key.get(1), "category", key.get(2), "n", n == null ? SUPPRESSED : n.toString()));
    });
    Map<String, Object> m = new HashMap<>();
    m.put("quarter", latest);
    m.put("chart", latest == null ? null : SvgCharts.stacked("Maksimale ventetider " + latest
        + ": forløb pr. kategori og region (bopælsregion)", byRegion, MWT_CATEGORIES));
    m.put("rows", table);
    return m;
  }

  private static List<Map<String, String>> activity(Table activity) {
    List<Row> rows = new ArrayList<>(activity.rows().stream().filter(r -> "all".equals(r.getAs("pathway"))).toList());
    rows.sort(Comparator.comparing((Row r) -> r.<String>getAs("quarter"), NULLS_FIRST.reversed())
        .thenComparing(r -> r.<String>getAs("region"), NULLS_FIRST));
    List<Map<String, String>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("quarter", r.getAs("quarter"));
      m.put("region", r.getAs("region"));
      String[] names = {"started", "investigation_started", "disproven", "treated", "closed_without_treatment",
          "open_at_cutoff"};
      for (String name : names) {
        Object v = r.getAs(name);
        m.put(name, v == null ? SUPPRESSED : String.valueOf(v));
      }
      out.add(m);
    }
    return out;
  }

  /**
   * Per published table (and the indicators' shares): the values it publishes, how many are hidden as primary and
   * as secondary, and the share hidden — from the tables' own flags.
   */
  private static List<Map<String, String>> disclosure(List<Row> indicators, List<Table> others) {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(flagCounts("indicators_published (n)", indicators, List.of("suppressed_n")));
    out.add(flagCounts("indicators_published (share_within)", indicators.stream()
        .filter(r -> r.getAs("share_within") != null || r.getAs("suppressed_share") != null).toList(),
        List.of("suppressed_share")));
    for (Table t : others) {
      out.add(flagCounts(t.name(), t.rows(), t.flagColumns()));
    }
    return out;
  }

  /** The rows' cells (one per value of each flag column) and their flags. */
  private static Map<String, String> flagCounts(String table, List<Row> rows, List<String> flags) {
    long cells = (long) rows.size() * flags.size();
    long primary = 0;
    long secondary = 0;
    for (Row r : rows) {
      for (String f : flags) {
        Object flag = r.getAs(f);
        primary += "primary".equals(flag) ? 1 : 0;
        secondary += "secondary".equals(flag) ? 1 : 0;
      }
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("cells", Long.toString(cells));
    m.put("primary", Long.toString(primary));
    m.put("secondary", Long.toString(secondary));
    m.put("share", cells == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * (primary + secondary) / cells));
    return m;
  }

  /** Per rule with violations: rows checked and violations over every scope and region, by rule id. */
  private List<Map<String, String>> quality(String tablesDir) {
    Map<String, Long[]> byRule = new TreeMap<>(NULLS_FIRST);
    // read with the table's schema: the folder is partitioned by scope, and inferring its schema is a Spark job
    for (Row r : SparkPaths.parquet(spark.read().schema(ValidationResults.SCHEMA), tablesDir + "/validation_results")
        .select("rule_id", "rows_checked", "violations").collectAsList()) {
      Long[] sums = byRule.computeIfAbsent(r.getString(0), k -> new Long[2]);
      sums[0] = plus(sums[0], r.get(1));
      sums[1] = plus(sums[1], r.get(2));
    }
    List<Map<String, String>> out = new ArrayList<>();
    byRule.forEach((rule, sums) -> {
      if (sums[1] != null && sums[1] > 0) {
        out.add(Map.of("rule", rule, "checked", String.valueOf(sums[0]), "violations", String.valueOf(sums[1])));
      }
    });
    return out;
  }

  /** A sum as SQL's {@code sum} builds it: nulls skipped, null while every value so far was null. */
  private static Long plus(Long sum, Object value) {
    if (value == null) {
      return sum;
    }
    long v = ((Number) value).longValue();
    return sum == null ? v : sum + v;
  }
}
