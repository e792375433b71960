package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.col;

import dk.pathwatch.indicators.Activity;
import dk.pathwatch.indicators.DisclosureControl;
import dk.pathwatch.indicators.Grid;
import dk.pathwatch.indicators.Indicators;
import dk.pathwatch.indicators.MwtAggregates;
import dk.pathwatch.indicators.Quartiles;
import dk.pathwatch.indicators.StandardTimes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * indicators: OF/DF/MF indicators with exact quartiles and the share within standard time, activity counts and
 * waiting-time aggregates, each internal (every cell of the {@link Grid}, zeros included) and published with
 * disclosure control. Pathways and clocks excluded by an ERROR rule count in none of them.
 */
public final class IndicatorsStep extends PipelineStep {

  public IndicatorsStep() {
    super("indicators");
  }

  @Override
  protected Map<String, Object> run(StepRun run) {
    Dataset<Row> pathways = run.readTable("pathways");
    Dataset<Row> standardTimes = StandardTimes.load(run.spark(), run.referenceDir());
    Grid grid = Grid.load(run.referenceDir(), run.spec().cutoff());
    Map<String, Object> tables = new LinkedHashMap<>();
    tables.put("indicators", run.writeTable("indicators", Indicators.compute(pathways, standardTimes, grid)));
    Dataset<Row> indicators = run.readTable("indicators");
    tables.put("indicators_published", run.writeTable("indicators_published",
        DisclosureControl.publishIndicators(indicators)));
    tables.put("activity", run.writeTable("activity", Activity.compute(pathways, grid)));
    tables.put("activity_published", run.writeTable("activity_published",
        DisclosureControl.publishActivity(run.readTable("activity"))));
    Dataset<Row> clocks = run.readTable("clocks").where(col("excluded").equalTo(false));
    tables.put("mwt", run.writeTable("mwt", MwtAggregates.compute(clocks, grid)));
    tables.put("mwt_published", run.writeTable("mwt_published", DisclosureControl.publishMwt(run.readTable("mwt"))));

    Map<String, Object> unverified = new LinkedHashMap<>();
    unverified.put("indicator_cells_using_unverified_standard_times",
        indicators.where(col("uses_unverified_standard")).count());
    unverified.put("standard_time_rows_unverified", standardTimes.where("verified = false").count());
    unverified.put("clocks_using_unverified_limits", run.readTable("clocks").where("limit_verified = false").count());
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("tables", tables);
    state.put("unverified", unverified);
    state.put("quartile_definition", Quartiles.DEFINITION);
    return state;
  }
}
