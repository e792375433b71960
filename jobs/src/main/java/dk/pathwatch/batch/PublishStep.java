package dk.pathwatch.batch;

import dk.pathwatch.common.HaltPoints;
import dk.pathwatch.publish.Manifest;
import dk.pathwatch.publish.Publisher;
import dk.pathwatch.publish.RunLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * publish: writes the run manifest and moves the staging folder into place atomically, or, when a BLOCKER
 * fired, moves only the reports and the manifest to {@code _rejected} and ends the job with exit status
 * {@code BLOCKED}.
 */
public final class PublishStep extends PipelineStep {
  public static final String BLOCKED = "BLOCKED";
  private static final List<String> EARLIER_STEPS = List.of("load", "walk", "validate", "pathways", "indicators",
      "report");

  private boolean blocked;
  private String blockedBy;

  public PublishStep() {
    super("publish");
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    RepeatStatus status = super.execute(contribution, chunkContext);
    if (blocked) {
      contribution.setExitStatus(new ExitStatus(BLOCKED, blockedBy));
    }
    return status;
  }

  @Override
  protected boolean keepsState() {
    return false;
  }

  /**
   * Decides from the earlier steps' state (kept in staging until the job is done, so a restart decides the same),
   * writes the manifest into the run folder in staging and hands it to the {@link Publisher}. Every part can run
   * again after a crash: a run folder already moved is found where it went.
   */
  @Override
  protected Map<String, Object> run(StepRun run) {
    RunLayout layout = run.layout();
    Map<String, Map<String, Object>> states = new LinkedHashMap<>();
    for (String step : EARLIER_STEPS) {
      if (run.files().exists(layout.stagingState(step))) {
        states.put(step, run.state(step));
      }
    }
    blocked = states.values().stream().anyMatch(s -> StepStates.fromMap(s, StepStates.Gate.class).blocked());
    blockedBy = describeBlockers(states);
    Publisher publisher = new Publisher(run.files());
    if (run.files().exists(layout.staging())) {
      run.files().writeJson(layout.staging() + "/manifest.json", manifest(run, states).content());
    }
    HaltPoints.reach("publish:decided");
    if (blocked) {
      publisher.reject(layout);
    } else {
      publisher.publish(layout);
    }
    return Map.of("blocked", blocked);
  }

  /** The BLOCKER rules every step recorded (validate: markers, episodes, dataset; pathways: pathways, clocks). */
  static List<Map<String, Object>> blockedBy(Map<String, Map<String, Object>> states) {
    List<Map<String, Object>> all = new ArrayList<>();
    states.values().forEach(s -> all.addAll(StepStates.fromMap(s, StepStates.Gate.class).blockedBy()));
    return all;
  }

  /** "DS02 (dataset): message; …" for the exit message. */
  private static String describeBlockers(Map<String, Map<String, Object>> states) {
    List<String> parts = new ArrayList<>();
    for (Map<String, Object> b : blockedBy(states)) {
      String where = "dataset".equals(b.get("scope")) ? "dataset check"
          : "disclosure".equals(b.get("scope")) ? "disclosure audit"
          : b.get("rows") + " " + b.get("scope") + " row(s)";
      parts.add(b.get("rule_id") + " (" + where + "): " + b.get("message_en"));
    }
    return parts.isEmpty() ? "a BLOCKER rule fired" : String.join("; ", parts);
  }

  /** Every table in staging with the path it is published to and its row count. */
  private static List<Map<String, Object>> outputs(StepRun run) {
    List<Map<String, Object>> outputs = new ArrayList<>();
    String tables = run.layout().staging() + "/tables";
    try {
      var fs = run.files().fs(tables);
      var statuses = fs.listStatus(new org.apache.hadoop.fs.Path(tables));
      java.util.Arrays.sort(statuses);
      for (var st : statuses) {
        String name = st.getPath().getName();
        if (!st.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("table", name);
        o.put("path", run.layout().published() + "/tables/" + name);
        o.put("rows", run.files().parquetRows(tables + "/" + name));
        outputs.add(o);
      }
    } catch (java.io.IOException e) {
      throw new dk.pathwatch.common.PathwatchException(dk.pathwatch.common.ExitCodes.OUTPUT_UNWRITABLE,
          "cannot list " + tables + ": " + e.getMessage(), e);
    }
    return outputs;
  }

  private Manifest manifest(StepRun run, Map<String, Map<String, Object>> states) {
    RunSpec spec = run.spec();
    RunLayout layout = run.layout();
    Manifest m = new Manifest();
    Map<String, Object> runInfo = new LinkedHashMap<>();
    runInfo.put("snapshot", spec.snapshot());
    runInfo.put("snapshot_name", layout.snapshotName());
    runInfo.put("snapshot_fingerprint", spec.identity().snapshotFingerprint());
    runInfo.put("place", layout.placeName());
    runInfo.put("run_folder", layout.runFolder());
    runInfo.put("run_key", spec.identity().key());
    runInfo.put("extraction_date", spec.extractionDate().toString());
    runInfo.put("cutoff_date", spec.cutoff().toString());
    runInfo.put("attempt", spec.attempt());
    runInfo.put("published_to", blocked ? layout.rejected() : layout.published());
    m.put("run", runInfo);
    m.put("status", blocked ? BLOCKED : "COMPLETED");
    if (blocked) {
      m.put("blocked_by", blockedBy(states));
    }
    m.put("inputs", states.getOrDefault("validate", Map.of()).get("inputs"));
    m.put("parameters", Map.of("rules_dir", spec.rulesDir() == null ? "(bundled)" : spec.rulesDir(),
        "master", run.spark().sparkContext().master(),
        "shuffle_partitions", run.spark().conf().get("spark.sql.shuffle.partitions")));
    Map<String, Object> validate = states.getOrDefault("validate", Map.of());
    m.put("rules", validate.get("rules"));
    m.put("reference_data", validate.get("reference_data"));
    m.put("accounting", validate.get("accounting"));
    m.put("metrics_history", validate.get("metrics_history"));
    m.put("unverified_reference_values", states.getOrDefault("indicators", Map.of()).get("unverified"));
    m.put("disclosure", states.getOrDefault("indicators", Map.of()).get("disclosure"));
    Map<String, Object> timings = new LinkedHashMap<>();
    Map<String, Object> peakHeap = new LinkedHashMap<>();
    states.forEach((step, state) -> {
      timings.put(step, state.get("seconds"));
      peakHeap.put(step, state.get("peak_heap_mb"));
    });
    m.put("timings_seconds", timings);
    m.put("peak_heap_mb", peakHeap);
    m.put("outputs", blocked ? List.of() : outputs(run));
    m.put("reports", states.getOrDefault("report", Map.of()).get("reports"));
    m.put("versions", Manifest.versions());
    return m;
  }
}
