package dk.pathwatch;

import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.publish.Publisher;
import dk.pathwatch.publish.RunLayout;
import dk.pathwatch.publish.SnapshotIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * Finds a run's published folders as a reader does: the place of (output, snapshot, cut-off) and the run folder its
 * {@code CURRENT} pointer names (README, "How readers find the current run").
 */
public final class Published {
  private static final OutputFiles FILES = new OutputFiles(new Configuration());

  private Published() {}

  public static RunLayout layout(Path output, Path snapshot, String cutoff) {
    return RunLayout.of(output.toAbsolutePath().normalize().toString(),
        SnapshotIdentity.of(FILES, snapshot.toString()), LocalDate.parse(cutoff));
  }

  /** The published place {@code OUTPUT/<snapshot>-<id>/cutoff=<date>}. */
  public static Path place(Path output, Path snapshot, String cutoff) {
    return Path.of(layout(output, snapshot, cutoff).placeFolder());
  }

  /** The current published run folder, or null when none is published. */
  public static Path current(Path output, Path snapshot, String cutoff) {
    return new Publisher(FILES).current(layout(output, snapshot, cutoff)).map(Path::of).orElse(null);
  }

  /** The current published run folder; fails when there is none. */
  public static Path require(Path output, Path snapshot, String cutoff) {
    Path run = current(output, snapshot, cutoff);
    if (run == null) {
      throw new AssertionError("nothing published for " + snapshot + " cut-off " + cutoff + " in " + output);
    }
    return run;
  }

  /** The latest rejected run folder {@code OUTPUT/_rejected/<snapshot>-<id>/cutoff=<date>/run-…}, or null. */
  public static Path rejected(Path output, Path snapshot, String cutoff) {
    RunLayout layout = layout(output, snapshot, cutoff);
    Path dir = Path.of(layout.output(), "_rejected", layout.placeName(), "cutoff=" + cutoff);
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> runs = Files.list(dir)) {
      List<Path> sorted = runs.sorted().toList();
      return sorted.isEmpty() ? null : sorted.get(sorted.size() - 1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
