package dk.pathwatch.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's place comes from the snapshot's identity, and every path of a run stays under the output folder. */
class RunLayoutTest {
  private static final LocalDate CUTOFF = LocalDate.parse("2025-06-30");
  private final OutputFiles files = new OutputFiles(new Configuration());

  @TempDir Path tmp;

  private SnapshotIdentity identity(Path dir) {
    return SnapshotIdentity.of(files, dir.toString());
  }

  @Test
  void sameNamedSnapshotsUnderDifferentParentsHaveDifferentPlaces() throws Exception {
    SnapshotIdentity a = identity(Files.createDirectories(tmp.resolve("a/2025-06-30")));
    SnapshotIdentity b = identity(Files.createDirectories(tmp.resolve("b/2025-06-30")));
    assertEquals("2025-06-30", a.name());
    assertTrue(a.place().startsWith("2025-06-30-") && b.place().startsWith("2025-06-30-"), a.place());
    assertNotEquals(a.place(), b.place());
  }

  @Test
  void theSameFolderReachedByDotDotOrALinkHasOnePlace() throws Exception {
    Path snapshot = Files.createDirectories(tmp.resolve("snaps/2025-06-30/sub"));
    Path link = Files.createSymbolicLink(tmp.resolve("latest"), snapshot.getParent());
    SnapshotIdentity direct = identity(snapshot.getParent());
    assertEquals(direct, identity(snapshot.resolve("..")));
    assertEquals(direct, identity(link));
    assertEquals(direct.canonical(), identity(Path.of(tmp + "/snaps/./2025-06-30/")).canonical());
  }

  @Test
  void aDotDotSnapshotPathIsPublishedUnderTheOutput() throws Exception {
    Path snapshot = Files.createDirectories(tmp.resolve("snaps/2025-06-30"));
    SnapshotIdentity id = identity(snapshot.resolve(".."));
    assertEquals("snaps", id.name());
    String out = tmp.resolve("out").toString();
    RunLayout layout = RunLayout.of(out, id, CUTOFF).withRunFolder("run-20250630T020000Z");
    for (String p : List.of(layout.placeFolder(), layout.pointer(), layout.published(), layout.rejected(),
        layout.stagingRoot(), layout.staging(), layout.lock(), layout.metrics())) {
      assertTrue(p.startsWith(out + "/") && !p.contains("/../") && !p.contains("/./"), p);
    }
  }

  @Test
  void placeNamesAreSafeFolderNames() {
    assertTrue(SnapshotIdentity.placeName("snap shot*?[1]", "x").matches("snap_shot___1_-[0-9a-f]{12}"));
    assertTrue(SnapshotIdentity.placeName("..", "x").matches("_-[0-9a-f]{12}"), SnapshotIdentity.placeName("..", "x"));
    assertTrue(SnapshotIdentity.placeName("", "x").matches("snapshot-[0-9a-f]{12}"));
    assertTrue(SnapshotIdentity.placeName("a".repeat(300), "x").length() < 100);
  }

  @Test
  void aPlaceOrRunFolderThatWouldLeaveTheOutputIsRefused() {
    for (String bad : List.of("..", ".", "../x", "a/b", "")) {
      PathwatchException e = assertThrows(PathwatchException.class,
          () -> new RunLayout("/out", "x", bad, CUTOFF, null), bad);
      assertEquals(ExitCodes.BAD_ARGUMENTS, e.exitCode());
    }
    assertThrows(PathwatchException.class, () -> new RunLayout("/out", "x", "x-1", CUTOFF, "../run-x"));
  }

  @Test
  void theFingerprintChangesWhenAFileOfTheSnapshotChanges() throws Exception {
    Path snapshot = Files.createDirectories(tmp.resolve("s/2025-06-30/forloeb"));
    Files.writeString(snapshot.resolve("part-0.parquet"), "one");
    String before = identity(snapshot.getParent()).fingerprint();
    assertEquals(before, identity(snapshot.getParent()).fingerprint(), "stable");
    Files.writeString(snapshot.resolve("part-1.parquet"), "two");
    assertNotEquals(before, identity(snapshot.getParent()).fingerprint());
  }
}
