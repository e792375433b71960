package dk.pathwatch.batch;

import dk.pathwatch.load.MarkerView;
import dk.pathwatch.load.Snapshot;
import dk.pathwatch.load.SnapshotLoader;
import dk.pathwatch.validate.DatasetChecks;
import dk.pathwatch.validate.EpisodeScope;
import dk.pathwatch.validate.MarkerScope;
import dk.pathwatch.validate.MetricsHistory;
import dk.pathwatch.validate.RowAccounting;
import dk.pathwatch.validate.RuleSet;
import dk.pathwatch.validate.Scope;
import dk.pathwatch.validate.ScopeEvaluator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * validate: builds the marker view from the snapshot and checks every marker and episode rule in one pass per
 * scope (the checked tables go to staging for the later steps), the Deequ dataset checks with their metrics
 * history, and the row accounting, which must add up.
 */
public final class ValidateStep extends PipelineStep {
  private static final Logger LOG = LoggerFactory.getLogger(ValidateStep.class);
  static final List<String> RAW_MARKER_COLUMNS = List.of("dw_ek_forloeb", "markoer", "dato_markoer",
      "tidspunkt_markoer", "dato_indberetning", "lprindberetningssystem");

  public ValidateStep() {
    super("validate");
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Map<String, Object> run(StepRun run) {
    RuleSet rules = RuleSet.load(RuleSet.rulesFolder(run.spec().rulesOverride()));
    Snapshot snapshot = new SnapshotLoader(run.spark(), run.schemasDir()).load(run.spec().snapshot());
    Dataset<Row> episodes = snapshot.episodes();
    Dataset<Row> sks = MarkerView.SKS_CODES.read(run.referenceDir()).toDataFrame(run.spark());
    Dataset<Row> markerView = MarkerScope.build(MarkerView.build(snapshot.markers(), episodes, sks), rules,
        run.parameters());

    run.writeWork("markers_checked", ScopeEvaluator.evaluate(markerView, Scope.MARKER, rules, run.parameters()));
    Dataset<Row> checkedMarkers = run.readWork("markers_checked");
    Dataset<Row> markers = checkedMarkers.drop(ScopeEvaluator.BROKEN_RULES, ScopeEvaluator.MAX_SEVERITY,
        ScopeEvaluator.EXCLUDED);
    run.writeWork("episodes_checked", ScopeEvaluator.evaluate(EpisodeScope.build(episodes, markers), Scope.EPISODE,
        rules, run.parameters()));
    Dataset<Row> checkedEpisodes = run.readWork("episodes_checked");

    Map<String, Object> written = new LinkedHashMap<>();
    written.putAll(ValidationOutputs.write(run, checkedMarkers, Scope.MARKER, rules));
    written.putAll(ValidationOutputs.write(run, checkedEpisodes, Scope.EPISODE, rules));

    MetricsHistory metrics = MetricsHistory.open(run.files(), run.layout().metrics(),
        run.layout().stagingWork("metrics"));
    DatasetChecks.Outcome dataset = DatasetChecks.run(run.spark(), Map.of(
        Snapshot.MARKERS, snapshot.markers().selectExpr(RAW_MARKER_COLUMNS.toArray(String[]::new)),
        Snapshot.EPISODES, episodes,
        "marker_view", markers), rules, run.parameters(), metrics.workDir());
    metrics.commit();
    written.putAll(ValidationOutputs.write(run, Scope.DATASET, dataset.validationErrors(run.spark()),
        dataset.validationResults(run.spark())));

    Map<String, Object> inputs = (Map<String, Object>) run.state("load").get("inputs");
    RowAccounting markerAccounting = RowAccounting.markers(rows(inputs, Snapshot.MARKERS), checkedMarkers,
        run.parameters());
    RowAccounting episodeAccounting = RowAccounting.of(Snapshot.EPISODES, rows(inputs, Snapshot.EPISODES),
        checkedEpisodes, null);
    LOG.info("row accounting: {}", markerAccounting);
    LOG.info("row accounting: {}", episodeAccounting);
    System.out.println("row accounting: " + markerAccounting);
    System.out.println("row accounting: " + episodeAccounting);

    boolean blocked = dataset.blocked() || anyBlocker(checkedMarkers) || anyBlocker(checkedEpisodes);
    List<Map<String, Object>> blockedBy = blocked ? blockers(run.readTable(ValidationOutputs.ERRORS)) : List.of();
    if (blocked) {
      LOG.error("a BLOCKER rule fired: the run will not be published: {}", blockedBy);
    }
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("blocked", blocked);
    state.put("blocked_by", blockedBy);
    state.put("rules", Map.of("hash", rules.hash(), "count", rules.rules().size()));
    state.put("reference_data", dk.pathwatch.common.ProjectFiles.referenceHashes(run.referenceDir()));
    state.put("accounting", List.of(accounting(markerAccounting), accounting(episodeAccounting)));
    state.put("dataset_checks", dataset.checks().stream().map(c -> Map.of("id", c.id(), "severity",
        c.severity().name(), "passed", c.passed())).toList());
    state.put("metrics_history", metrics.status());
    state.put("written", written);
    return state;
  }

  /** The BLOCKER rules that fired: rule, scope, rows and the (first) English message, one entry per rule. */
  static List<Map<String, Object>> blockers(Dataset<Row> errors) {
    return errors.where("severity = 'BLOCKER'")
        .groupBy("rule_id", "scope")
        .agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("rows"),
            org.apache.spark.sql.functions.first("message_en").as("message_en"))
        .orderBy("rule_id", "scope")
        .collectAsList().stream()
        .map(r -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("rule_id", r.getString(0));
          m.put("scope", r.getString(1));
          m.put("rows", r.getLong(2));
          m.put("message_en", r.getString(3));
          return m;
        }).toList();
  }

  private static boolean anyBlocker(Dataset<Row> checked) {
    return !checked.where("max_severity = 'BLOCKER'").isEmpty();
  }

  private static long rows(Map<String, Object> inputs, String table) {
    return ((Number) ((Map<String, Object>) inputs.get(table)).get("rows")).longValue();
  }

  static Map<String, Object> accounting(RowAccounting a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", a.table());
    m.put("rows_read", a.rowsRead());
    m.put("rows_used", a.rowsUsed());
    m.put("rows_excluded_by_error", a.excludedByError());
    m.put("rows_beyond_cutoff", a.beyondCutoff());
    return m;
  }
}
