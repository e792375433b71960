package dk.pathwatch.report;

import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.publish.RunLayout;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run published before this one in the same output folder: the latest by (cut-off, extraction date)
 * that comes before the current run's. Its tables give the "change since the previous run".
 */
public final class PreviousRun {
  private PreviousRun() {}

  /** Path of the previous published run, if any. */
  public static Optional<String> find(OutputFiles files, RunLayout current, String extractionDate) {
    String currentKey = current.cutoff() + "|" + extractionDate;
    String best = null;
    String bestKey = "";
    try {
      FileSystem fs = files.fs(current.output());
      Path out = new Path(current.output());
      if (!fs.exists(out)) {
        return Optional.empty();
      }
      for (FileStatus snap : fs.listStatus(out)) {
        if (!snap.isDirectory() || snap.getPath().getName().startsWith("_")) {
          continue;
        }
        for (FileStatus run : fs.listStatus(snap.getPath())) {
          String manifest = run.getPath() + "/manifest.json";
          if (!run.isDirectory() || !files.exists(manifest)) {
            continue;
          }
          Map<String, Object> m = files.readJson(manifest);
          if (!(m.get("run") instanceof Map<?, ?> info) || !"COMPLETED".equals(m.get("status"))) {
            continue;
          }
          String key = info.get("cutoff_date") + "|" + info.get("extraction_date");
          if (key.compareTo(currentKey) < 0 && key.compareTo(bestKey) > 0) {
            best = run.getPath().toString();
            bestKey = key;
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(best);
  }
}
