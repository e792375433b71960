package dk.pathwatch.bench;

import java.util.List;

/**
 * One timed child run (the full job or the floor) on one snapshot.
 *
 * @param stats what the child process did, measured from outside
 * @param steps per-step figures from the run manifest ({@code timings_seconds}; empty for the floor)
 * @param manifest path of the published manifest read, or null
 */
public record JobFigures(ChildProcess.Stats stats, List<StepFigure> steps, String manifest) {

  /**
   * One step of the nightly job.
   *
   * @param rowsPerSecond the snapshot's marker rows over the step's seconds
   * @param peakHeapMb the step's peak heap as the job recorded it ({@code peak_heap_mb}), -1 when absent
   */
  public record StepFigure(String step, double seconds, double rowsPerSecond, long peakHeapMb) {}

  /** Marker rows per second of the whole process, JVM start to exit. */
  public double rowsPerSecond(long markerRows) {
    return stats.wallSeconds() > 0 ? markerRows / stats.wallSeconds() : 0;
  }
}
