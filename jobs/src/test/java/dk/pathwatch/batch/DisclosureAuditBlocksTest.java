package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.CapturedRun;
import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.generate.GeneratorOptions;
import dk.pathwatch.generate.SnapshotGenerator;
import dk.pathwatch.indicators.DisclosureAudit;
import dk.pathwatch.indicators.DisclosureControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disclosure audit as a publication stop, through the whole job: a suppression that leaves hidden values
 * recoverable (primary only, via {@link DisclosureControl#PRIMARY_ONLY_PROPERTY}) ends the run like a BLOCKER —
 * exit 3, nothing published, reports and manifest in {@code _rejected/}, the recoverable cells named — and the same
 * snapshot with the real suppression publishes with nothing recoverable.
 */
class DisclosureAuditBlocksTest {
  private static final LocalDate DATE = LocalDate.parse("2025-06-30");

  @Test
  void aRecoverableHiddenValueStopsPublicationAndIsNamed(@TempDir Path tmp) throws Exception {
    Path snapshot = tmp.resolve("snapshots/" + DATE);
    GeneratorOptions o = GeneratorOptions.defaults(snapshot).withSeed(5);
    SnapshotGenerator.generate(SharedSpark.get(), new GeneratorOptions(o.output(), 400, o.seed(), DATE,
        o.faultRates(), null));
    Path out = tmp.resolve("out");
    String[] args = {"run", "--snapshot", snapshot.toString(), "--output", out.toString()};

    CapturedRun blocked;
    System.setProperty(DisclosureControl.PRIMARY_ONLY_PROPERTY, "true");
    try {
      blocked = CapturedRun.of(args);
    } finally {
      System.clearProperty(DisclosureControl.PRIMARY_ONLY_PROPERTY);
    }
    assertEquals(ExitCodes.BLOCKED, blocked.exitCode(), blocked.output());
    assertTrue(blocked.output().contains("BLOCKED by " + DisclosureAudit.BLOCKER_ID + " (disclosure audit): "),
        blocked.output());
    assertTrue(blocked.output().contains("can be recovered exactly from the published tables: "), blocked.output());
    assertNull(Published.current(out, snapshot, DATE.toString()), "nothing published");
    Path rejected = Published.rejected(out, snapshot, DATE.toString());
    JsonNode manifest = new ObjectMapper().readTree(rejected.resolve("manifest.json").toFile());
    assertEquals("BLOCKED", manifest.path("status").asText());
    JsonNode blocker = manifest.path("blocked_by").path(0);
    assertEquals(DisclosureAudit.BLOCKER_ID, blocker.path("rule_id").asText());
    assertTrue(blocker.path("rows").asInt() > 0, blocker.toString());
    JsonNode audit = manifest.path("disclosure").path("audit");
    assertEquals(blocker.path("rows").asInt(), audit.path("recoverable").asInt());
    assertEquals(0, audit.path("narrowest_interval").asInt(), "an exact range is one value wide");
    String named = audit.path("recoverable_cells").path(0).asText();
    assertTrue(blocker.path("message_en").asText().contains(named), named + " named in " + blocker);
    assertEquals(0, manifest.path("outputs").size(), "no outputs in a blocked run's manifest");
    try (Stream<Path> reports = Files.walk(rejected)) {
      assertTrue(reports.anyMatch(p -> p.getFileName().toString().endsWith(".xlsx")), "region reports written");
    }

    CapturedRun fixed = CapturedRun.of(args);
    assertEquals(ExitCodes.OK, fixed.exitCode(), fixed.output());
    assertTrue(fixed.output().contains("disclosure audit: ") && fixed.output().contains(" 0 recoverable"),
        fixed.output());
    Path published = Published.require(out, snapshot, DATE.toString());
    JsonNode ok = new ObjectMapper().readTree(published.resolve("manifest.json").toFile());
    assertEquals(0, ok.path("disclosure").path("audit").path("recoverable").asInt());
    assertTrue(ok.path("disclosure").path("tables").path("activity").path("secondary").asInt() > 0,
        ok.path("disclosure").toString());
  }
}
