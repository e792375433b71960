package dk.pathwatch.batch;

import dk.pathwatch.ExitCodes;
import dk.pathwatch.PathwatchException;
import dk.pathwatch.load.InputStats;
import dk.pathwatch.load.Snapshot;
import dk.pathwatch.load.SnapshotLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * load: reads the snapshot against its schemas, and every row of it once for the row counts and content checksums
 * of the manifest. A file Spark cannot read ends the run with exit code 4 and a message naming it. Nothing is
 * copied: the snapshot is read-only, and the validate step reads it again, building the marker view on the way
 * (a copy would cost a write and a read of the widest table of the run).
 */
public final class LoadStep extends PipelineStep {
  private static final Logger LOG = LoggerFactory.getLogger(LoadStep.class);

  public LoadStep() {
    super("load");
  }

  @Override
  protected Map<String, Object> run(StepRun run) {
    try {
      return load(run);
    } catch (PathwatchException e) {
      throw e;
    } catch (Exception e) { // SparkException is checked, though Scala throws it undeclared
      String problem = SnapshotLoader.fileProblem(e, run.spec().snapshot());
      if (problem == null) {
        throw e;
      }
      throw new PathwatchException(ExitCodes.INPUT_INVALID, "input unreadable: " + problem, e);
    }
  }

  private Map<String, Object> load(StepRun run) {
    Snapshot snapshot = new SnapshotLoader(run.spark(), run.schemasDir()).load(run.spec().snapshot());
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put(Snapshot.MARKERS, describe(Snapshot.MARKERS, snapshot.markers(), snapshot));
    inputs.put(Snapshot.EPISODES, describe(Snapshot.EPISODES, snapshot.episodes(), snapshot));
    snapshot.organisations().ifPresent(o -> inputs.put(Snapshot.ORGANISATIONS,
        describe(Snapshot.ORGANISATIONS, o, snapshot)));
    return Map.of("inputs", inputs);
  }

  /**
   * Counts and checksums a table. The rows read must be the rows its part files' footers declare: a row the
   * accounting starts from is a row of the snapshot, none more, none less.
   */
  private static Map<String, Object> describe(String table, Dataset<Row> df, Snapshot snapshot) {
    Map<String, Object> stats = new LinkedHashMap<>(InputStats.of(df));
    long footerRows = snapshot.parts().get(table).rows();
    if (((Number) stats.get("rows")).longValue() != footerRows) {
      throw new PathwatchException(ExitCodes.INPUT_INVALID, "table " + table + ": read " + stats.get("rows")
          + " rows, but its part files' footers declare " + footerRows);
    }
    stats.put("extra_columns", snapshot.extraColumns().getOrDefault(table, java.util.List.of()));
    LOG.info("read {}: {} rows", table, stats.get("rows"));
    return stats;
  }
}
