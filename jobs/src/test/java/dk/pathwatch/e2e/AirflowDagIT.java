package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAG without Airflow: the file compiles and holds the promised schedule, retries and skip code,
 * and the exact command it renders for a logical date runs the real jar: 0 for a date with a snapshot, 99
 * (skipped) for a date without one.
 */
class AirflowDagIT {
  static final Path HOME = Path.of(System.getProperty("pathwatch.home", ".."));
  static final Path DAG = HOME.resolve("airflow-dags/pathwatch_nightly.py");
  static final Path TESTS = HOME.resolve("airflow-dags/tests");

  @TempDir Path tmp;

  static String python() {
    for (String candidate : List.of("python3", "/usr/bin/python3")) {
      JarRunner.Result r = JarRunner.exec(List.of(candidate, "-c", "import jinja2"), Map.of(), Duration.ofSeconds(30));
      if (r.exitCode() == 0) {
        return candidate;
      }
    }
    throw new IllegalStateException("no python3 with jinja2 (scripts/setup.sh installs python3-jinja2)");
  }

  static String rendered(String date) {
    return rendered(date, 1);
  }

  /** The command Airflow renders for the DAG run of {@code date} at the task's try {@code tryNumber} (1, 2, …). */
  static String rendered(String date, int tryNumber) {
    JarRunner.Result r = JarRunner.exec(List.of(python(), TESTS.resolve("render_command.py").toString(),
        DAG.toString(), date, String.valueOf(tryNumber)), Map.of(), Duration.ofSeconds(30));
    assertEquals(0, r.exitCode(), r.output());
    return r.output().trim();
  }

  @Test
  void dagFileCompilesWithScheduleRetriesAndSkipCode() {
    JarRunner.Result r = JarRunner.exec(List.of(python(), TESTS.resolve("check_dag.py").toString(), DAG.toString()),
        Map.of("PYTHONPATH", TESTS.toString()), Duration.ofSeconds(30));
    assertEquals(0, r.exitCode(), r.output());
  }

  @Test
  void renderedCommandRunsTheJarAndSkipsADateWithoutSnapshot() {
    Path snapshot = GeneratedSnapshots.get(3000, 7, "2025-06-30");
    Map<String, String> env = Map.of("PATHWATCH_JAR", JarRunner.jar().toAbsolutePath().toString(),
        "PATHWATCH_SNAPSHOTS", snapshot.getParent().toString(),
        "PATHWATCH_OUTPUT", tmp.resolve("out").toString());

    JarRunner.Result ok = JarRunner.exec(List.of("bash", "-c", rendered("2025-06-30")), env, Duration.ofMinutes(15));
    assertEquals(0, ok.exitCode(), ok.output());
    assertTrue(Files.exists(dk.pathwatch.Published.require(tmp.resolve("out"), snapshot, "2025-06-30")
        .resolve("manifest.json")));

    JarRunner.Result skip = JarRunner.exec(List.of("bash", "-c", rendered("2025-07-01")), env, Duration.ofMinutes(5));
    assertEquals(99, skip.exitCode(), skip.output());
  }

  /**
   * {@code class-archive} writes pathwatch.jsa next to a copy of the jar; the rendered command of a first try then maps
   * the job's classes from it, a retry starts without it (an archive that breaks the start costs one try), and once
   * the jar is newer than the archive every try starts without it (no warning, no failure). The date without a
   * snapshot keeps each run short: the job starts, finds nothing and exits 99.
   */
  @Test
  void renderedCommandStartsFromTheJarsClassArchiveOnlyWhileItIsCurrent() throws IOException {
    Path jar = Files.copy(JarRunner.jar(), Files.createDirectories(tmp.resolve("app")).resolve("pathwatch.jar"));
    Path work = Files.createDirectories(tmp.resolve("scratch"));
    JarRunner.Result made = JarRunner.exec(List.of("java", "-jar", jar.toString(), "class-archive", "--work",
        work.toString()), Map.of(), Duration.ofMinutes(15));
    assertEquals(0, made.exitCode(), made.output());
    assertTrue(Files.isRegularFile(tmp.resolve("app/pathwatch.jsa")), made.output());
    try (var left = Files.list(work)) {
      assertEquals(0, left.count(), "the scratch folder is deleted after the training run");
    }

    assertEquals("shared objects file (top)", mainClassSource(jar, 1, tmp.resolve("current.log")));
    assertTrue(mainClassSource(jar, 2, tmp.resolve("retry.log")).startsWith("file:"));

    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    assertTrue(mainClassSource(jar, 1, tmp.resolve("stale.log")).startsWith("file:"));
  }

  /** Runs the rendered command of try {@code tryNumber} for a date without snapshot (exit 99, no warning) and says
   * where the JVM took Pathwatch's main class from, read from its class-load log {@code log}. */
  String mainClassSource(Path jar, int tryNumber, Path log) throws IOException {
    Map<String, String> env = Map.of("PATHWATCH_JAR", jar.toString(), "PATHWATCH_SNAPSHOTS", tmp.toString(),
        "PATHWATCH_OUTPUT", tmp.resolve("out").toString(), "JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log);
    JarRunner.Result r = JarRunner.exec(List.of("bash", "-c", rendered("2025-07-01", tryNumber)), env,
        Duration.ofMinutes(5));
    assertEquals(99, r.exitCode(), r.output());
    assertFalse(r.output().contains("[warning][cds"), r.output());
    String loaded = "] dk.pathwatch.Pathwatch source: ";
    return Files.readAllLines(log).stream().filter(l -> l.contains(loaded))
        .map(l -> l.substring(l.indexOf(loaded) + loaded.length()).trim()).findFirst()
        .orElseThrow(() -> new AssertionError("dk.pathwatch.Pathwatch not in " + log));
  }
}
