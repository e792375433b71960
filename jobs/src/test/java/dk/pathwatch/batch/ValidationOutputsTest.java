package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.WrittenParquet;
import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.validate.Rule;
import dk.pathwatch.validate.RuleSet;
import dk.pathwatch.validate.Scope;
import dk.pathwatch.validate.ScopeEvaluator;
import dk.pathwatch.validate.Severity;
import dk.pathwatch.validate.ValidationErrors;
import dk.pathwatch.validate.ValidationResults;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scope's errors and results (issue #16): the same rows as the results' own query counts, in three Spark jobs (the
 * errors' write, one counting pass without a shuffle, the write of the small results table built from its counts)
 * where the results' query took a job per stage and the errors' rule lookup a broadcast job.
 */
class ValidationOutputsTest {
  private final SparkSession spark = SharedSpark.get();

  private static Rule rule(String id, Severity severity, String when) {
    return new Rule(id, severity, Scope.CLOCK, "t", when, "da " + id, "en " + id, null, null, Map.of(), "s",
        null, null, null, null, null, null, "clock.yaml", 7);
  }

  private StepRun run(Path tmp) {
    RunIdentity identity = new RunIdentity(tmp.resolve("out").toString(), tmp.resolve("snap").toString(), "f",
        "2025-04-30", "2025-03-31", "r", "h");
    return new StepRun(new RunSpec(identity, "2025-03-31", "snap", null, 1, "run-20250430T000000Z"), spark,
        new OutputFiles(spark.sparkContext().hadoopConfiguration()));
  }

  @Test
  void writesTheErrorsAndResultsOfAScopeInThreeJobs(@TempDir Path tmp) {
    RuleSet set = RuleSet.of(List.of(
        rule("PW91", Severity.WARNING, "net_days > 2"),
        rule("PW92", Severity.ERROR, "net_days > 10"),
        rule("PW93", Severity.INFO, "region_ans = '1081'"),
        rule("PW94", Severity.WARNING, "false")));
    spark.sql("select * from values ('c1','1081',1),('c2','1081',5),('c3','1082',20),('c4',null,null),"
        + "('c5','1083',30) as t(clock_id, region_ans, net_days)")
        .selectExpr("*", "'E1' dw_ek_forloeb", "date'2025-01-02' dato_markoer")
        .write().mode(SaveMode.Overwrite).parquet(tmp.resolve("checked").toString());
    Dataset<Row> checked = ScopeEvaluator.evaluate(WrittenParquet.read(spark, tmp.resolve("checked").toString()),
        Scope.CLOCK, set, run(tmp).parameters());
    StepRun run = run(tmp);

    SparkContext sc = spark.sparkContext();
    String group = "outputs-" + System.nanoTime();
    sc.setJobGroup(group, "count jobs", false);
    Map<String, Object> written;
    try {
      written = ValidationOutputs.write(run, checked, Scope.CLOCK, set);
    } finally {
      sc.clearJobGroup();
    }
    assertEquals(3, sc.statusTracker().getJobIdsForGroup(group).length,
        "the errors' write, the counting pass, the results' write");
    assertEquals(Map.of("clock_errors", 5L, "clock_results", 16L), written);

    String errors = run.layout().stagingTable(ValidationOutputs.ERRORS) + "/scope=clock";
    String results = run.layout().stagingTable(ValidationOutputs.RESULTS) + "/scope=clock";
    // the INFO rule has no errors; its violations are counted in the results
    assertEquals(List.of(
        "[PW91,WARNING,1081,E1,null,2025-01-02,null,null,da PW91,en PW91]",
        "[PW91,WARNING,1082,E1,null,2025-01-02,null,null,da PW91,en PW91]",
        "[PW91,WARNING,1083,E1,null,2025-01-02,null,null,da PW91,en PW91]",
        "[PW92,ERROR,1082,E1,null,2025-01-02,null,null,da PW92,en PW92]",
        "[PW92,ERROR,1083,E1,null,2025-01-02,null,null,da PW92,en PW92]"), rows(spark.read().parquet(errors)));
    // every rule for every region with rows (the null region too), as the results' own query counts them
    assertEquals(rows(ValidationResults.of(checked, Scope.CLOCK, set, run.parameters()).drop("scope")),
        rows(spark.read().parquet(results)));
    assertEquals(rows(spark.sql("select * from values ('PW93','INFO',null,1L,0L),('PW93','INFO','1081',2L,2L),"
        + "('PW93','INFO','1082',1L,0L),('PW93','INFO','1083',1L,0L)")),
        rows(spark.read().parquet(results).where("rule_id = 'PW93'")));
  }

  @Test
  void readsTheErrorsOfEveryScopeWithoutASparkJob(@TempDir Path tmp) {
    StepRun run = run(tmp);
    String errors = run.layout().stagingTable(ValidationOutputs.ERRORS);
    spark.sql("select 'VR01' rule_id, 'ERROR' severity, '1081' region, 'E1' dw_ek_forloeb, 'AFB01A' markoer,"
        + " date'2025-01-02' dato_markoer, '10:00' tidspunkt_markoer, cast(null as string) pathway_id,"
        + " 'da' message_da, 'en' message_en").write().parquet(errors + "/scope=marker");
    spark.sql("select 'PW01' rule_id, 'WARNING' severity, cast(null as string) region,"
        + " cast(null as string) dw_ek_forloeb, cast(null as string) markoer, cast(null as date) dato_markoer,"
        + " cast(null as string) tidspunkt_markoer, 'P1' pathway_id, 'da' message_da, 'en' message_en")
        .write().parquet(errors + "/scope=pathway");

    SparkContext sc = spark.sparkContext();
    String group = "read-" + System.nanoTime();
    sc.setJobGroup(group, "count jobs", false);
    Dataset<Row> read;
    try {
      read = ValidationOutputs.readErrors(run);
    } finally {
      sc.clearJobGroup();
    }
    assertEquals(0, sc.statusTracker().getJobIdsForGroup(group).length, "no job infers the partitioned table");
    assertEquals(List.of("[PW01,WARNING,pathway,null,null,null,null,null,P1,da,en]",
        "[VR01,ERROR,marker,1081,E1,AFB01A,2025-01-02,10:00,null,da,en]"),
        rows(read.select(ValidationErrors.COLUMNS.stream().map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new))));
  }

  private static List<String> rows(Dataset<Row> table) {
    return table.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
