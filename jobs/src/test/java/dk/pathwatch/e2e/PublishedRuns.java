package dk.pathwatch.e2e;

import java.nio.file.Path;

/**
 * Published runs of the real jar over {@link GeneratedSnapshots}, made once per test JVM and shared by every
 * end-to-end test that reads a run's outputs or compares with an uninterrupted run, so the 2-core CI runs the
 * job once for all of them.
 */
public final class PublishedRuns {
  private PublishedRuns() {}

  /** The current published run folder of the nightly job over the snapshot, as readers find it (CURRENT). */
  public static Path get(int pathways, int seed, String extractionDate) {
    Path snapshot = GeneratedSnapshots.get(pathways, seed, extractionDate);
    return dk.pathwatch.Published.require(GeneratedSnapshots.cleanRun(snapshot), snapshot, extractionDate);
  }
}
