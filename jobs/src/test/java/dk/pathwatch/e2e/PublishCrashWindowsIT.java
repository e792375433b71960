package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.TableAssert;
import dk.pathwatch.TinySnapshot;
import java.nio.file.Files;
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
 * must see a whole run at every moment while an earlier publication is replaced.
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

  /** Where readers look for the run of the snapshot (old layout: the run folder itself). */
  private static Path published(Path out) {
    return out.resolve(DATE).resolve("cutoff=" + DATE);
  }

  private static void assertKilled(JarRunner.Result r) {
    assertEquals(137, r.exitCode(), "killed by the halt point:\n" + r.output());
  }

  @Test
  void aBlockedRunKilledAfterItsDecisionStaysUnpublishedOnRestart() {
    Path snapshot = tinySnapshot("blocked", true);
    Path out = tmp.resolve("out");
    assertKilled(run(snapshot, out, "publish:before-move"));
    JarRunner.Result rerun = run(snapshot, out, null);
    assertEquals(3, rerun.exitCode(), rerun.output());
    assertTrue(Files.notExists(published(out)), "a blocked run is never published");
  }

  @Test
  void aKillAfterTheMoveAndBeforeTheCommitDoesNotWedgeTheRestart() {
    Path snapshot = tinySnapshot("moved", false);
    Path out = tmp.resolve("out");
    assertKilled(run(snapshot, out, "publish:end"));
    JarRunner.Result rerun = run(snapshot, out, null);
    assertEquals(0, rerun.exitCode(), rerun.output());
    Path clean = tmp.resolve("clean");
    assertEquals(0, run(snapshot, clean, null).exitCode());
    TableAssert.sameTables(SharedSpark.get(), published(clean), published(out));
  }

  @Test
  void replacingAnEarlierPublicationAlwaysLeavesAWholeRunWhereReadersLook() throws Exception {
    Path snapshot = tinySnapshot("replace", false);
    Path out = tmp.resolve("out");
    assertEquals(0, run(snapshot, out, null).exitCode());
    Path reference = tmp.resolve("reference");
    copyTree(published(out), reference);

    // a rule file changed only by a comment: a new run of the same snapshot, replacing the first publication
    Path rules = tmp.resolve("rules");
    copyTree(Path.of(System.getProperty("pathwatch.home", "..")).resolve("validation-rules"), rules);
    Path ruleFile = rules.resolve("rules/marker.yaml");
    Files.writeString(ruleFile, Files.readString(ruleFile) + "\n# reviewed\n");
    String[] again = {"--rules", rules.toString(), "--job-repository", "jdbc:h2:file:" + tmp.resolve("other-repo")};

    assertKilled(run(snapshot, out, "publish:replacing", again));
    assertTrue(Files.exists(published(out).resolve("manifest.json")), "readers still find a published run");
    TableAssert.sameTables(SharedSpark.get(), reference, published(out));

    JarRunner.Result rerun = run(snapshot, out, null, again);
    assertEquals(0, rerun.exitCode(), rerun.output());
    TableAssert.sameTables(SharedSpark.get(), reference, published(out));
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
