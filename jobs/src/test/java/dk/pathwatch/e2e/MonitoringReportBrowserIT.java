package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  Path page;
  HeadlessChromium.Output dom;

  @BeforeAll
  void render() {
    page = PublishedRuns.get(3000, 7, DATE).resolve("reports/monitoring.html");
    assertTrue(Files.exists(page), page.toString());
    dom = HeadlessChromium.dumpDom(page);
  }

  @Test
  void thePageRendersWithoutConsoleErrors() {
    assertEquals(0, dom.exitCode(), dom.stderr());
    assertTrue(dom.stdout().contains("<h1>Monitorering af forløbstider på kræftområdet</h1>"), "rendered DOM");
    assertEquals(List.of(), dom.consoleLines(), "console messages");
  }

  @Test
  void everyChartHasMarksWithData() {
    List<String> charts = charts(dom.stdout());
    assertEquals(3, charts.size(), "trend, share by region and waiting-time charts");
    for (String figure : List.of("trend-chart", "share-chart", "mwt-chart")) {
      assertTrue(dom.stdout().contains("id=\"" + figure + "\""), figure);
    }
    for (String chart : charts) {
      Matcher m = MARK.matcher(chart);
      int marks = 0;
      while (m.find()) {
        double v = Double.parseDouble(m.group(1));
        assertTrue(v >= 0, "value " + v);
        marks++;
      }
      assertTrue(marks > 0, "a chart without marks: " + chart.substring(0, Math.min(300, chart.length())));
    }
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
