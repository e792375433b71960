package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.Published;
import dk.pathwatch.Rules;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TableAssert;
import dk.pathwatch.TinySnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three crash windows of publish that a code review found (issue #15), each confirmed by killing the real jar
 * with SIGKILL at that moment ({@code PATHWATCH_HALT_AT}) and running it again: a blocked run must stay
 * unpublished, a kill after the move and before the JobRepository's commit must not wedge later runs, and readers
 * must see a whole run at every moment while an earlier publication is replaced. (On the code before the fix all
 * three failed: restart exit 1 with the blocked run's state gone, restart exit 7, nothing published while the old
 * run was moved aside.)
 */
class PublishCrashWindowsIT {
  static final String DATE = "2025-03-31";

  @TempDir Path tmp;

  private Path tinySnapshot(String name, boolean duplicateEpisode) {
    Path dir = TinySnapshot.write(SharedSpark.get(), tmp.resolve(name).resolve(DATE));
    if (duplicateEpisode) {
      SharedSpark.get().sql(TinySnapshot.EPISODES_SQL).limit(1).write().mode(SaveMode.Append)
          .parquet(dir.resolve("forloeb").toString());
    }
    return dir;
  }

  private static JarRunner.Result run(Path snapshot, Path out, String haltAt, String... more) {
    List<String> args = new ArrayList<>(List.of("run", "--snapshot", snapshot.toString(), "--output", out.toString()));
    args.addAll(List.of(more));
    return JarRunner.run(args, haltAt == null ? Map.of() : Map.of("PATHWATCH_HALT_AT", haltAt), Duration.ofMinutes(5));
  }

  static void assertKilled(JarRunner.Result r, String point) {
    assertEquals(137, r.exitCode(), "killed at " + point + ":\n" + r.output());
    assertTrue(r.output().contains("pathwatch: halting at " + point), r.output());
  }

  @Test
  void aBlockedRunKilledAfterItsDecisionOrItsMoveStaysUnpublishedOnRestart() throws Exception {
    Path snapshot = tinySnapshot("blocked", true);
    Path out = tmp.resolve("out");
    assertKilled(run(snapshot, out, "publish:decided"), "publish:decided");
    assertKilled(run(snapshot, out, "publish:moved"), "publish:moved");
    assertNull(Published.current(out, snapshot, DATE), "never published");
    JarRunner.Result rerun = run(snapshot, out, null);
    assertEquals(3, rerun.exitCode(), rerun.output());
    assertNull(Published.current(out, snapshot, DATE), "a blocked run is never published");
    Path rejected = Published.rejected(out, snapshot, DATE);
    assertNotNull(rejected);
    assertEquals("BLOCKED", new ObjectMapper().readTree(rejected.resolve("manifest.json").toFile())
        .path("status").asText());
  }

  @Test
  void aKillAfterTheMoveAndBeforeTheCommitDoesNotWedgeTheRestart() {
    Path snapshot = tinySnapshot("moved", false);
    Path out = tmp.resolve("out");
    assertKilled(run(snapshot, out, "publish:end"), "publish:end");
    JarRunner.Result rerun = run(snapshot, out, null);
    assertEquals(0, rerun.exitCode(), rerun.output());
    Path clean = tmp.resolve("clean");
    assertEquals(0, run(snapshot, clean, null).exitCode());
    TableAssert.sameTables(SharedSpark.get(), Published.require(clean, snapshot, DATE),
        Published.require(out, snapshot, DATE));
  }

  @Test
  void replacingAnEarlierPublicationAlwaysLeavesAWholeRunWhereReadersLook() {
    Path snapshot = tinySnapshot("replace", false);
    Path out = tmp.resolve("out");
    assertEquals(0, run(snapshot, out, null).exitCode());
    Path first = Published.require(out, snapshot, DATE);

    // a rule file changed only by a comment: a new run of the same snapshot, replacing the first publication
    Path rules = Rules.copy(tmp.resolve("rules"));
    Rules.append(rules, "rules/marker.yaml", "\n# reviewed\n");
    String[] again = {"--rules", rules.toString()};

    assertKilled(run(snapshot, out, "publish:moved", again), "publish:moved");
    assertEquals(first, Published.require(out, snapshot, DATE), "readers still find the first run, whole");
    TableAssert.sameTables(SharedSpark.get(), first, Published.require(out, snapshot, DATE));

    JarRunner.Result rerun = run(snapshot, out, null, again);
    assertEquals(0, rerun.exitCode(), rerun.output());
    Path second = Published.require(out, snapshot, DATE);
    assertNotEquals(first, second);
    TableAssert.sameTables(SharedSpark.get(), first, second);
  }
}
