package dk.pathwatch.report;

import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.publish.Publisher;
import dk.pathwatch.publish.RunLayout;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;

/**
 * The run published before this one in the same output folder: among the current runs of every place (what
 * their {@code CURRENT} pointer names), the latest by (cut-off, extraction date) that comes before this run's.
 * Its tables give the "change since the previous run".
 */
public final class PreviousRun {
  private PreviousRun() {}

  /** Path of the previous published run, if any: the current run of each place, by its manifest's dates. */
  public static Optional<String> find(OutputFiles files, RunLayout current, String extractionDate) {
    String currentKey = current.cutoff() + "|" + extractionDate;
    String best = null;
    String bestKey = "";
    Publisher publisher = new Publisher(files);
    for (FileStatus place : files.list(current.output())) {
      String placeName = place.getPath().getName();
      if (!place.isDirectory() || placeName.startsWith("_") || placeName.startsWith(".")) {
        continue;
      }
      for (FileStatus cut : files.list(place.getPath().toString())) {
        String name = cut.getPath().getName();
        if (!cut.isDirectory() || !name.matches("cutoff=\\d{4}-\\d{2}-\\d{2}")) {
          continue;
        }
        RunLayout other;
        try {
          other = new RunLayout(current.output(), placeName, placeName, LocalDate.parse(name.substring(7)), null);
        } catch (RuntimeException notOurs) {
          continue;
        }
        Optional<String> run = publisher.current(other);
        if (run.isEmpty()) {
          continue;
        }
        Map<String, Object> m = files.readJson(run.get() + "/manifest.json");
        if (!(m.get("run") instanceof Map<?, ?> info) || !"COMPLETED".equals(m.get("status"))) {
          continue;
        }
        String key = info.get("cutoff_date") + "|" + info.get("extraction_date");
        if (key.compareTo(currentKey) < 0 && key.compareTo(bestKey) > 0) {
          best = run.get();
          bestKey = key;
        }
      }
    }
    return Optional.ofNullable(best);
  }
}
