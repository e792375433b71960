package dk.pathwatch.batch;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.load.InputStats;
import dk.pathwatch.load.Snapshot;
import dk.pathwatch.load.SnapshotLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * load: checks the snapshot against its schemas and counts the rows of the markers and episodes from their Parquet
 * footers ({@link dk.pathwatch.load.PartFiles}, no data is read: the walk reads every row once and takes the checksums on the way, issue #16); the small
 * optional organisations table is counted and checksummed here. A file that is not Parquet, or broken, ends the run
 * with exit code 4 and a message naming it. Nothing is copied: the snapshot is read-only.
 */
public final class LoadStep extends PipelineStep {
  private static final Logger LOG = LoggerFactory.getLogger(LoadStep.class);

  public LoadStep() {
    super("load");
  }

  @Override
  protected Map<String, Object> run(StepRun run) {
    return readingInput(run, () -> load(run));
  }

  /**
   * Runs work that reads the snapshot: a failure that names a file of it (Spark names the file whose pages it could
   * not read) ends the run with exit code 4 and one line naming the file.
   */
  static <T> T readingInput(StepRun run, java.util.function.Supplier<T> work) {
    try {
      return work.get();
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
    Map<String, StepStates.Input> inputs = new LinkedHashMap<>();
    for (String table : java.util.List.of(Snapshot.MARKERS, Snapshot.EPISODES)) {
      inputs.put(table, input(table, snapshot.parts().get(table).rows(), null, snapshot));
    }
    snapshot.organisations().ifPresent(o -> {
      Map<String, Object> stats = InputStats.of(o);
      inputs.put(Snapshot.ORGANISATIONS, input(Snapshot.ORGANISATIONS, ((Number) stats.get("rows")).longValue(),
          (String) stats.get("checksum"), snapshot));
    });
    return StepStates.toMap(new StepStates.Loaded(inputs));
  }

  private static StepStates.Input input(String table, long rows, String checksum, Snapshot snapshot) {
    LOG.info("{}: {} rows", table, rows);
    return new StepStates.Input(rows, checksum, snapshot.extraColumns().getOrDefault(table, java.util.List.of()));
  }
}
