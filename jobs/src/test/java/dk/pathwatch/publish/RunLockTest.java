package dk.pathwatch.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock on a local disk: one holder at a time, the holder named, stale locks recognised and taken over. */
class RunLockTest {
  private final OutputFiles files = new OutputFiles(new Configuration());

  @TempDir Path tmp;

  private String lockPath() {
    return tmp.resolve("_locks/2025-06-30-abc/cutoff=2025-06-30.lock").toString();
  }

  /** A lock file as another process would have left it. */
  private void lockHeldBy(String host, long pid, String processStart, Duration age) throws Exception {
    Map<String, Object> holder = new LinkedHashMap<>();
    holder.put("host", host);
    holder.put("pid", pid);
    holder.put("process_start", processStart);
    holder.put("started", "2025-06-30T02:00:00Z");
    holder.put("token", "other");
    holder.put("run", "snapshot x");
    Path lock = Path.of(lockPath());
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, OutputFiles.JSON.writeValueAsString(holder));
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(age)));
  }

  @Test
  void aSecondRunIsRefusedWithExit8NamingTheHolder() {
    try (RunLock first = RunLock.acquire(files, lockPath(), "snapshot a")) {
      PathwatchException e = assertThrows(PathwatchException.class,
          () -> RunLock.acquire(files, lockPath(), "snapshot a"));
      assertEquals(ExitCodes.LOCKED, e.exitCode());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      assertTrue(e.getMessage().contains("host " + RunLock.hostName()), e.getMessage());
      assertTrue(e.getMessage().contains(first.holder().started()), e.getMessage());
    }
    assertFalse(Files.exists(Path.of(lockPath())), "released at the end");
  }

  @Test
  void theLockOfAProcessThatIsGoneIsTakenOverAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    lockHeldBy(RunLock.hostName(), gone.pid(), "2025-06-30T01:59:59Z", Duration.ZERO);
    try (RunLock lock = RunLock.acquire(files, lockPath(), "snapshot a")) {
      assertEquals(ProcessHandle.current().pid(), lock.holder().pid());
      assertTrue(Files.readString(Path.of(lockPath())).contains(lock.holder().token()));
    }
  }

  @Test
  void aLivePidWithAnotherStartTimeIsAnotherProcess() throws Exception {
    lockHeldBy(RunLock.hostName(), ProcessHandle.current().pid(), "2001-01-01T00:00:00Z", Duration.ZERO);
    try (RunLock lock = RunLock.acquire(files, lockPath(), "snapshot a")) {
      assertTrue(Files.readString(Path.of(lockPath())).contains(lock.holder().token()), "pid reused: stale");
    }
  }

  @Test
  void aLockFromAnotherHostIsHeldWhileItsHeartbeatIsFreshAndStaleAfter() throws Exception {
    lockHeldBy("elsewhere", 4242, "2025-06-30T01:59:59Z", Duration.ofMinutes(2));
    PathwatchException e = assertThrows(PathwatchException.class,
        () -> RunLock.acquire(files, lockPath(), "snapshot a"));
    assertEquals(ExitCodes.LOCKED, e.exitCode());
    assertTrue(e.getMessage().contains("host elsewhere, pid 4242"), e.getMessage());

    lockHeldBy("elsewhere", 4242, "2025-06-30T01:59:59Z", RunLock.STALE_AFTER.plusMinutes(1));
    try (RunLock lock = RunLock.acquire(files, lockPath(), "snapshot a")) {
      assertTrue(Files.readString(Path.of(lockPath())).contains(lock.holder().token()), "taken over");
    }
  }

  @Test
  void releasingLeavesALockThatAnotherRunTookOver() throws Exception {
    RunLock mine = RunLock.acquire(files, lockPath(), "snapshot a");
    lockHeldBy("elsewhere", 4242, "x", Duration.ZERO);
    byte[] theirs = Files.readAllBytes(Path.of(lockPath()));
    mine.close();
    assertArrayEquals(theirs, Files.readAllBytes(Path.of(lockPath())), "not deleted: not ours any more");
  }

  @Test
  void createExclusiveLetsExactlyOneWinAndNeverChangesAnExistingFile() throws Exception {
    String path = tmp.resolve("x/one").toString();
    assertTrue(files.createExclusive(path, "first".getBytes(StandardCharsets.UTF_8)));
    assertFalse(files.createExclusive(path, "second".getBytes(StandardCharsets.UTF_8)));
    assertEquals("first", files.readString(path));
    try (var left = Files.list(tmp.resolve("x"))) {
      assertEquals(1, left.count(), "no temporary file left");
    }
  }
}
