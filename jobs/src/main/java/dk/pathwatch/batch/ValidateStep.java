package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;

import dk.pathwatch.load.InputStats;
import dk.pathwatch.load.Snapshot;
import dk.pathwatch.load.SnapshotLoader;
import dk.pathwatch.pathways.WalkOutput;
import dk.pathwatch.validate.DatasetChecks;
import dk.pathwatch.validate.EpisodeScope;
import dk.pathwatch.validate.MetricsHistory;
import dk.pathwatch.validate.RowAccounting;
import dk.pathwatch.validate.RuleSet;
import dk.pathwatch.validate.Scope;
import dk.pathwatch.validate.ScopeEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * validate: the validation tables of the marker rules from the walk's findings, the episode rules in one pass over
 * the episodes with the walk's episode facts (which also computes the episodes' checksum, accounting and Deequ
 * aggregates), the Deequ dataset checks with their metrics history, and the row accounting, which must add up.
 */
public final class ValidateStep extends PipelineStep {
  private static final Logger LOG = LoggerFactory.getLogger(ValidateStep.class);

  public ValidateStep() {
    super("validate");
  }

  @Override
  protected Map<String, Object> run(StepRun run) {
    return LoadStep.readingInput(run, () -> validate(run));
  }

  private Map<String, Object> validate(StepRun run) {
    RuleSet rules = RuleSet.load(RuleSet.rulesFolder(run.spec().rulesOverride()));
    Snapshot snapshot = new SnapshotLoader(run.spark(), run.schemasDir()).load(run.spec().snapshot());
    StepStates.Walked walk = run.state("walk", StepStates.Walked.class);
    String walked = run.layout().stagingWork(WalkStep.OUTPUT);

    Map<String, Object> written = new LinkedHashMap<>();
    Dataset<Row> findings = WalkOutput.read(run.spark(), walked, WalkOutput.Kind.FINDING);
    Dataset<Row> markerRows = WalkOutput.read(run.spark(), walked, WalkOutput.Kind.REGION_ROWS)
        .select(col("region"), col("n_markers").as("rows"));
    written.putAll(ValidationOutputs.write(run, Scope.MARKER, rules, findings, markerRows));

    Map<String, StructType> schemas = episodeTableSchemas(snapshot);
    Map<String, DatasetChecks.TableChecks> datasetChecks = DatasetChecks.plan(rules, run.parameters(), schemas);
    List<String> tables = new ArrayList<>(WalkStep.MARKER_TABLES);
    tables.addAll(schemas.keySet());
    DatasetChecks.skipped(rules, run.parameters(), tables);
    Episodes episodes = checkEpisodes(run, rules, snapshot, datasetChecks.get(Snapshot.EPISODES));
    written.putAll(ValidationOutputs.write(run, run.readWork("episodes_checked"), Scope.EPISODE, rules));

    MetricsHistory metrics = WalkStep.metricsHistory(run, walk);
    DatasetChecks.Outcome dataset = datasetOutcome(run, rules, walk, datasetChecks, episodes, snapshot,
        metrics.workDir());
    metrics.commit();
    written.putAll(ValidationOutputs.write(run, Scope.DATASET, dataset.validationErrors(run.spark()),
        dataset.validationResults(run.spark())));

    StepStates.Accounting markerAccounting = walk.accounting();
    StepStates.Accounting episodeAccounting = StepStates.Accounting.of(episodes.accounting());
    for (String line : List.of(markerAccounting.toString(), episodeAccounting.toString())) {
      LOG.info("row accounting: {}", line);
      System.out.println("row accounting: " + line);
    }

    boolean blocked = dataset.blocked() || walk.rowsBlocker() > 0
        || episodes.blockerRows() > 0;
    List<Map<String, Object>> blockedBy = blocked ? blockers(ValidationOutputs.readErrors(run)) : List.of();
    if (blocked) {
      LOG.error("a BLOCKER rule fired: the run will not be published: {}", blockedBy);
    }
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("blocked", blocked);
    state.put("blocked_by", blockedBy);
    state.put("inputs", inputs(run, walk, episodes));
    state.put("rules", Map.of("hash", rules.hash(), "count", rules.rules().size()));
    state.put("reference_data", dk.pathwatch.common.ProjectFiles.referenceHashes(run.referenceDir()));
    state.put("accounting", List.of(StepStates.toMap(markerAccounting), StepStates.toMap(episodeAccounting)));
    state.put("dataset_checks", dataset.checks().stream().map(c -> Map.of("id", c.id(), "severity",
        c.severity().name(), "passed", c.passed())).toList());
    state.put("metrics_history", metrics.status());
    state.put("written", written);
    return state;
  }

  /** What the episode pass counted: the checked rows, the Deequ aggregates of {@code forloeb}, the checksum. */
  private record Episodes(RowAccounting accounting, long blockerRows, String checksum, Row deequ, Row uniqueness) {}

