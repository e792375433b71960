package dk.pathwatch.bench;

/**
 * Everything measured for one size.
 *
 * @param snapshot the snapshot folder
 * @param reused whether an existing snapshot was reused (then {@code generateSeconds} is -1)
 * @param markerRows rows of {@code forloebsmarkoerer} in the snapshot
 * @param floor null with {@code --skip-floor}
 */
public record SizeResult(BenchSize size, String snapshot, boolean reused, double generateSeconds, long markerRows,
    long episodeRows, JobFigures full, JobFigures floor) {

  /** Full job over floor, JVM start to exit; NaN without a floor or when either failed. */
  public double ratio() {
    if (floor == null || !full.stats().ok() || !floor.stats().ok() || floor.stats().wallSeconds() <= 0) {
      return Double.NaN;
    }
    return full.stats().wallSeconds() / floor.stats().wallSeconds();
  }
}
