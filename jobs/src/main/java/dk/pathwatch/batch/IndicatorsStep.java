package dk.pathwatch.batch;

import dk.pathwatch.indicators.Activity;
import dk.pathwatch.indicators.DisclosureAudit;
import dk.pathwatch.indicators.DisclosureControl;
import dk.pathwatch.indicators.Grid;
import dk.pathwatch.indicators.Indicators;
import dk.pathwatch.indicators.MwtAggregates;
import dk.pathwatch.indicators.Quartiles;
import dk.pathwatch.indicators.StandardTimes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * indicators: OF/DF/MF indicators with exact quartiles and the share within standard time, activity counts and
 * waiting-time aggregates, each internal (every cell of the {@link Grid}, zeros included) and published with
 * disclosure control. Pathways and clocks excluded by an ERROR rule count in none of them. The disclosure audit of
 * the published tables stops publication like a BLOCKER when a hidden value can be recovered ({@code blocked},
 * {@code blocked_by} in the step's state).
 */
public final class IndicatorsStep extends PipelineStep {
  private static final Logger LOG = LoggerFactory.getLogger(IndicatorsStep.class);

  public IndicatorsStep() {
    super("indicators");
  }

  @Override
  protected Map<String, Object> run(StepRun run) {
    Dataset<Row> pathways = run.readTable("pathways");
    Dataset<Row> standardTimes = StandardTimes.load(run.spark(), run.referenceDir());
    Grid grid = Grid.load(run.referenceDir(), run.spec().cutoff());
    Map<String, Object> tables = new LinkedHashMap<>();
    // each aggregate is one Spark aggregation collected to the driver and finished there: the tables below are
    // local, so writing them, counting in them and handing them to disclosure control read no file back
    Activity.Counts activityCounts = Activity.counted(pathways);
    Dataset<Row> indicators = Indicators.compute(pathways, standardTimes, grid, activityCounts.quarters());
    tables.put("indicators", run.writeTable("indicators", indicators));
    Dataset<Row> activity = activityCounts.table(grid);
    tables.put("activity", run.writeTable("activity", activity));
    // the clocks read once: the mwt cells of those not excluded and the unverified limits of all
    MwtAggregates.Counted counted = MwtAggregates.computeCounting(
        run.readTable("clocks"), grid);
    long unverifiedLimits = counted.unverifiedLimits();
    Dataset<Row> mwt = counted.table();
    tables.put("mwt", run.writeTable("mwt", mwt));
    DisclosureControl.Published published = DisclosureControl.protect(indicators, activity, mwt);
    tables.put("indicators_published", run.writeTable("indicators_published", published.indicators()));
    tables.put("activity_published", run.writeTable("activity_published", published.activity()));
    tables.put("mwt_published", run.writeTable("mwt_published", published.mwt()));
    DisclosureAudit audit = published.audit();
    audit.summaryLines().forEach(System.out::println);
    if (audit.blocked()) {
      LOG.error("the disclosure audit stops publication: {}", audit.blocker().get("message_en"));
    }

    Map<String, Object> unverified = new LinkedHashMap<>();
    unverified.put("indicator_cells_using_unverified_standard_times",
        count(indicators, r -> r.getBoolean(r.fieldIndex("uses_unverified_standard"))));
    unverified.put("standard_time_rows_unverified",
        count(standardTimes, r -> Boolean.FALSE.equals(r.getAs("verified"))));
    unverified.put("clocks_using_unverified_limits", unverifiedLimits);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("tables", tables);
    state.put("unverified", unverified);
    state.put("quartile_definition", Quartiles.DEFINITION);
    state.put("disclosure", audit.toMap());
    state.put("blocked", audit.blocked());
    state.put("blocked_by", audit.blocked() ? List.of(audit.blocker()) : List.of());
    return state;
  }

  /** The rows of a small local table (no Spark job) that pass the test. */
  private static long count(Dataset<Row> local, java.util.function.Predicate<Row> test) {
    return local.collectAsList().stream().filter(test).count();
  }
}
