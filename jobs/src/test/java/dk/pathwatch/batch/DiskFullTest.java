package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.CapturedRun;
import dk.pathwatch.InstrumentedFileSystem;
import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.validate.MetricsHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up in the middle of a run (a real local file system whose writes fail with "No space left on
 * device" once a budget is used, {@link InstrumentedFileSystem}): the run ends with exit 7 and one clear line, the
 * metrics history is never half-written, nothing is published, and once there is space the rerun completes.
 */
class DiskFullTest {
  static final String DATE = "2025-03-31";

  @TempDir Path tmp;

  @BeforeAll
  static void register() {
    InstrumentedFileSystem.register(SharedSpark.get().sparkContext().hadoopConfiguration());
  }

  @AfterEach
  void freeTheDisk() {
    InstrumentedFileSystem.reset();
  }

  private CapturedRun run(Path snapshot) {
    return CapturedRun.of("run", "--snapshot", snapshot.toString(), "--output",
        InstrumentedFileSystem.uri(tmp.resolve("out")), "--job-repository", "jdbc:h2:file:" + tmp.resolve("repo"));
  }

  private static void assertFull(CapturedRun r, String step) {
    assertEquals(ExitCodes.OUTPUT_UNWRITABLE, r.exitCode(), r.output());
    assertTrue(r.output().contains("pathwatch: step " + step + ": no space left to write the output ("), r.output());
    assertTrue(r.output().contains("No space left on device)"), r.output());
    assertFalse(r.output().contains("\tat org.apache"), "one line, no stack trace:\n" + r.output());
  }

  /**
   * Deequ writes the history in the run's staging (its own temporary file, renamed over {@code metrics.json} there),
   * then the job replaces {@code _metrics/metrics.json} with it (a temporary file renamed over it): a full disk at
   * either write leaves the kept history as it was, and the rerun after it completes.
   */
  @Test
  void aFullDiskWhileTheMetricsHistoryIsWrittenExits7AndLeavesTheHistoryWhole() throws Exception {
    Path first = TinySnapshot.write(SharedSpark.get(), tmp.resolve("first/2025-03-30"));
    assertEquals(ExitCodes.OK, run(first).exitCode());
    Path history = tmp.resolve("out/_metrics/" + MetricsHistory.FILE);
    byte[] before = Files.readAllBytes(history);
    Path second = TinySnapshot.write(SharedSpark.get(), tmp.resolve("second/" + DATE));

    // room for the run's copy of the history in staging, not for Deequ's rewrite with this run's metrics appended
    // (the walk adds the marker tables' metrics first, validate the others and commits)
    InstrumentedFileSystem.fillUpAfter(".*/work/metrics/.*\\.json", before.length + 100);
    assertFull(run(second), "walk");
    assertHistoryUntouched(history, before, second);

    InstrumentedFileSystem.fillUpAfter(".*/_metrics/\\.metrics\\.json\\..*\\.tmp", 100);
    assertFull(run(second), "validate");
    assertHistoryUntouched(history, before, second);

    InstrumentedFileSystem.reset();
    assertEquals(ExitCodes.OK, run(second).exitCode(), "with space again the run completes");
    assertNull(MetricsHistory.problem(Files.readString(history)));
    assertTrue(Files.size(history) > before.length, "this run's metrics added");
  }

  private void assertHistoryUntouched(Path history, byte[] before, Path snapshot) throws Exception {
    assertArrayEquals(before, Files.readAllBytes(history), "the kept history is untouched");
    try (Stream<Path> left = Files.list(history.getParent())) {
      assertEquals(1, left.count(), "no half-written file beside it");
    }
    assertNull(Published.current(tmp.resolve("out"), snapshot, DATE), "nothing published");
  }

  @Test
  void aFullDiskWhileTablesAreWrittenExits7AndTheRerunCompletes() {
    Path snapshot = TinySnapshot.write(SharedSpark.get(), tmp.resolve("s/" + DATE));
    InstrumentedFileSystem.fillUpAfter(".*/_staging/.*/tables/pathways/.*\\.parquet", 0);
    assertFull(run(snapshot), "pathways");
    assertNull(Published.current(tmp.resolve("out"), snapshot, DATE), "nothing published");
    InstrumentedFileSystem.reset();
    CapturedRun rerun = run(snapshot);
    assertEquals(ExitCodes.OK, rerun.exitCode(), rerun.output());
  }
}
