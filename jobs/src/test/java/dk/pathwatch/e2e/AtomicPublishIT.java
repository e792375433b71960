package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TableAssert;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job killed with SIGKILL while it writes leaves nothing visible at the published path, and the rerun
 * publishes tables identical to an uninterrupted run's.
 */
class AtomicPublishIT {
  static final String DATE = "2025-06-30";

  @TempDir Path tmp;

  @Test
  void killedRunPublishesNothingAndTheRerunEqualsACleanRun() throws Exception {
    Path snapshot = GeneratedSnapshots.get(3000, 7, DATE);
    Path killedOut = tmp.resolve("killed");

    Process job = new ProcessBuilder("java", "-Xmx2g", "-jar", JarRunner.jar().toString(), "run",
        "--snapshot", snapshot.toString(), "--output", killedOut.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
    dk.pathwatch.publish.RunLayout layout = Published.layout(killedOut, snapshot, DATE);
    Path stagingTables = Path.of(layout.staging(), "tables");
    Path stagingWork = Path.of(layout.stagingRoot(), "work");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!Files.exists(stagingTables) && !Files.exists(stagingWork.resolve("markers_checked")) && job.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(job.isAlive(), "the job was still writing when killed:\n" + Files.readString(tmp.resolve("killed.log")));
    new ProcessBuilder("kill", "-KILL", Long.toString(job.pid())).start().waitFor();
    assertTrue(job.waitFor(1, TimeUnit.MINUTES));
    assertEquals(137, job.exitValue(), "killed by SIGKILL");
    assertTrue(Files.notExists(Path.of(layout.pointer())), "no partial output visible after the kill");
    assertTrue(Published.current(killedOut, snapshot, DATE) == null, "nothing published");

    JarRunner.Result rerun = JarRunner.run(List.of("run", "--snapshot", snapshot.toString(), "--output",
        killedOut.toString()), java.util.Map.of(), Duration.ofMinutes(15));
    assertEquals(0, rerun.exitCode(), rerun.output());

    Path cleanOut = GeneratedSnapshots.cleanRun(snapshot);
    Path published = Published.require(killedOut, snapshot, DATE);
    TableAssert.sameTables(SharedSpark.get(), Published.require(cleanOut, snapshot, DATE), published);
    assertTrue(new File(published.toFile(), "manifest.json").exists());
  }
}
