package dk.pathwatch.common;

/**
 * Process exit codes, one per failure class, so that the scheduler can act on them (SPEC §7).
 * The README's table "Exit codes" lists the same values.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int INTERNAL_ERROR = 1;
  /** Bad command line or parameters (picocli's own usage error code is also 2). */
  public static final int BAD_ARGUMENTS = 2;
  /** A BLOCKER rule fired: nothing published, reports written. */
  public static final int BLOCKED = 3;
  /** Input unreadable or not matching its schema (missing column, wrong type, broken Parquet). */
  public static final int INPUT_INVALID = 4;
  /** The rule files or reference data are invalid. */
  public static final int RULES_INVALID = 5;
  /** The JobRepository database cannot be reached. */
  public static final int REPOSITORY_UNAVAILABLE = 6;
  /** The output folder cannot be written. */
  public static final int OUTPUT_UNWRITABLE = 7;
  /**
   * Another run of the same (output, snapshot, cut-off) holds the lock: this one did not start. The message names
   * the holder (host, pid, start time).
   */
  public static final int LOCKED = 8;
  /** Nothing to do: no snapshot for the date. Airflow's BashOperator marks the task skipped. */
  public static final int NO_SNAPSHOT = 99;

  private ExitCodes() {}

  /** Maps an exception to its exit code: a {@link PathwatchException} carries its own. */
  public static int forException(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof PathwatchException pe) {
        return pe.exitCode();
      }
    }
    return INTERNAL_ERROR;
  }
}
