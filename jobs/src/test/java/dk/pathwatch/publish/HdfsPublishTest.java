package dk.pathwatch.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.CapturedRun;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock, the publication and the pointer on a real HDFS (Hadoop's MiniDFSCluster in the test JVM: a NameNode
 * and a DataNode on 127.0.0.1), where an exclusive create and a rename over an existing file are single NameNode
 * operations; and one whole run of the job with its output there.
 */
class HdfsPublishTest {
  private static final LocalDate CUTOFF = LocalDate.parse("2025-06-30");
  static MiniDFSCluster cluster;
  static OutputFiles files;
  static String root;

  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    files = new OutputFiles(cluster.getConfiguration(0));
    root = cluster.getFileSystem().getUri() + "/pathwatch";
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  private static RunLayout layout(String output, String runFolder) {
    return new RunLayout(output, "2025-06-30", "2025-06-30-0123456789ab", CUTOFF, runFolder);
  }

  private static void stage(RunLayout layout) {
    files.writeString(layout.stagingMarker(), "{}");
    files.writeString(layout.staging() + "/manifest.json", "{\"status\": \"COMPLETED\"}");
    files.writeString(layout.staging() + "/tables/pathways/part-0.parquet", "rows of " + layout.runFolder());
  }

  @Test
  void theLockIsExclusiveOnHdfsAndAStaleOneIsTakenOver() throws Exception {
    String lock = layout(root + "/lock", null).lock();
    try (RunLock held = RunLock.acquire(files, lock, "run one")) {
      PathwatchException e = assertThrows(PathwatchException.class, () -> RunLock.acquire(files, lock, "run two"));
      assertEquals(ExitCodes.LOCKED, e.exitCode());
      assertTrue(e.getMessage().contains("pid " + held.holder().pid()), e.getMessage());
    }
    assertFalse(files.exists(lock), "released");

    files.writeString(lock, "{\"host\": \"elsewhere\", \"pid\": 1, \"process_start\": \"x\", \"started\": \"x\", "
        + "\"token\": \"t\", \"run\": \"x\"}");
    long old = System.currentTimeMillis() - RunLock.STALE_AFTER.toMillis() - 60_000;
    FileSystem fs = files.fs(lock);
    fs.setTimes(new org.apache.hadoop.fs.Path(lock), old, -1);
    try (RunLock taken = RunLock.acquire(files, lock, "run three")) {
      assertTrue(files.readString(lock).contains(taken.holder().token()));
    }
  }

  @Test
  void publishingMovesTheRunFolderInAndSwitchesThePointerInOneRename() {
    String out = root + "/publish";
    Publisher publisher = new Publisher(files);
    List<String> runs = List.of("run-20250630T020000Z", "run-20250701T020000Z", "run-20250702T020000Z");
    for (String run : runs) {
      RunLayout layout = layout(out, run);
      publisher.checkPlace(layout);
      stage(layout);
      publisher.publish(layout);
      assertEquals(Optional.of(layout.published()), publisher.current(layout));
      assertEquals(run + "\n", files.readString(layout.pointer()));
      assertEquals("rows of " + run, files.readString(layout.published() + "/tables/pathways/part-0.parquet"));
      assertFalse(files.exists(layout.staging()), "moved, not copied");
    }
    assertEquals(runs.subList(1, 3), publisher.runFolders(layout(out, null)), "the replaced run kept, older removed");

    RunLayout place = layout(out, null);
    files.writeString(place.placeFolder() + "/notes.txt", "mine");
    PathwatchException e = assertThrows(PathwatchException.class, () -> publisher.checkPlace(place));
    assertEquals(ExitCodes.OUTPUT_UNWRITABLE, e.exitCode());
    assertEquals("mine", files.readString(place.placeFolder() + "/notes.txt"));
  }

  @Test
  void replaceFileOverwritesAtomicallyAndCreateExclusiveRefusesAnExistingFile() {
    String path = root + "/files/CURRENT";
    assertTrue(files.createExclusive(path, "a".getBytes(StandardCharsets.UTF_8)));
    assertFalse(files.createExclusive(path, "b".getBytes(StandardCharsets.UTF_8)));
    files.replaceFile(path, "c".getBytes(StandardCharsets.UTF_8));
    assertEquals("c", files.readString(path));
    assertEquals(1, files.list(root + "/files").size(), "no temporary file left");
  }

  @Test
  void theJobPublishesItsRunOnHdfs() {
    Path snapshot = TinySnapshot.write(SharedSpark.get(), tmp.resolve("snaps/2025-03-31"));
    String out = root + "/job";
    String[] args = {"run", "--snapshot", snapshot.toString(), "--output", out, "--job-repository",
        "jdbc:h2:file:" + tmp.resolve("repo")};
    CapturedRun r = CapturedRun.of(args);
    assertEquals(ExitCodes.OK, r.exitCode(), r.output());
    RunLayout place = RunLayout.of(out, SnapshotIdentity.of(files, snapshot.toUri().toString()),
        LocalDate.parse("2025-03-31"));
    String current = new Publisher(files).current(place).orElseThrow();
    assertTrue(r.output().contains("published: " + current), r.output());
    assertEquals(7, SharedSpark.get().read().parquet(current + "/tables/pathway_markers").count());
    assertTrue(files.exists(out + "/_metrics/metrics.json"));
    CapturedRun again = CapturedRun.of(args);
    assertTrue(again.output().contains("already done: " + current), again.output());
  }
}
