package dk.pathwatch.e2e;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring page of a real run in a real browser (headless Chromium): it renders without console errors,
 * every chart has marks carrying data, and a screenshot is kept in {@code target/monitoring-report.png} for a
 * person to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringReportBrowserIT {
  static final String DATE = "2025-06-30";
  static final Pattern MARK = Pattern.compile("<(?:circle|rect)[^>]*class=\"mark\"[^>]*data-value=\"([^\"]+)\"");

  @TempDir Path tmp;
  Path run;
  Path page;
  HeadlessChromium.Output dom;

  @BeforeAll
  void render() {
    run = PublishedRuns.get(3000, 7, DATE);
    page = run.resolve("reports/monitoring.html");
    assertTrue(Files.exists(page), page.toString());
    dom = HeadlessChromium.dumpDom(page);
  }

  @Test
  void thePageRendersWithoutConsoleErrors() {
    assertEquals(0, dom.exitCode(), dom.stderr());
    assertTrue(dom.stdout().contains("<h1>Monitorering af forløbstider på kræftområdet</h1>"), "rendered DOM");
    assertEquals(List.of(), dom.consoleLines(), "console messages");
  }

  /**
   * Each of the three figures draws a chart whose marks carry data where the published table shows values for it,
   * and says plainly that everything is hidden where it shows none (on a small snapshot every OF4 share may be
   * suppressed) — decided here from {@code indicators_published} itself, not from the page.
   */
  @Test
  void everyChartHasMarksWithData() {
    Dataset<Row> of4 = SharedSpark.get().read().parquet(run.resolve("tables/indicators_published").toString())
        .where(col("modality").equalTo("alle").and(col("indicator").equalTo("OF4"))
            .and(col("share_within").isNotNull()));
    assertFigure("trend-chart", of4.where(col("pathway").equalTo("all")).count());
    assertFigure("share-chart", of4.count());
    long mwtShown = SharedSpark.get().read().parquet(run.resolve("tables/mwt_published").toString())
        .where(col("n").isNotNull().and(col("n").gt(0))).count();
    assertTrue(mwtShown > 0, "the 3,000-pathway run shows waiting-time counts");
    assertFigure("mwt-chart", mwtShown);
  }

  /**
   * The page's table of hidden values per published table equals the table's own flags, counted here one flag
   * column at a time (the page counts every flag of a table in one aggregation).
   */
  @Test
  void theDisclosureTableCountsEachTablesFlags() {
    String table = dom.stdout().substring(dom.stdout().indexOf("<table id=\"disclosure\">"));
    table = table.substring(0, table.indexOf("</table>"));
    Matcher row = Pattern.compile("<tr><td>([^<]+)</td><td class=\"num\">(\\d+)</td><td class=\"num\">(\\d+)"
        + "</td><td class=\"num\">(\\d+)</td>").matcher(table);
    java.util.Map<String, List<Long>> shown = new java.util.LinkedHashMap<>();
    while (row.find()) {
      shown.put(row.group(1), List.of(Long.parseLong(row.group(2)), Long.parseLong(row.group(3)),
          Long.parseLong(row.group(4))));
    }
    Dataset<Row> indicators = published("indicators_published");
    assertEquals(flags(indicators, "suppressed_n"), shown.get("indicators_published (n)"));
    assertEquals(flags(indicators.where(col("share_within").isNotNull().or(col("suppressed_share").isNotNull())),
        "suppressed_share"), shown.get("indicators_published (share_within)"));
    for (String name : List.of("activity_published", "mwt_published")) {
      Dataset<Row> t = published(name);
      long cells = 0;
      long primary = 0;
      long secondary = 0;
      for (String f : t.columns()) {
        if (f.startsWith("suppressed_")) {
          List<Long> c = flags(t, f);
          cells += c.get(0);
          primary += c.get(1);
          secondary += c.get(2);
        }
      }
      assertTrue(secondary + primary > 0, name + " hides something on a 3,000-pathway run");
      assertEquals(List.of(cells, primary, secondary), shown.get(name), name);
    }
  }

  private Dataset<Row> published(String table) {
    return SharedSpark.get().read().parquet(run.resolve("tables/" + table).toString());
  }

  private static List<Long> flags(Dataset<Row> t, String flag) {
    return List.of(t.count(), t.where(col(flag).equalTo("primary")).count(),
        t.where(col(flag).equalTo("secondary")).count());
  }

  private void assertFigure(String id, long shownValues) {
    String figure = figure(dom.stdout(), id);
    List<String> charts = charts(figure);
    if (shownValues == 0) {
      assertEquals(List.of(), charts, id + ": no chart where every value is hidden");
      assertTrue(figure.contains("class=\"all-hidden\""), id + " says that every value is hidden: " + figure);
      return;
    }
    assertEquals(1, charts.size(), id + ": one chart where " + shownValues + " values are shown");
    assertFalse(figure.contains("all-hidden"), id);
    Matcher m = MARK.matcher(charts.get(0));
    int marks = 0;
    while (m.find()) {
      double v = Double.parseDouble(m.group(1));
      assertTrue(v >= 0, "value " + v);
      marks++;
    }
    assertTrue(marks > 0, id + ": a chart without marks: " + charts.get(0).substring(0, Math.min(300,
        charts.get(0).length())));
  }

  /** The {@code <figure id="…">…</figure>} element of the DOM with that id. */
  static String figure(String html, String id) {
    int start = html.indexOf("<figure id=\"" + id + "\"");
    assertTrue(start >= 0, "figure " + id);
    return html.substring(start, html.indexOf("</figure>", start));
  }

  @Test
  void aScreenshotIsKept() throws Exception {
    Path png = Path.of("target/monitoring-report.png");
    Files.deleteIfExists(png);
    HeadlessChromium.Output shot = HeadlessChromium.screenshot(page, png, 1280, 2400);
    assertEquals(0, shot.exitCode(), shot.stderr());
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(bytes.length > 20_000, "a screenshot with content: " + bytes.length + " bytes");
    assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void theConsoleCheckCatchesAScriptError() throws Exception {
    Path broken = tmp.resolve("broken.html");
    Files.writeString(broken, "<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction();</script></body></html>");
    HeadlessChromium.Output o = HeadlessChromium.dumpDom(broken);
    assertFalse(o.consoleLines().isEmpty(), "an uncaught error is seen:\n" + o.stderr());
  }

  /** The {@code <svg class="chart">…</svg>} elements of the DOM. */
  static List<String> charts(String html) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int start = html.indexOf("<svg class=\"chart\"", from);
      if (start < 0) {
        return out;
      }
      int end = html.indexOf("</svg>", start);
      out.add(html.substring(start, end));
      from = end;
    }
  }
}
