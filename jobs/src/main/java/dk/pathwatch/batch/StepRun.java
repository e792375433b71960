package dk.pathwatch.batch;

import dk.pathwatch.common.HaltPoints;
import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.RunParameters;
import dk.pathwatch.common.SparkPaths;
import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.publish.RunLayout;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a step works with: the run's spec and paths, Spark, and the output file system. */
public record StepRun(RunSpec spec, SparkSession spark, OutputFiles files) {
  private static final Logger LOG = LoggerFactory.getLogger(StepRun.class);

  public RunLayout layout() {
    return spec.layout();
  }

  public RunParameters parameters() {
    return spec.parameters();
  }

  public Path schemasDir() {
    return ProjectFiles.bundled("schemas");
  }

  public Path referenceDir() {
    return ProjectFiles.referenceFolder(spec.rulesOverride());
  }

  public Dataset<Row> readWork(String name) {
    return SparkPaths.parquet(spark, layout().stagingWork(name));
  }

  /**
   * Writes a work table, read only by later steps of this run. Without Parquet's dictionary encoding: work tables
   * are keyed by high-cardinality ids (person, episode, pathway), where building and then abandoning a dictionary
   * per column chunk cost a third of the load step (JFR profile, issue #6).
   */
  public void writeWork(String name, Dataset<Row> df) {
    df.write().mode(SaveMode.Overwrite).option("parquet.enable.dictionary", "false")
        .parquet(layout().stagingWork(name));
    HaltPoints.insideStep();
  }

  public Dataset<Row> readTable(String name) {
    return SparkPaths.parquet(spark, layout().stagingTable(name));
  }

  /**
   * Writes a published table into staging and returns its row count (read back from the written files' footers),
   * which it also logs, so the person watching a night run sees each table land.
   */
  public long writeTable(String name, Dataset<Row> df) {
    String path = layout().stagingTable(name);
    df.write().mode(SaveMode.Overwrite).parquet(path);
    HaltPoints.insideStep();
    long rows = SparkPaths.parquet(spark, path).count();
    LOG.info("wrote table {}: {} rows", name, rows);
    return rows;
  }

  /** What an earlier step measured ({@code state/<step>.json}). */
  public Map<String, Object> state(String step) {
    return files.readJson(layout().stagingState(step));
  }
}
