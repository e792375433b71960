package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dk.pathwatch.common.HaltPoints;
import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.RunParameters;
import dk.pathwatch.common.WrittenParquet;
import dk.pathwatch.publish.OutputFiles;
import dk.pathwatch.publish.RunLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a step works with: the run's spec and paths, Spark, and the output file system. */
public record StepRun(RunSpec spec, SparkSession spark, OutputFiles files) {
  private static final Logger LOG = LoggerFactory.getLogger(StepRun.class);
  /** The name of the row count among a write's observed metrics. */
  public static final String ROWS = "rows";
  /** How long a step waits for a finished action's observed metrics before failing the run. */
  static final Duration OBSERVATION_WAIT = Duration.ofMinutes(10);
  /**
   * Columns of ids that are unique, or nearly so, per row: a dictionary per column chunk would be built and then
   * abandoned (parquet-mr falls back to plain values once it outgrows a page): half the Parquet write samples of the
   * pathways step (JFR profile, issue #16). Every other column keeps its dictionary.
   */
  public static final List<String> ID_COLUMNS = List.of("pathway_id", "clock_id", "cpr_encrypted", "dw_ek_forloeb");

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

  /** A work table this run wrote, read with the schema in its footer (no inference job; see WrittenParquet). */
  public Dataset<Row> readWork(String name) {
    return WrittenParquet.read(spark, layout().stagingWork(name));
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

  /** A table this run wrote to staging, read with the schema in its footer (no inference job; see WrittenParquet). */
  public Dataset<Row> readTable(String name) {
    return WrittenParquet.read(spark, layout().stagingTable(name));
  }

  /**
   * Writes a published table into staging and returns its row count (counted while writing, not read back), which it
   * also logs, so the person watching a night run sees each table land. Columns of {@link #ID_COLUMNS} are written
   * without a dictionary.
   */
  public long writeTable(String name, Dataset<Row> df) {
    return ((Number) writeTable(name, df, ID_COLUMNS).get(ROWS)).longValue();
  }

  /**
   * As {@link #writeTable(String, Dataset)}, with the columns written without Parquet's dictionary encoding named
   * ({@code plain}, those the table has), also observing {@code metrics} (named aggregate columns) over the rows
   * written: returns them by name, with the row count under {@value #ROWS}.
   */
  public Map<String, Object> writeTable(String name, Dataset<Row> df, Collection<String> plain, Column... metrics) {
    Observation written = new Observation("rows_written_" + java.util.UUID.randomUUID());
    DataFrameWriter<Row> writer = df.observe(written, count(lit(1)).as(ROWS), metrics).write()
        .mode(SaveMode.Overwrite);
    for (StructField field : df.schema().fields()) {
      if (plain.contains(field.name())) {
        // parquet-mr's per-column setting, by the column's path in the file (a list's values are <name>.list.element)
        String path = field.dataType() instanceof ArrayType ? field.name() + ".list.element" : field.name();
        writer = writer.option("parquet.enable.dictionary#" + path, "false");
      }
    }
    writer.parquet(layout().stagingTable(name));
    Map<String, Object> observed = observed(written);
    HaltPoints.insideStep();
    LOG.info("wrote table {}: {} rows", name, observed.get(ROWS));
    return observed;
  }

  /** Writes Parquet (replacing the folder) and returns the rows written, counted on the way. */
  public static long writeCounted(Dataset<Row> df, String path) {
    Observation written = new Observation("rows_written_" + java.util.UUID.randomUUID());
    df.observe(written, count(lit(1)).as(ROWS)).write().mode(SaveMode.Overwrite).parquet(path);
    return ((Number) observed(written).get(ROWS)).longValue();
  }

  /** The values an observation collected, once the action that carried it has run. */
  public static Map<String, Object> observed(Observation observation) {
    return observed(observation, OBSERVATION_WAIT);
  }

  /**
   * As {@link #observed(Observation)}, waiting at most {@code wait}. Spark's own wait has no limit: an observation
   * whose plan node was optimised away, or whose action never ran, would hang the night run instead of failing it.
   * The metrics reach the observation from the listener bus just after the action, so the limit is generous.
   */
  static Map<String, Object> observed(Observation observation, Duration wait) {
    FutureTask<Map<String, Object>> metrics = new FutureTask<>(observation::getAsJava);
    Thread waiter = new Thread(metrics, "observation " + observation.name());
    waiter.setDaemon(true);
    waiter.start();
    try {
      return metrics.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      waiter.interrupt();
      throw new IllegalStateException("observed metrics " + observation.name() + " did not arrive within " + wait
          + " of the action that should carry them (was the observation's plan node optimised away?)", e);
    } catch (InterruptedException e) {
      waiter.interrupt();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading observed metrics " + observation.name(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading observed metrics " + observation.name() + " failed", e.getCause());
    }
  }

  /** What an earlier step measured ({@code state/<step>.json}). */
  public Map<String, Object> state(String step) {
    return files.readJson(layout().stagingState(step));
  }

  /** What an earlier step handed on, as its record ({@link StepStates}). */
  public <T> T state(String step, Class<T> type) {
    return StepStates.fromMap(state(step), type);
  }
}
