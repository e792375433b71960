package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dk.pathwatch.common.SparkSessions;
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
    return SparkSessions.withSetting(spark, MIN_READ_PARTITIONS, spark.conf().get("spark.sql.shuffle.partitions"),
        work);
  }

  private Map<String, Object> build(StepRun run) {
    RuleSet rules = RuleSet.load(RuleSet.rulesFolder(run.spec().rulesOverride()));
    String walked = run.layout().stagingWork(WalkStep.OUTPUT);
    Dataset<Row> regions = PathwayBuilder.REGIONS.read(run.referenceDir()).toDataFrame(run.spark());
    Dataset<Row> standardTimes = StandardTimes.load(run.spark(), run.referenceDir());
    Dataset<Row> pathways = Indicators.withMissingStandards(PathwayBuilder.fromFacts(
        WalkOutput.read(run.spark(), walked, WalkOutput.Kind.PATHWAY), regions, run.spec().cutoff()), standardTimes);
    run.writeWork("pathways_checked", ScopeEvaluator.evaluate(pathways, Scope.PATHWAY, rules, run.parameters()));
    Dataset<Row> checkedPathways = run.readWork("pathways_checked");

    Map<String, Object> tables = new LinkedHashMap<>();
    Map<String, Object> pathwaysWritten = run.writeTable("pathways",
        Lineage.withCellIds(checkedPathways.where(col("orphan").equalTo(false))), PATHWAYS_PLAIN,
        count(when(col("excluded"), lit(1))).as(EXCLUDED_PATHWAYS));
    tables.put("pathways", pathwaysWritten.get(StepRun.ROWS));
    tables.put("pathway_markers", run.writeTable("pathway_markers",
        WalkOutput.read(run.spark(), walked, WalkOutput.Kind.PATHWAY_MARKER)));
    Map<String, Object> written = new LinkedHashMap<>(
        ValidationOutputs.write(run, checkedPathways, Scope.PATHWAY, rules));

    Dataset<Row> clocks = ClockBuilder.fromWalk(WalkOutput.read(run.spark(), walked, WalkOutput.Kind.CLOCK),
        ClockBuilder.readLimits(run.spark(), run.referenceDir()), regions, run.spec().cutoff());
    run.writeWork("clocks_checked", ScopeEvaluator.evaluate(clocks, Scope.CLOCK, rules, run.parameters()));
    Dataset<Row> checkedClocks = run.readWork("clocks_checked");
    tables.put("clocks", run.writeTable("clocks",
        Lineage.withClockCellIds(checkedClocks.where(col("stray_stop").equalTo(false))).drop("stray_stop")));
    written.putAll(ValidationOutputs.write(run, checkedClocks, Scope.CLOCK, rules));

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
