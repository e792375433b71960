package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.Pathwatch;
import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.load.InputStats;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spring Batch job in-process on a tiny snapshot: publish layout, manifest, rerun semantics. */
class NightlyJobTest {

  @Test
  void publishesTheRunAndIsANoOpTheSecondTime(@TempDir Path tmp) throws Exception {
    Path snapshot = TinySnapshot.write(SharedSpark.get(), tmp.resolve("snapshots/2025-03-31"));
    Path out = tmp.resolve("out");
    String[] args = {"run", "--snapshot", snapshot.toString(), "--output", out.toString()};

    assertEquals(ExitCodes.OK, Pathwatch.execute(args));
    Path published = Published.require(out, snapshot, "2025-03-31");
    JsonNode manifest = new ObjectMapper().readTree(published.resolve("manifest.json").toFile());
    assertEquals("COMPLETED", manifest.path("status").asText());
    assertEquals(7, manifest.path("inputs").path("forloebsmarkoerer").path("rows").asLong());
    assertEquals(2, manifest.path("inputs").path("forloeb").path("rows").asLong());
    for (String table : new String[] {"forloebsmarkoerer", "forloeb"}) { // the passes' checksums, as one pass gives them
      assertEquals(InputStats.of(SharedSpark.get().read().parquet(snapshot.resolve(table).toString())).get("checksum"),
          manifest.path("inputs").path(table).path("checksum").asText(), table);
    }
    try (var staging = Files.list(out.resolve("_staging"))) {
      assertEquals(0, staging.count(), "staging is gone after publish");
    }

    long modified = Files.getLastModifiedTime(published.resolve("manifest.json")).toMillis();
    assertEquals(ExitCodes.OK, Pathwatch.execute(args));
    assertEquals(modified, Files.getLastModifiedTime(published.resolve("manifest.json")).toMillis(),
        "a rerun after success does nothing");
  }

  @Test
  void cutoffAfterExtractionIsABadArgument(@TempDir Path tmp) {
    Path snapshot = TinySnapshot.write(SharedSpark.get(), tmp.resolve("2025-03-31"));
    assertEquals(ExitCodes.BAD_ARGUMENTS, Pathwatch.execute("run", "--snapshot", snapshot.toString(),
        "--output", tmp.resolve("out").toString(), "--cutoff", "2025-04-01"));
  }

  @Test
  void missingSnapshotMeansNothingToDo(@TempDir Path tmp) {
    assertEquals(ExitCodes.NO_SNAPSHOT, Pathwatch.execute("run", "--snapshot", tmp.resolve("2025-03-31").toString(),
        "--output", tmp.resolve("out").toString()));
    assertTrue(Files.notExists(tmp.resolve("out")), "nothing written");
  }
}
