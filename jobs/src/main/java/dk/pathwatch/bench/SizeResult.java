package dk.pathwatch.bench;

/**
 * Everything measured for one size.
 *
 * @param snapshot the snapshot folder
 * @param reused whether an existing snapshot was reused (then {@code generateSeconds} is -1)
 * @param markerRows rows of {@code forloebsmarkoerer} in the snapshot
 * @param floor null with {@code --skip-floor}
 * @param onePerson the run on the copy with one large person, null without {@code --one-person}
 */
public record SizeResult(BenchSize size, String snapshot, boolean reused, double generateSeconds, long markerRows,
    long episodeRows, JobFigures full, JobFigures floor, OnePerson onePerson) {

  /**
   * The full job on a copy of the snapshot in which one person holds many markers ({@code OnePersonSnapshot}).
   *
   * @param asked the markers asked for
   * @param markers the person's markers (whole persons were merged, so at least {@code asked})
   * @param personsMerged how many persons of the snapshot became that one
   */
  public record OnePerson(long asked, long markers, long personsMerged, String snapshot, JobFigures full) {
    /** This run's wall seconds over the plain run's, minus one (0.05 = 5 % slower); NaN when either failed. */
    public double timeGrowth(JobFigures plain) {
      if (!full.stats().ok() || !plain.stats().ok() || plain.stats().wallSeconds() <= 0) {
        return Double.NaN;
      }
      return full.stats().wallSeconds() / plain.stats().wallSeconds() - 1;
    }

    /** This run's peak heap over the plain run's, minus one; NaN when either is unknown. */
    public double heapGrowth(JobFigures plain) {
      if (full.stats().peakHeapMb() <= 0 || plain.stats().peakHeapMb() <= 0) {
        return Double.NaN;
      }
      return (double) full.stats().peakHeapMb() / plain.stats().peakHeapMb() - 1;
    }
  }

  /** Full job over floor, JVM start to exit; NaN without a floor or when either failed. */
  public double ratio() {
    if (floor == null || !full.stats().ok() || !floor.stats().ok() || floor.stats().wallSeconds() <= 0) {
      return Double.NaN;
    }
    return full.stats().wallSeconds() / floor.stats().wallSeconds();
  }
}
