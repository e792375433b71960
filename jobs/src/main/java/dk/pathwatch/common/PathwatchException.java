package dk.pathwatch.common;

/** A failure with a message meant for the person running the job and the exit code of its class. */
public class PathwatchException extends RuntimeException {
  private final int exitCode;

  public PathwatchException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public PathwatchException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
