package dk.pathwatch.publish;

import java.time.LocalDate;

/**
 * Where a run's files live under the output folder (Hadoop paths, so HDFS or S3 URIs work as well):
 *
 * <pre>
 * OUTPUT/SNAPSHOT/cutoff=DATE/          the published run: tables/, reports/, manifest.json
 * OUTPUT/_staging/SNAPSHOT/cutoff=DATE/ the run while it is computed (plus work/ and state/)
 * OUTPUT/_rejected/SNAPSHOT/cutoff=DATE/ reports and manifest of a run stopped by a BLOCKER rule
 * OUTPUT/_metrics/                      Deequ metrics repository kept across runs
 * OUTPUT/_batch/                        the default (H2) Spring Batch JobRepository
 * </pre>
 */
public record RunLayout(String output, String snapshotName, LocalDate cutoff) {

  public static RunLayout of(String output, String snapshotDir, LocalDate cutoff) {
    return new RunLayout(trimSlash(output), snapshotName(snapshotDir), cutoff);
  }

  /** The last path element of the snapshot folder, e.g. {@code 2025-06-30}. */
  public static String snapshotName(String snapshotDir) {
    String s = trimSlash(snapshotDir);
    return s.substring(s.lastIndexOf('/') + 1);
  }

  private static String trimSlash(String s) {
    return s.replaceAll("/+$", "");
  }

  private String runPart() {
    return snapshotName + "/cutoff=" + cutoff;
  }

  public String published() {
    return output + "/" + runPart();
  }

  public String staging() {
    return output + "/_staging/" + runPart();
  }

  /** The snapshot's folder under {@code _staging}, removed when its last run is published. */
  public String stagingParent() {
    return output + "/_staging/" + snapshotName;
  }

  public String rejected() {
    return output + "/_rejected/" + runPart();
  }

  public String trash() {
    return output + "/_staging/_trash/" + snapshotName + "-cutoff=" + cutoff + "-" + System.currentTimeMillis();
  }

  public String metrics() {
    return output + "/_metrics";
  }

  public String stagingWork(String name) {
    return staging() + "/work/" + name;
  }

  public String stagingTable(String name) {
    return staging() + "/tables/" + name;
  }

  public String stagingReports() {
    return staging() + "/reports";
  }

  public String stagingState(String step) {
    return staging() + "/state/" + step + ".json";
  }
}
