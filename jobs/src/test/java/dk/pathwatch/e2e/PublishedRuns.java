package dk.pathwatch.e2e;

import java.nio.file.Path;

/**
 * Published runs of the real jar over {@link GeneratedSnapshots}, made once per test JVM and shared by every
 * end-to-end test that reads a run's outputs or compares with an uninterrupted run, so the 2-core CI runs the
 * job once for all of them.
 */
public final class PublishedRuns {
  private PublishedRuns() {}

  /** The published run folder {@code OUTPUT/<date>/cutoff=<date>} of the nightly job over the snapshot. */
  public static Path get(int pathways, int seed, String extractionDate) {
    Path output = GeneratedSnapshots.cleanRun(GeneratedSnapshots.get(pathways, seed, extractionDate));
    return output.resolve(extractionDate).resolve("cutoff=" + extractionDate);
  }
}
