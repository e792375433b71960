package dk.pathwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole harness at 20k markers: generate, the job and the floor job each in a child JVM, then the figures
 * and files. No timing is asserted, only that every figure was measured and the floor's table is right.
 */
class BenchHarnessTest {
  @TempDir Path work;

  @Test
  void benchRunsGeneratorJobAndFloorAndWritesTheFigures() throws Exception {
    BenchSize size = BenchSize.parse("20k");
    BenchRunner.Options options = new BenchRunner.Options(List.of(size), work, "1g", 3, false,
        Duration.ofMinutes(20), 2_000, false);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    BenchRunner runner = new BenchRunner(options, JavaLauncher.current(dk.pathwatch.Pathwatch.class),
        new PrintStream(console, true, StandardCharsets.UTF_8));
    BenchReport report = runner.run();
    String printed = console.toString(StandardCharsets.UTF_8);

    SizeResult r = report.sizes().get(0);
    assertFalse(r.reused());
    assertTrue(r.markerRows() > 15_000 && r.markerRows() < 25_000, "marker rows " + r.markerRows());
    assertEquals(0, r.full().stats().exitCode(), printed);
    assertEquals(0, r.floor().stats().exitCode(), printed);
    assertTrue(r.full().stats().peakRssMb() > 0 && r.full().stats().peakHeapMb() > 0, printed);
    assertTrue(r.full().stats().cpuSeconds() > 0, printed);
    assertTrue(r.ratio() > 0, printed);
    assertTrue(r.full().steps().stream().anyMatch(s -> s.step().equals("load") && s.seconds() >= 0), printed);
    assertTrue(r.full().steps().stream().anyMatch(s -> s.step().equals(BenchRunner.DISCLOSURE_STEP)
        && s.seconds() > 0), "the disclosure control's seconds from the manifest: " + printed);
    assertTrue(printed.contains("disclosure control + audit:") && printed.contains("% of the full job"), printed);
    assertTrue(printed.contains("full / floor") && printed.contains("targets:"), printed);
    assertTrue(printed.contains("20M markers end to end <= 300 s, -Xmx <= 8g")
        && printed.contains("not measured"), printed);

    // the same rows with one person of at least 2,000 markers: a run of its own, compared with the plain run
    SizeResult.OnePerson one = r.onePerson();
    assertTrue(one.markers() >= 2_000 && one.personsMerged() > 1, printed);
    assertEquals(0, one.full().stats().exitCode(), printed);
    assertTrue(one.full().stats().peakHeapMb() > 0 && !Double.isNaN(one.timeGrowth(r.full())), printed);
    assertTrue(printed.contains("one person of " + String.format(java.util.Locale.ROOT, "%,d", one.markers())
        + " markers"), printed);
    assertTrue(printed.contains("not measured (--one-person below 200k)"), printed);

    // the floor job's table is what FloorJob.of4 gives on the same snapshot
    SparkSession spark = SharedSpark.get();
    Dataset<Row> written = spark.read().parquet(work.resolve("runs/20k/floor/of4").toString());
    Dataset<Row> expected = FloorJob.of4(spark.read().parquet(r.snapshot() + "/forloebsmarkoerer"),
        spark.read().parquet(r.snapshot() + "/forloeb"));
    assertTrue(written.count() > 10);
    assertEquals(0, written.exceptAll(expected).count());
    assertEquals(0, expected.exceptAll(written).count());

    JsonNode json = new ObjectMapper().readTree(work.resolve(BenchReport.JSON).toFile());
    assertEquals("20k", json.path("sizes").get(0).path("size").asText());
    assertEquals(r.markerRows(), json.path("sizes").get(0).path("marker_rows").asLong());
    assertTrue(json.path("sizes").get(0).path("full").path("wall_seconds").asDouble() > 0);
    assertEquals(8, json.path("targets").size());
    String md = Files.readString(work.resolve(BenchReport.MARKDOWN));
    assertTrue(md.contains("| 20k | " + String.format(java.util.Locale.ROOT, "%,d", r.markerRows()) + " |"), md);

    // the snapshot is reused for the same size and seed, not for another seed
    assertTrue(runner.matches(Path.of(r.snapshot()), size));
    BenchRunner otherSeed = new BenchRunner(new BenchRunner.Options(List.of(size), work, "1g", 4, false,
        Duration.ofMinutes(1), 0, false), JavaLauncher.current(dk.pathwatch.Pathwatch.class), System.out);
    assertFalse(otherSeed.matches(Path.of(r.snapshot()), size));
  }
}
