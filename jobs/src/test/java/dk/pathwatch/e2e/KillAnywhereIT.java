package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.Published;
import dk.pathwatch.Rules;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TableAssert;
import dk.pathwatch.publish.RunLayout;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 anywhere (issue #15): the real jar is killed with SIGKILL at every step boundary, inside every step that
 * writes, and in each window of publish ({@code PATHWATCH_HALT_AT}); each kill is followed by a rerun that is killed
 * at the next point, and the last rerun completes. After every kill, what readers find through {@code CURRENT} is
 * a whole published run (the earlier publication, or the new one), never a partial or blocked one; the stale lock of
 * each killed process is taken over at once; the end result equals an uninterrupted run's, table for table. Once
 * with the default H2 JobRepository (every point, replacing an earlier publication), once with PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillAnywhereIT {
  static final String DATE = "2025-06-30";
  /**
   * Every point up to the pointer switch. A kill after it (publish:end, job:completed) leaves a published run, which
   * the next run finds done: PublishCrashWindowsIT kills at publish:end, the PostgreSQL chain at job:completed.
   */
  static final List<String> EVERY_POINT = List.of("load:end", "validate:inside", "validate:end",
      "pathways:inside", "pathways:end", "indicators:inside", "indicators:end", "report:inside", "report:end",
      "publish:decided", "publish:moved", "publish:pointed");
  static final List<String> SOME_POINTS = List.of("validate:inside", "publish:moved", "job:completed");

  @TempDir static Path tmp;
  Path snapshot;
  Path reference;

  /** A small generated snapshot and its uninterrupted run (with a rule file differing by a comment only). */
  @BeforeAll
  void referenceRun() {
    snapshot = GeneratedSnapshots.get(300, 11, DATE);
    Path rules = Rules.copy(tmp.resolve("rules"));
    Rules.append(rules, "rules/marker.yaml", "\n# the reference run\n");
    JarRunner.Result r = JarRunner.run(List.of("run", "--snapshot", snapshot.toString(), "--output",
        tmp.resolve("h2").toString(), "--rules", rules.toString()));
    assertEquals(0, r.exitCode(), r.output());
    reference = Published.require(tmp.resolve("h2"), snapshot, DATE);
  }

  @Test
  void killedAnywhereOnH2TheRerunsEndWithTheCleanRunsTables() throws Exception {
    killEverywhere(tmp.resolve("h2"), EVERY_POINT, List.of());
  }

  @Test
  void killedAnywhereOnPostgresTheRerunsEndWithTheCleanRunsTables() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      killEverywhere(tmp.resolve("pg"), SOME_POINTS, List.of("--job-repository",
          postgres.getJdbcUrl("postgres", "postgres")));
    }
  }

  private void killEverywhere(Path out, List<String> points, List<String> more) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--snapshot", snapshot.toString(), "--output",
        out.toString()));
    args.addAll(more);
    boolean first = true;
    for (String point : points) {
      JarRunner.Result killed = JarRunner.run(args, Map.of("PATHWATCH_HALT_AT", point), Duration.ofMinutes(5));
      PublishCrashWindowsIT.assertKilled(killed, point);
      if (!first) {
        assertTrue(killed.output().contains("taking over the stale lock"), "the killed run's lock:\n"
            + killed.output());
      }
      first = false;
      assertReadersSeeAWholeRun(out);
    }
    JarRunner.Result last = JarRunner.run(args, Map.of(), Duration.ofMinutes(5));
    assertEquals(0, last.exitCode(), last.output());
    assertTrue(last.output().contains("already done: "), "the last kill came after the pointer switch:\n"
        + last.output());
    List<String> historyArgs = new ArrayList<>(List.of("history", "--output", out.toString()));
    historyArgs.addAll(more);
    JarRunner.Result history = JarRunner.run(historyArgs, Map.of(), Duration.ofMinutes(2));
    assertEquals(0, history.exitCode(), history.output());
    assertFalse(history.output().contains("STARTED"), "no execution left running:\n" + history.output());
    Path published = Published.require(out, snapshot, DATE);
    TableAssert.sameTables(SharedSpark.get(), reference, published);
    RunLayout layout = Published.layout(out, snapshot, DATE);
    assertFalse(Files.exists(Path.of(layout.stagingRoot())), "staging removed");
    assertFalse(Files.exists(Path.of(layout.lock())), "lock released");
  }

  /** CURRENT is absent, or names a run folder whose manifest says COMPLETED and whose tables are all there. */
  private void assertReadersSeeAWholeRun(Path out) throws Exception {
    Path current = Published.current(out, snapshot, DATE);
    if (current == null) {
      assertFalse(Files.exists(Published.place(out, snapshot, DATE).resolve(RunLayout.POINTER)),
          "no dangling pointer");
      return;
    }
    JsonNode manifest = new ObjectMapper().readTree(current.resolve("manifest.json").toFile());
    assertEquals("COMPLETED", manifest.path("status").asText(), current.toString());
    assertEquals(TableAssert.tableNames(reference), TableAssert.tableNames(current), "every table is there");
    for (JsonNode o : manifest.path("outputs")) {
      assertEquals(o.path("rows").asLong(), SharedSpark.get().read().parquet(o.path("path").asText()).count(),
          o.path("table").asText());
    }
  }
}
