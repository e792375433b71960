package dk.pathwatch.validate;

import com.amazon.deequ.repository.AnalysisResultSerde;
import dk.pathwatch.publish.OutputFiles;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deequ metrics history kept across runs ({@code OUTPUT/_metrics/metrics.json}), read and replaced whole so that
 * it is never half-written and never stops the nightly runs:
 *
 * <ul>
 *   <li>{@link #open} copies the history into the run's work folder, where Deequ's own
 *       {@code FileSystemMetricsRepository} reads it and appends the run's metrics (a full disk there leaves the
 *       history untouched);
 *   <li>{@link #commit} puts the result back in one atomic replace ({@link OutputFiles#replaceFile}: temporary file
 *       and rename);
 *   <li>a history that cannot be read (truncated, not JSON, not Deequ's format) is kept aside as
 *       {@code metrics.json.unreadable-<UTC time>} with a warning, and a new history starts: the volume checks then
 *       have nothing to compare with for one run, instead of every later run failing.
 * </ul>
 */
public final class MetricsHistory {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsHistory.class);
  public static final String FILE = "metrics.json";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final OutputFiles files;
  private final String history;
  private final String workDir;
  private final Map<String, Object> status = new LinkedHashMap<>();

  private MetricsHistory(OutputFiles files, String metricsDir, String workDir) {
    this.files = files;
    this.history = metricsDir.replaceAll("/+$", "") + "/" + FILE;
    this.workDir = workDir;
  }

  /** Prepares the run's working copy of the history kept in {@code metricsDir}. */
  public static MetricsHistory open(OutputFiles files, String metricsDir, String workDir) {
    MetricsHistory h = new MetricsHistory(files, metricsDir, workDir);
    h.prepare();
    return h;
  }

  private void prepare() {
    files.delete(workDir);
    status.put("file", history);
    if (!files.exists(history)) {
      status.put("status", "new");
      return;
    }
    String text = new String(files.readBytes(history), StandardCharsets.UTF_8);
    String problem = problem(text);
    if (problem == null) {
      files.writeString(workDir + "/" + FILE, text);
      status.put("status", "continued");
      return;
    }
    String aside = history + ".unreadable-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    files.moveFolder(history, aside);
    String msg = "the metrics history " + history + " cannot be read (" + problem + "): kept aside as " + aside
        + "; a new history starts (this run's volume checks have no earlier run to compare with)";
    LOG.warn(msg);
    System.out.println("pathwatch: warning: " + msg);
    status.put("status", "restarted");
    status.put("kept_aside", aside);
  }

  /** Why the text is not a Deequ metrics history, or null when it is one. */
  public static String problem(String text) {
    if (text.isBlank()) {
      return "empty file";
    }
    try {
      AnalysisResultSerde.deserialize(text);
      return null;
    } catch (RuntimeException e) {
      String m = String.valueOf(e.getMessage());
      return e.getClass().getSimpleName() + ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m);
    }
  }

  /** The folder to give Deequ: it reads and writes {@code metrics.json} there. */
  public String workDir() {
    return workDir;
  }

  /** Replaces the kept history with the run's copy in one atomic step (nothing to do when Deequ wrote none). */
  public void commit() {
    String work = workDir + "/" + FILE;
    if (files.exists(work)) {
      files.replaceFile(history, files.readBytes(work));
    }
  }

  /** For the manifest: {@code file}, {@code status} (new, continued, restarted) and {@code kept_aside}. */
  public Map<String, Object> status() {
    return status;
  }
}
