package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.CapturedRun;
import dk.pathwatch.Published;
import dk.pathwatch.Rules;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.publish.RunLayout;
import dk.pathwatch.publish.RunLock;
import dk.pathwatch.validate.MetricsHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a run goes and when it runs at all (issue #15), in-process on tiny snapshots: the place comes from the
 * snapshot's identity, nothing leaves the output folder, a place holding foreign files is refused before any work,
 * the lock keeps a second run out and a stale lock does not, a restart after a rule or reference change starts anew
 * and says why (and its publication switches the pointer), and a truncated metrics history is kept aside.
 */
class RunPlaceTest {
  static final String DATE = "2025-03-31";
  private final SparkSession spark = SharedSpark.get();
  private final OutputFiles files = new OutputFiles(new Configuration());

  @TempDir Path tmp;

  private Path snapshot(String parent, String date) {
    return TinySnapshot.write(spark, tmp.resolve(parent).resolve(date));
  }

  private Path out() {
    return tmp.resolve("out");
  }

  private CapturedRun run(Object snapshot, String... more) {
    List<String> args = new ArrayList<>(List.of("run", "--snapshot", snapshot.toString(), "--output",
        out().toString()));
    args.addAll(List.of(more));
    return CapturedRun.of(args.toArray(String[]::new));
  }

  private static CapturedRun ok(CapturedRun r) {
    assertEquals(ExitCodes.OK, r.exitCode(), r.output());
    return r;
  }

  private static JsonNode manifest(Path run) throws Exception {
    return new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void sameNamedSnapshotsUnderDifferentParentsAreTwoRunsInTwoPlaces() throws Exception {
    Path a = snapshot("a", DATE);
    Path b = snapshot("b", DATE);
    spark.sql(TinySnapshot.MARKERS_SQL).where("markoer <> 'AFB26X1'").write().mode(SaveMode.Overwrite)
        .parquet(b.resolve("forloebsmarkoerer").toString());
    ok(run(a));
    CapturedRun second = ok(run(b));
    assertFalse(second.output().contains("already done"), second.output());

    Path runA = Published.require(out(), a, DATE);
    Path runB = Published.require(out(), b, DATE);
    assertNotEquals(runA.getParent(), runB.getParent(), "two places");
    assertTrue(manifest(runA).path("run").path("snapshot").asText().endsWith("/a/" + DATE));
    assertTrue(manifest(runB).path("run").path("snapshot").asText().endsWith("/b/" + DATE));
    assertEquals(7, manifest(runA).path("inputs").path("forloebsmarkoerer").path("rows").asLong());
    assertEquals(6, manifest(runB).path("inputs").path("forloebsmarkoerer").path("rows").asLong());
    assertEquals(7, spark.read().parquet(runA.resolve("tables/pathway_markers").toString()).count());
    assertEquals(6, spark.read().parquet(runB.resolve("tables/pathway_markers").toString()).count());
  }

  @Test
  void aSnapshotPathWithDotDotIsPublishedUnderTheOutputOnly() throws Exception {
    Path snapshot = snapshot("snaps", DATE);
    Files.createDirectories(snapshot.resolve("sub"));
    ok(run(snapshot + "/sub/..", "--extraction-date", DATE));
    assertEquals(List.of("out", "snaps"), names(tmp), "nothing written beside the output folder");
    assertTrue(Published.require(out(), snapshot, DATE).startsWith(out()));
  }

  @Test
  void foreignFilesAtThePlaceAreRefusedBeforeAnyWorkAndKept() throws Exception {
    Path snapshot = snapshot("s", DATE);
    ok(run(snapshot));
    Path current = Published.require(out(), snapshot, DATE);
    Path place = Published.place(out(), snapshot, DATE);
    Files.writeString(place.resolve("notes.txt"), "mine");
    Path rules = Rules.copy(tmp.resolve("rules"));
    Rules.append(rules, "rules/marker.yaml", "\n# reviewed\n");

    CapturedRun r = run(snapshot, "--rules", rules.toString());
    assertEquals(ExitCodes.OUTPUT_UNWRITABLE, r.exitCode(), r.output());
    assertTrue(r.output().contains(place.resolve("notes.txt") + ", which this job did not write"), r.output());
    assertEquals("mine", Files.readString(place.resolve("notes.txt")));
    assertFalse(Files.exists(Path.of(Published.layout(out(), snapshot, DATE).stagingRoot())), "no work started");
    assertEquals(current, Published.require(out(), snapshot, DATE), "the published run is untouched");
  }

  @Test
  void aRunWhileAnotherHoldsTheLockExits8NamingTheHolderAndTouchesNothing() {
    Path snapshot = snapshot("s", DATE);
    RunLayout layout = Published.layout(out(), snapshot, DATE);
    try (RunLock held = RunLock.acquire(files, layout.lock(), "another run")) {
      CapturedRun r = run(snapshot);
      assertEquals(ExitCodes.LOCKED, r.exitCode(), r.output());
      assertTrue(r.output().contains("is already being run by host " + held.holder().host() + ", pid "
          + held.holder().pid() + ", started " + held.holder().started()), r.output());
    }
    assertFalse(Files.exists(Path.of(layout.stagingRoot())));
    assertNull(Published.current(out(), snapshot, DATE));
  }

  @Test
  void theStaleLockOfAKilledRunDoesNotWedgeTheNext() throws Exception {
    Path snapshot = snapshot("s", DATE);
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path lock = Path.of(Published.layout(out(), snapshot, DATE).lock());
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "{\"host\": \"" + hostName() + "\", \"pid\": " + gone.pid()
        + ", \"process_start\": \"2025-03-31T02:00:00Z\", "
        + "\"started\": \"2025-03-31T02:00:01Z\", \"token\": \"t\", \"run\": \"x\"}");
    CapturedRun r = ok(run(snapshot));
    assertTrue(r.output().contains("taking over the stale lock " + lock + " of host " + hostName() + ", pid "
        + gone.pid()), r.output());
    assertFalse(Files.exists(lock), "released");
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRestartAfterAReferenceOrRuleChangeStartsANewRunAndSaysWhy() throws Exception {
    Path snapshot = snapshot("s", DATE);
    Path rules = Rules.copy(tmp.resolve("rules"));
    assertEquals(ExitCodes.INTERNAL_ERROR, failingAfterValidate(snapshot, rules).exitCode());

    Path regions = rules.resolve("reference/regions.tsv");
    Files.writeString(regions, Files.readString(regions).replace("series inferred", "series inferred, checked"));
    CapturedRun r = ok(run(snapshot, "--rules", rules.toString()));
    assertTrue(r.output().contains("differs from this one in the reference data (hash "), r.output());
    assertTrue(r.output().contains("its work is not reused; a new run starts from the beginning"), r.output());
    assertFalse(r.output().contains("restarting the failed run"), r.output());

    Rules.append(rules, "rules/marker.yaml", "\n# one\n");
    assertEquals(ExitCodes.INTERNAL_ERROR, failingAfterValidate(snapshot, rules).exitCode());
    Rules.append(rules, "rules/marker.yaml", "# two\n");
    r = ok(run(snapshot, "--rules", rules.toString()));
    assertTrue(r.output().contains("differs from this one in the rules (hash "), r.output());
    JsonNode m = manifest(Published.require(out(), snapshot, DATE));
    assertEquals(dk.pathwatch.validate.RuleSet.load(rules.resolve("rules")).hash(),
        m.path("rules").path("hash").asText());
    assertPointerSwitchedKeepingOnlyTheReplacedRun(snapshot, rules);
  }

  /** A third publication of the place: CURRENT names it, the run it replaced stays, the one before goes. */
  private void assertPointerSwitchedKeepingOnlyTheReplacedRun(Path snapshot, Path rules) throws Exception {
    Path place = Published.place(out(), snapshot, DATE);
    List<String> before = names(place);
    assertEquals(3, before.size(), "CURRENT and two run folders: " + before);
    Path replaced = Published.require(out(), snapshot, DATE);
    Rules.append(rules, "rules/marker.yaml", "# three\n");
    ok(run(snapshot, "--rules", rules.toString()));
    Path current = Published.require(out(), snapshot, DATE);
    assertNotEquals(replaced, current);
    assertEquals(List.of(RunLayout.POINTER, replaced.getFileName().toString(), current.getFileName().toString()),
        names(place));
    assertEquals(current.getFileName() + "\n", Files.readString(place.resolve(RunLayout.POINTER)));
  }

  private CapturedRun failingAfterValidate(Path snapshot, Path rules) {
    System.setProperty("pathwatch.failAfterStep", "validate");
    try {
      return run(snapshot, "--rules", rules.toString());
    } finally {
      System.clearProperty("pathwatch.failAfterStep");
    }
  }

  @Test
  void aTruncatedMetricsHistoryIsKeptAsideAndTheNightlyRunsGoOn() throws Exception {
    ok(run(snapshot("first", "2025-03-30")));
    Path history = out().resolve("_metrics/" + MetricsHistory.FILE);
    byte[] whole = Files.readAllBytes(history);
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
    Files.write(history, truncated);

    Path second = snapshot("second", DATE);
    CapturedRun r = ok(run(second));
    assertTrue(r.output().contains("warning: the metrics history " + history + " cannot be read"), r.output());
    List<Path> aside;
    try (Stream<Path> s = Files.list(history.getParent())) {
      aside = s.filter(p -> p.getFileName().toString().startsWith("metrics.json.unreadable-")).toList();
    }
    assertEquals(1, aside.size());
    assertTrue(java.util.Arrays.equals(truncated, Files.readAllBytes(aside.get(0))), "kept as it was");
    assertNull(MetricsHistory.problem(Files.readString(history)), "a new, readable history");
    JsonNode status = manifest(Published.require(out(), second, DATE)).path("metrics_history");
    assertEquals("restarted", status.path("status").asText());
    assertEquals(aside.get(0).toString(), status.path("kept_aside").asText());
  }
}
