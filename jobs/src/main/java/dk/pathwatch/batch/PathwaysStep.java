package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.col;

import dk.pathwatch.indicators.Indicators;
import dk.pathwatch.indicators.Lineage;
import dk.pathwatch.indicators.StandardTimes;
import dk.pathwatch.pathways.ClockBuilder;
import dk.pathwatch.pathways.PathwayBuilder;
import dk.pathwatch.validate.RowAccounting;
import dk.pathwatch.validate.RuleSet;
import dk.pathwatch.validate.Scope;
import dk.pathwatch.validate.ScopeEvaluator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * pathways: builds the pathways (SPEC §3) and the waiting-time clocks (SPEC §5) from the markers that exist for
 * the run (not excluded by an ERROR rule, not beyond the cut-off, exact duplicates once), evaluates the pathway
 * and clock rules on them in one pass each (orphan markers and stray clock stops are rows of those scopes, so they
 * are reported, but not rows of the tables), and writes the tables {@code pathways}, {@code clocks} and the
 * lineage {@code pathway_markers}. Each pathway and clock carries {@code cell_ids}, the aggregate cells it counts
 * in ({@link Lineage}).
 */
public final class PathwaysStep extends PipelineStep {
  static final String[] LINEAGE_COLUMNS = {"pathway_id", "orphan", "cpr_encrypted", "family", "point",
      "dw_ek_forloeb", "markoer", "dato_markoer", "tidspunkt_markoer"};

  public PathwaysStep() {
    super("pathways");
  }

  @Override
  protected Map<String, Object> run(StepRun run) {
    RuleSet rules = RuleSet.load(RuleSet.rulesFolder(run.spec().rulesOverride()));
    Dataset<Row> used = run.readWork("markers_checked")
        .where(RowAccounting.usableMarker(run.parameters()).and(col("dup_rank").equalTo(1)));

    run.writeWork("assignment", PathwayBuilder.markerAssignment(used));
    Dataset<Row> assignment = run.readWork("assignment");
    Dataset<Row> regions = PathwayBuilder.REGIONS.read(run.referenceDir()).toDataFrame(run.spark());
    Dataset<Row> standardTimes = StandardTimes.load(run.spark(), run.referenceDir());
    Dataset<Row> pathways = Indicators.withMissingStandards(
        PathwayBuilder.fromAssignment(assignment, regions, run.spec().cutoff()), standardTimes);
    run.writeWork("pathways_checked", ScopeEvaluator.evaluate(pathways, Scope.PATHWAY, rules, run.parameters()));
    Dataset<Row> checkedPathways = run.readWork("pathways_checked");

    Map<String, Object> tables = new LinkedHashMap<>();
    tables.put("pathways", run.writeTable("pathways",
        Lineage.withCellIds(checkedPathways.where(col("orphan").equalTo(false)))));
    tables.put("pathway_markers", run.writeTable("pathway_markers", assignment.selectExpr(LINEAGE_COLUMNS)));
    Map<String, Object> written = new LinkedHashMap<>(
        ValidationOutputs.write(run, checkedPathways, Scope.PATHWAY, rules));

    Dataset<Row> clocks = ClockBuilder.build(used, ClockBuilder.readLimits(run.spark(), run.referenceDir()),
        regions, run.spec().cutoff());
    run.writeWork("clocks_checked", ScopeEvaluator.evaluate(clocks, Scope.CLOCK, rules, run.parameters()));
    Dataset<Row> checkedClocks = run.readWork("clocks_checked");
    tables.put("clocks", run.writeTable("clocks",
        Lineage.withClockCellIds(checkedClocks.where(col("stray_stop").equalTo(false))).drop("stray_stop")));
    written.putAll(ValidationOutputs.write(run, checkedClocks, Scope.CLOCK, rules));

    java.util.List<Map<String, Object>> blockedBy = ValidateStep.blockers(run.readTable(ValidationOutputs.ERRORS)
        .where(col("scope").isin(Scope.PATHWAY.id(), Scope.CLOCK.id())));
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("blocked", !blockedBy.isEmpty());
    state.put("blocked_by", blockedBy);
    state.put("tables", tables);
    state.put("written", written);
    state.put("excluded_pathways", run.readTable("pathways").where(col("excluded")).count());
    return state;
  }
}
