package dk.pathwatch.e2e;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Pathwatch;
import dk.pathwatch.SharedSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * {@code trace} on a real published run: a published OF4 cell traces back to exactly its {@code n} pathways, whose
 * days give the cell's median, each with its markers; an mwt cell to its {@code n} clocks. Runs the command
 * in-process (registered in {@link Pathwatch}) on the test JVM's Spark session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceIT {
  static final String DATE = "2025-06-30";
  static final Pattern DAYS = Pattern.compile(" days=(\\d+)");

  Path published;

  @BeforeAll
  void run() {
    published = PublishedRuns.get(3000, 7, DATE);
    SharedSpark.get();
  }

  record Traced(int exitCode, String out, String err) {}

  Traced trace(String cell, int limit) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Pathwatch.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int code = cli.execute("trace", "--run", published.toString(), "--cell", cell, "--limit", String.valueOf(limit));
    return new Traced(code, out.toString(), err.toString());
  }

  @Test
  void aPublishedOf4CellTracesToItsNPathwaysWhoseDaysGiveItsMedian() {
    // the published cell of OF4 with the fewest pathways whose median is shown (n > 10)
    Row cell = SharedSpark.get().read().parquet(published.resolve("tables/indicators_published").toString())
        .where(col("indicator").equalTo("OF4").and(col("median").isNotNull()).and(col("region").notEqual("national")))
        .orderBy(col("n"), col("cell_id")).first();
    String id = cell.getAs("cell_id");
    long n = cell.getAs("n");
    double median = cell.getAs("median");
    Traced t = trace(id, 1000);
    assertEquals(0, t.exitCode(), t.err());
    assertTrue(t.out().startsWith("cell " + id + " (indicators, internal values)"), t.out());
    assertTrue(t.out().contains("pathways: " + n + " (showing " + n + ")"), t.out());

    List<String> pathwayLines = t.out().lines().filter(l -> l.startsWith("pathway ")).toList();
    assertEquals(n, pathwayLines.size(), t.out());
    List<Integer> days = new ArrayList<>();
    for (String line : pathwayLines) {
      Matcher m = DAYS.matcher(line);
      assertTrue(m.find(), line);
      days.add(Integer.parseInt(m.group(1)));
      assertTrue(line.contains(" pseudonym="), line);
      assertTrue(line.contains(" region=" + cell.getAs("region")), line);
    }
    assertEquals(median, pctldef5Median(days), 1e-9, "median of the traced days " + days);
    // every pathway lists at least its A and its F marker, as marker lines below it
    long markers = t.out().lines().filter(l -> l.startsWith("  marker ")).count();
    assertTrue(markers >= 2 * n, markers + " markers for " + n + " pathways");
    assertTrue(t.out().contains("code=") && t.out().contains(" date="), t.out());
  }

  @Test
  void theLimitShortensTheListButNotTheTotal() {
    Row cell = SharedSpark.get().read().parquet(published.resolve("tables/activity").toString())
        .where(col("region").equalTo("national").and(col("pathway").equalTo("all"))).orderBy(col("quarter").desc())
        .first();
    Traced t = trace(cell.getAs("cell_id"), 3);
    assertEquals(0, t.exitCode(), t.err());
    assertTrue(t.out().contains("(activity, internal values)"), t.out());
    assertTrue(t.out().contains("pathways: " + cell.getAs("started") + " (showing 3)"), t.out());
    assertEquals(3, t.out().lines().filter(l -> l.startsWith("pathway ")).count());
  }

  @Test
  void anMwtCellTracesToItsClocks() {
    Row cell = SharedSpark.get().read().parquet(published.resolve("tables/mwt").toString())
        .where(col("region").notEqual("national")).orderBy(col("n").desc(), col("cell_id")).first();
    long n = cell.getAs("n");
    Traced t = trace(cell.getAs("cell_id"), 10_000);
    assertEquals(0, t.exitCode(), t.err());
    assertTrue(t.out().contains("clocks: " + n + " (showing " + n + ")"), t.out());
    assertEquals(n, t.out().lines().filter(l -> l.startsWith("clock ")).count());
  }

  @Test
  void anUnknownCellIsABadArgument() {
    Traced t = trace("1999Q1|1081|AFB01|alle|OF4", 10);
    assertEquals(2, t.exitCode(), t.out());
    assertFalse(t.out().contains("pathways:"));
    assertTrue(t.err().contains("no cell"), t.err());
  }

  /** SAS PCTLDEF=5 median: n·0.5 = j + g; x(j+1) when g > 0, else the mean of x(j) and x(j+1). */
  static double pctldef5Median(List<Integer> values) {
    List<Integer> x = values.stream().sorted().toList();
    int j = x.size() / 2;
    return x.size() % 2 == 1 ? x.get(j) : (x.get(j - 1) + x.get(j)) / 2.0;
  }
}
