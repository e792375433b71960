package dk.pathwatch.publish;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * Where a run's files live under the output folder (Hadoop paths, so HDFS or S3 URIs work as well). PLACE is the
 * snapshot's place name ({@link SnapshotIdentity#place()}: its folder name and a hash of its canonical path), so two
 * snapshots of the same name under different parents never share a place:
 *
 * <pre>
 * OUTPUT/PLACE/cutoff=DATE/CURRENT               one line: the name of the current run folder (readers start here)
 * OUTPUT/PLACE/cutoff=DATE/RUN/                  a published run, never changed once there: manifest.json,
 *                                                tables/, reports/
 * OUTPUT/_staging/PLACE/cutoff=DATE/             the run being computed: run.json (its identity), work/, state/,
 *                                                run/ (tables/, reports/, manifest.json: renamed to
 *                                                OUTPUT/PLACE/cutoff=DATE/RUN)
 * OUTPUT/_rejected/PLACE/cutoff=DATE/RUN/        reports and manifest of a run stopped by a BLOCKER rule
 * OUTPUT/_locks/PLACE/cutoff=DATE.lock           held while a run of (output, snapshot, cut-off) is running
 * OUTPUT/_metrics/metrics.json                   Deequ metrics repository kept across runs
 * OUTPUT/_batch/                                 the default (H2) Spring Batch JobRepository
 * </pre>
 *
 * <p>Every path is built from the output folder, a place name and a run folder name that can hold no path
 * separator and no {@code ..}, so nothing a run writes can leave the output folder.
 */
public record RunLayout(String output, String snapshotName, String placeName, LocalDate cutoff, String runFolder) {
  /** The file naming the current run folder of a place. */
  public static final String POINTER = "CURRENT";
  private static final Pattern PLACE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
  private static final Pattern RUN_FOLDER = Pattern.compile("run-[0-9]{8}T[0-9]{6}Z(-[0-9]+)?");

  public RunLayout {
    if (!PLACE.matcher(placeName).matches() || placeName.contains("..")) {
      throw new PathwatchException(ExitCodes.BAD_ARGUMENTS, "snapshot place '" + placeName
          + "' would leave the output folder " + output);
    }
    if (runFolder != null && !isRunFolder(runFolder)) {
      throw new PathwatchException(ExitCodes.BAD_ARGUMENTS, "run folder '" + runFolder + "' is not a run folder name");
    }
  }

  /** The layout of a snapshot's runs with the cut-off, before a run folder is chosen. */
  public static RunLayout of(String output, SnapshotIdentity snapshot, LocalDate cutoff) {
    return new RunLayout(output, snapshot.name(), snapshot.place(), cutoff, null);
  }

  public RunLayout withRunFolder(String folder) {
    return new RunLayout(output, snapshotName, placeName, cutoff, folder);
  }

  /** A run folder name: {@code run-<UTC time>}, with {@code -N} when that name is taken. */
  public static boolean isRunFolder(String name) {
    return RUN_FOLDER.matcher(name).matches();
  }

  /** The last path element of a folder path, e.g. {@code 2025-06-30}. */
  public static String snapshotName(String snapshotDir) {
    String s = snapshotDir.replaceAll("/+$", "");
    return s.substring(s.lastIndexOf('/') + 1);
  }

  private String runPart() {
    return placeName + "/cutoff=" + cutoff;
  }

  private String folder() {
    if (runFolder == null) {
      throw new IllegalStateException("no run folder chosen yet for " + runPart());
    }
    return runFolder;
  }

  /** The published place of (snapshot, cut-off): the pointer and the run folders. */
  public String placeFolder() {
    return output + "/" + runPart();
  }

  /** The pointer file readers follow: it names the current run folder. */
  public String pointer() {
    return placeFolder() + "/" + POINTER;
  }

  /** This run's folder once published. */
  public String published() {
    return placeFolder() + "/" + folder();
  }

  /** This run's folder once rejected (a BLOCKER fired). */
  public String rejected() {
    return output + "/_rejected/" + runPart() + "/" + folder();
  }

  /** The staging folder of (snapshot, cut-off): the run in progress, its work tables, state and identity. */
  public String stagingRoot() {
    return output + "/_staging/" + runPart();
  }

  /** The snapshot's folder under {@code _staging}, removed when its last run is done. */
  public String stagingParent() {
    return output + "/_staging/" + placeName;
  }

  /** The run folder being built in staging (tables/, reports/, manifest.json): renamed whole when published. */
  public String staging() {
    return stagingRoot() + "/run";
  }

  /** The identity of the run in staging ({@code run.json}). */
  public String stagingMarker() {
    return stagingRoot() + "/run.json";
  }

  public String lock() {
    return output + "/_locks/" + runPart() + ".lock";
  }

  public String metrics() {
    return output + "/_metrics";
  }

  public String stagingWork(String name) {
    return stagingRoot() + "/work/" + name;
  }

  public String stagingTable(String name) {
    return staging() + "/tables/" + name;
  }

  public String stagingReports() {
    return staging() + "/reports";
  }

  public String stagingState(String step) {
    return stagingRoot() + "/state/" + step + ".json";
  }
}
