package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} from the real jar: it makes the jar's class archive first when there is none, starts its children
 * from it and says so in {@code bench-results.json}; with {@code --no-class-archive} no child maps it. Where each JVM
 * took Pathwatch's main class from is read from its own class-load log ({@code %p}: one file per process).
 */
class BenchClassArchiveIT {

  private static final String MAIN_CLASS_LOADED = "] dk.pathwatch.Pathwatch source: ";
  private static final String FROM_ARCHIVE = "shared objects file (top)";

  @TempDir Path tmp;

  @Test
  void benchMakesTheArchiveWhenMissingAndStartsEveryChildFromIt() throws IOException {
    Path jar = Files.copy(JarRunner.jar(), Files.createDirectories(tmp.resolve("app")).resolve("pathwatch.jar"));
    Path work = tmp.resolve("work");

    List<String> sources = bench(jar, work, tmp.resolve("with"), List.of());
    assertTrue(Files.isRegularFile(tmp.resolve("app/pathwatch.jsa")), "bench made the archive next to the jar");
    assertTrue(classArchiveInResults(work));
    // from the jar: the bench JVM and the archive's training runs (generator, job); from the archive: the
    // snapshot's generator and the timed job
    assertEquals(3, sources.stream().filter(s -> s.startsWith("file:")).count(), sources.toString());
    assertEquals(2, sources.stream().filter(FROM_ARCHIVE::equals).count(), sources.toString());
    assertEquals(5, sources.size(), sources.toString());

    List<String> without = bench(jar, work, tmp.resolve("without"), List.of("--no-class-archive"));
    assertTrue(!classArchiveInResults(work));
    // the snapshot is reused: the bench JVM and the job, both from the jar
    assertEquals(2, without.size(), without.toString());
    assertTrue(without.stream().allMatch(s -> s.startsWith("file:")), without.toString());
  }

  /** Runs a 200-marker bench without the floor job; returns where each of its JVMs took the main class from. */
  private List<String> bench(Path jar, Path work, Path logs, List<String> extra) throws IOException {
    Files.createDirectories(logs);
    List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", jar.toString(), "bench", "--sizes",
        "200", "--skip-floor", "--heap", "2g", "--work", work.toString()));
    command.addAll(extra);
    JarRunner.Result r = JarRunner.exec(command,
        Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + logs.resolve("classes-%p.log")),
        Duration.ofMinutes(15));
    assertEquals(0, r.exitCode(), r.output());
    try (Stream<Path> files = Files.list(logs)) {
      return files.map(BenchClassArchiveIT::mainClassSource).toList();
    }
  }

  private static boolean classArchiveInResults(Path work) throws IOException {
    return new ObjectMapper().readTree(work.resolve("bench-results.json").toFile()).path("class_archive")
        .asBoolean();
  }

  private static String mainClassSource(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(l -> l.contains(MAIN_CLASS_LOADED))
          .map(l -> l.substring(l.indexOf(MAIN_CLASS_LOADED) + MAIN_CLASS_LOADED.length()).trim()).findFirst()
          .orElse("(not loaded: " + log.getFileName() + ")");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
