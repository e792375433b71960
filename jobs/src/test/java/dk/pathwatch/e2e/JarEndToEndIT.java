package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real jar, end to end: generate a snapshot, run the nightly job, read what it published. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JarEndToEndIT {
  static final String DATE = "2025-06-30";

  @TempDir static Path tmp;
  Path snapshot;
  Path output;

  @BeforeAll
  void generateAndRun() {
    snapshot = GeneratedSnapshots.get(3000, 7, DATE);
    output = GeneratedSnapshots.cleanRun(snapshot);
  }

  @Test
  void theNightlyJobPublishesTablesAndManifest() throws Exception {
    Path published = Published.require(output, snapshot, DATE);
    JsonNode manifest = new ObjectMapper().readTree(published.resolve("manifest.json").toFile());
    assertEquals("COMPLETED", manifest.path("status").asText());
    SparkSession spark = SharedSpark.get();
    long markers = spark.read().parquet(snapshot.resolve("forloebsmarkoerer").toString()).count();
    assertEquals(markers, manifest.path("inputs").path("forloebsmarkoerer").path("rows").asLong());
    for (JsonNode out : manifest.path("outputs")) {
      Path table = Path.of(out.path("path").asText());
      assertTrue(Files.isDirectory(table), "listed output exists: " + table);
      assertEquals(out.path("rows").asLong(), spark.read().parquet(table.toString()).count(), table.toString());
    }
  }

  @Test
  void everyPublishCarriesTheDisclosureAuditInTheManifestAndOnTheMonitoringPage() throws Exception {
    Path published = Published.require(output, snapshot, DATE);
    JsonNode disclosure = new ObjectMapper().readTree(published.resolve("manifest.json").toFile()).path("disclosure");
    assertEquals(0, disclosure.path("audit").path("recoverable").asInt(), disclosure.toString());
    assertTrue(disclosure.path("audit").path("cells_checked").asLong() > 0, disclosure.toString());
    assertTrue(disclosure.path("audit").path("narrowest_interval").asLong() > 0, disclosure.toString());
    assertTrue(disclosure.path("seconds").asDouble() > 0, disclosure.toString());
    for (String table : List.of("activity", "indicators", "indicators.share", "mwt")) {
      JsonNode t = disclosure.path("tables").path(table);
      assertTrue(t.path("cells").asLong() > 0 && t.path("primary").asLong() > 0, table + ": " + t);
      assertTrue(t.has("secondary") && t.has("suppressed_share"), table + ": " + t);
    }
    Path page;
    try (var files = Files.walk(published)) {
      page = files.filter(f -> f.getFileName().toString().startsWith("monitoring")
          && f.getFileName().toString().endsWith(".html")).findFirst().orElseThrow();
    }
    String html = Files.readString(page);
    String section = html.substring(html.indexOf("<table id=\"disclosure\">"));
    section = section.substring(0, section.indexOf("</table>"));
    for (String table : List.of("indicators_published (n)", "indicators_published (share_within)",
        "activity_published", "mwt_published")) {
      assertTrue(section.contains("<td>" + table + "</td>"), table + " on the monitoring page: " + section);
    }
    assertTrue(section.contains(" %</td>"), "the share hidden per table: " + section);
  }

  @Test
  void runHelpDocumentsEveryOption() {
    JarRunner.Result help = JarRunner.run(List.of("run", "--help"));
    assertEquals(0, help.exitCode(), help.output());
    for (String option : List.of("--snapshot", "--output", "--extraction-date", "--cutoff", "--rules",
        "--job-repository", "--db-config", "--help", "--version")) {
      assertTrue(help.output().contains(option), option + " documented:\n" + help.output());
    }
    assertTrue(help.output().contains("99"), "exit codes documented");
  }

  @Test
  void aSnapshotWithAColumnRemovedIsRefusedNamingIt() {
    SparkSession spark = SharedSpark.get();
    Path broken = tmp.resolve("broken/" + DATE);
    spark.read().parquet(snapshot.resolve("forloeb").toString()).write().parquet(broken.resolve("forloeb").toString());
    spark.read().parquet(snapshot.resolve("forloebsmarkoerer").toString()).drop("dato_markoer")
        .write().parquet(broken.resolve("forloebsmarkoerer").toString());
    JarRunner.Result r = JarRunner.run(List.of("run", "--snapshot", broken.toString(), "--output",
        tmp.resolve("broken-out").toString(), "--extraction-date", DATE));
    assertEquals(4, r.exitCode(), r.output());
    assertTrue(r.output().contains("forloebsmarkoerer") && r.output().contains("dato_markoer"), r.output());
    assertTrue(Published.current(tmp.resolve("broken-out"), broken, DATE) == null, "nothing published");
  }
}
