package dk.pathwatch.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Published runs of the real jar over {@link GeneratedSnapshots}, made once per test JVM and shared by the tests
 * that only read a run's outputs (data dictionary, trace, monitoring page), so the 2-core CI runs the job once
 * for all of them.
 */
public final class PublishedRuns {
  private static final Map<String, Path> CACHE = new HashMap<>();

  private PublishedRuns() {}

  /** The published run folder {@code OUTPUT/<date>/cutoff=<date>} of the nightly job over the snapshot. */
  public static synchronized Path get(int pathways, int seed, String extractionDate) {
    String key = pathways + "/" + seed + "/" + extractionDate;
    return CACHE.computeIfAbsent(key, k -> run(GeneratedSnapshots.get(pathways, seed, extractionDate),
        extractionDate));
  }

  private static Path run(Path snapshot, String date) {
    try {
      Path output = Files.createTempDirectory("pathwatch-published");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(output)));
      JarRunner.Result r = JarRunner.run(List.of("run", "--snapshot", snapshot.toString(), "--output",
          output.toString()));
      if (r.exitCode() != 0) {
        throw new IllegalStateException("run failed (" + r.exitCode() + "):\n" + r.output());
      }
      return output.resolve(date).resolve("cutoff=" + date);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover temp folder is harmless
    }
  }
}
