package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dk.pathwatch.indicators.Indicators;
import dk.pathwatch.indicators.Lineage;
import dk.pathwatch.indicators.StandardTimes;
import dk.pathwatch.pathways.ClockBuilder;
import dk.pathwatch.pathways.PathwayBuilder;
import dk.pathwatch.pathways.WalkOutput;
import dk.pathwatch.validate.RuleSet;
import dk.pathwatch.validate.Scope;
import dk.pathwatch.validate.ScopeEvaluator;
import dk.pathwatch.validate.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * pathways: the tables of the walk's pathways (SPEC §3) and waiting-time clocks (SPEC §5), built from what the walk
 * found (from the markers that exist for the run: not excluded by an ERROR rule, not beyond the cut-off, exact
 * duplicates once), with the pathway and clock rules evaluated in one pass each (orphan markers and stray clock
 * stops are rows of those scopes, so they are reported, but not rows of the tables), and the lineage
 * {@code pathway_markers} as the walk wrote it. Each pathway and clock carries {@code cell_ids}, the aggregate cells
 * it counts in ({@link Lineage}).
 */
public final class PathwaysStep extends PipelineStep {

  /** The pathways an ERROR rule excluded (not orphans), counted while the {@code pathways} table is written. */
  private static final String EXCLUDED_PATHWAYS = "excluded_pathways";
  /** The work tables of the checked scope rows that are not rows of the tables, written with the tables. */
  private static final String ORPHANS = "orphans_checked";
  private static final String STRAY_STOPS = "stray_stops_checked";

  /**
   * The pathways table's columns written without a dictionary: the ids, and {@code cell_ids}, dozens of values per
   * row whose dictionary outgrows its page in the first rows of a file at 1M markers and is then abandoned.
   */
  private static final List<String> PATHWAYS_PLAIN = Stream.concat(StepRun.ID_COLUMNS.stream(),
      Stream.of("cell_ids")).toList();

  public PathwaysStep() {
    super("pathways");
  }

  /**
   * Spark's setting of the fewest tasks a file read splits into (at most {@code spark.sql.files.maxPartitionBytes}
   * each). Left to itself, Spark packs the walk's files (one per shuffle partition and kind, all about the same size)
   * into splits of up to 128 MB for two cores: at 20M markers the 9 pathway files of 39 MB became 3 tasks of 3 files,
   * the third running alone on one core, and so did the work tables and tables written from them (issue #16).
   */
  static final String MIN_READ_PARTITIONS = "spark.sql.files.minPartitionNum";

  @Override
  protected Map<String, Object> run(StepRun run) {
    return withOneTaskPerFile(run.spark(), () -> build(run));
  }

  /**
   * Runs {@code work} with file reads split into at least as many tasks as there are shuffle partitions (as many
   * files as the walk wrote per kind, and then the step wrote per table), so that each file is a task of its own and
   * the tasks fill the cores evenly; the session's own setting is put back afterwards.
   */
  static <T> T withOneTaskPerFile(SparkSession spark, Supplier<T> work) {
    return StepRun.withSetting(spark, MIN_READ_PARTITIONS, spark.conf().get("spark.sql.shuffle.partitions"), work);
  }

  private Map<String, Object> build(StepRun run) {
    RuleSet rules = RuleSet.load(RuleSet.rulesFolder(run.spec().rulesOverride()));
    String walked = run.layout().stagingWork(WalkStep.OUTPUT);
    Dataset<Row> regions = PathwayBuilder.REGIONS.read(run.referenceDir()).toDataFrame(run.spark());
    Dataset<Row> standardTimes = StandardTimes.load(run.spark(), run.referenceDir());
    Dataset<Row> pathways = Indicators.withMissingStandards(PathwayBuilder.fromFacts(
        WalkOutput.read(run.spark(), walked, WalkOutput.Kind.PATHWAY), regions, run.spec().cutoff()), standardTimes);
    Map<String, Object> tables = new LinkedHashMap<>();
    Column orphan = col("orphan");
    Map<String, Object> pathwaysWritten = run.writeTableAndRest("pathways", ORPHANS,
        ScopeEvaluator.evaluate(pathways, Scope.PATHWAY, rules, run.parameters()), orphan.equalTo(false),
        Lineage::withCellIds, PATHWAYS_PLAIN, count(when(orphan.equalTo(false).and(col("excluded")), lit(1)))
            .as(EXCLUDED_PATHWAYS));
    tables.put("pathways", pathwaysWritten.get(StepRun.ROWS));
    tables.put("pathway_markers", run.writeTable("pathway_markers",
        WalkOutput.read(run.spark(), walked, WalkOutput.Kind.PATHWAY_MARKER)));
    Map<String, Object> written = new LinkedHashMap<>(
        ValidationOutputs.write(run, scopeRows(run, "pathways", ORPHANS), Scope.PATHWAY, rules));

    Dataset<Row> clocks = ClockBuilder.fromWalk(WalkOutput.read(run.spark(), walked, WalkOutput.Kind.CLOCK),
        ClockBuilder.readLimits(run.spark(), run.referenceDir()), regions, run.spec().cutoff());
    tables.put("clocks", run.writeTableAndRest("clocks", STRAY_STOPS,
        ScopeEvaluator.evaluate(clocks, Scope.CLOCK, rules, run.parameters()), col("stray_stop").equalTo(false),
        checked -> Lineage.withClockCellIds(checked).drop("stray_stop"), StepRun.ID_COLUMNS).get(StepRun.ROWS));
    written.putAll(ValidationOutputs.write(run, scopeRows(run, "clocks", STRAY_STOPS), Scope.CLOCK, rules));

    List<Map<String, Object>> blockedBy = blockers(run, rules);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("blocked", !blockedBy.isEmpty());
    state.put("blocked_by", blockedBy);
    state.put("tables", tables);
    state.put("written", written);
    state.put(EXCLUDED_PATHWAYS, pathwaysWritten.get(EXCLUDED_PATHWAYS));
    return state;
  }

  /**
   * Every checked row of a scope: the table's and the rest (orphans, stray stops), with the table's columns, read
   * back for the validation outputs (only the columns they read are read).
   */
  private static Dataset<Row> scopeRows(StepRun run, String table, String rest) {
    return run.readTable(table).union(run.readRest(table, rest));
  }

  /**
   * The BLOCKER rules of the pathway and clock scopes that fired, from the {@code validation_errors} just written;
   * without an active BLOCKER rule in those scopes nothing can have fired, and nothing is read. Read with the table's
   * schema: the folder is partitioned by scope, so reading it as a written table inferred the schema in a job.
   */
  private static List<Map<String, Object>> blockers(StepRun run, RuleSet rules) {
    boolean any = Stream.of(Scope.PATHWAY, Scope.CLOCK)
        .flatMap(scope -> rules.active(scope, run.parameters().cutoffDate()).stream())
        .anyMatch(rule -> rule.severity() == Severity.BLOCKER);
    return !any ? List.of() : ValidateStep.blockers(ValidationOutputs.readErrors(run)
        .where(col("scope").isin(Scope.PATHWAY.id(), Scope.CLOCK.id())));
  }
}