  /**
   * One pass over the episodes with their markers' facts: the episode rules (written to {@code episodes_checked}),
   * and on the way the accounting counts, the BLOCKER rows, the checksum and the Deequ aggregates of {@code forloeb}.
   */
  private static Episodes checkEpisodes(StepRun run, RuleSet rules, Snapshot snapshot,
      DatasetChecks.TableChecks deequ) {
    Dataset<Row> facts = WalkOutput.read(run.spark(), run.layout().stagingWork(WalkStep.OUTPUT),
        WalkOutput.Kind.EPISODE);
    Dataset<Row> scoped = EpisodeScope.fromFacts(snapshot.episodes(), facts);
    // the rows per episode key for the uniqueness rules: the join has moved the episodes to their key already
    Dataset<Row> checked = ScopeEvaluator.evaluate(deequ == null ? scoped : deequ.withKeyCounts(scoped),
        Scope.EPISODE, rules, run.parameters());
    List<Column> counts = new ArrayList<>(List.of(RowAccounting.counted(null)));
    counts.add(count_if(col(ScopeEvaluator.MAX_SEVERITY).equalTo("BLOCKER")).as("rows_blocker"));
    counts.addAll(InputStats.checksumAggregates(List.of(snapshot.episodes().columns())));
    if (deequ != null) {
      counts.addAll(deequ.aggregations("deequ_"));
      counts.addAll(deequ.keyCountAggregations("deequ_"));
    }
    Observation observed = new Observation("episodes_" + java.util.UUID.randomUUID());
    // only what the episode errors and results read back: the episode's region, its key and the broken rules
    run.writeWork("episodes_checked",
        checked.observe(observed, counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new))
            .select(Scope.EPISODE.regionColumn(), "dw_ek_forloeb", ScopeEvaluator.BROKEN_RULES));
    Map<String, Object> values = StepRun.observed(observed);
    RowAccounting accounting = RowAccounting.fromCounts(Snapshot.EPISODES,
        WalkStep.footerRows(run, Snapshot.EPISODES), ((Number) values.get("rows_checked")).longValue(),
        ((Number) values.get("rows_excluded")).longValue(), ((Number) values.get("rows_beyond_cutoff")).longValue());
    return new Episodes(accounting, ((Number) values.get("rows_blocker")).longValue(),
        InputStats.checksumText(values),
        deequ == null ? null : WalkStep.aggregated(values, deequ),
        deequ == null ? null : deequ.keyCounts(values, "deequ_"));
  }

  /**
   * Every dataset rule's outcome, in the plan's table order: the marker tables' from the walk, the episodes' from
   * the episode pass, the small optional organisations table's from a pass of its own.
   */
  private static DatasetChecks.Outcome datasetOutcome(StepRun run, RuleSet rules, StepStates.Walked walk,
      Map<String, DatasetChecks.TableChecks> checks, Episodes episodes, Snapshot snapshot, String metricsDir) {
    var repository = DatasetChecks.repository(run.spark(), metricsDir);
    List<DatasetChecks.CheckOutcome> outcomes = new ArrayList<>();
    for (String table : DatasetChecks.tables(rules, run.parameters())) {
      DatasetChecks.TableChecks c = checks.get(table);
      if (WalkStep.MARKER_TABLES.contains(table)) {
        outcomes.addAll(walk.datasetChecks().stream().filter(o -> o.table().equals(table)).toList());
      } else if (table.equals(Snapshot.EPISODES)) {
        outcomes.addAll(c.evaluate(episodes.deequ(), episodes.uniqueness(), snapshot.episodes(), repository,
            run.parameters()));
      } else if (c != null) {
        Dataset<Row> data = snapshot.organisations().orElseThrow();
        outcomes.addAll(c.evaluate(c.aggregate(data), data, repository, run.parameters()));
      }
    }
    return new DatasetChecks.Outcome(outcomes);
  }

  /** The tables besides the marker tables that dataset rules may name, with their schemas. */
  private static Map<String, StructType> episodeTableSchemas(Snapshot snapshot) {
    Map<String, StructType> schemas = new LinkedHashMap<>();
    schemas.put(Snapshot.EPISODES, snapshot.episodes().schema());
    snapshot.organisations().ifPresent(o -> schemas.put(Snapshot.ORGANISATIONS, o.schema()));
    return schemas;
  }

  /** The manifest's inputs: rows and extra columns from load, checksums from the passes that read every row. */
  private static Map<String, Object> inputs(StepRun run, StepStates.Walked walk, Episodes episodes) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    run.state("load", StepStates.Loaded.class).inputs().forEach((table, loaded) -> {
      String checksum = table.equals(Snapshot.MARKERS) ? walk.checksum()
          : table.equals(Snapshot.EPISODES) ? episodes.checksum() : loaded.checksum();
      inputs.put(table, StepStates.toMap(new StepStates.Input(loaded.rows(), checksum, loaded.extraColumns())));
    });
    return inputs;
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
}
