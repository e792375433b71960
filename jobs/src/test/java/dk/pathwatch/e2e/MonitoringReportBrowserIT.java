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
