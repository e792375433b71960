package dk.pathwatch.batch;

import dk.pathwatch.common.ReferenceTable;
import dk.pathwatch.common.SparkPaths;
import dk.pathwatch.pathways.PathwayBuilder;
import dk.pathwatch.report.MonitoringReport;
import dk.pathwatch.report.PreviousRun;
import dk.pathwatch.report.RegionReports;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * report: a report per region of its own errors and warnings (Excel + HTML, with the change since the previous
 * published run), written also when a BLOCKER stops the run; and the monitoring page of the published tables,
 * only for a run that will be published.
 */
public final class ReportStep extends PipelineStep {

  public ReportStep() {
    super("report");
  }

  @Override
  protected Map<String, Object> run(StepRun run) {
    Map<String, String> regions = regionNames(run);
    String extraction = run.spec().extractionDate().toString();
    Optional<String> previous = PreviousRun.find(run.files(), run.layout(), extraction);
    Dataset<Row> errors = ValidationOutputs.readErrors(run);
    Dataset<Row> previousErrors = previous
        .map(p -> SparkPaths.parquet(run.spark(), p + "/tables/" + ValidationOutputs.ERRORS)).orElse(null);
    var info = new RegionReports.RunInfo(run.layout().snapshotName(), run.spec().extractionDate(),
        run.spec().cutoff(), previous.orElse(null));
    String reportsDir = run.layout().stagingReports();
    Map<String, Object> reports = new LinkedHashMap<>();
    reports.put("regions", new RegionReports(run.spark(), run.files()).write(errors, previousErrors, regions, info,
        reportsDir));
    dk.pathwatch.common.HaltPoints.insideStep();
    boolean blocked = Stream.of("validate", "pathways", "indicators")
        .anyMatch(step -> run.state(step, StepStates.Gate.class).blocked());
    if (!blocked) {
      reports.put("monitoring", new MonitoringReport(run.spark(), run.files())
          .write(run.layout().staging() + "/tables", reportsDir, info, regions));
    }
    return Map.of("reports", reports);
  }

  static Map<String, String> regionNames(StepRun run) {
    Map<String, String> regions = new LinkedHashMap<>();
    ReferenceTable table = PathwayBuilder.REGIONS.read(run.referenceDir());
    int code = table.header().indexOf("code");
    int name = table.header().indexOf("name");
    for (String[] row : table.rows()) {
      regions.put(row[code], row[name]);
    }
    return regions;
  }
}
