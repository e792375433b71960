package dk.pathwatch.common;

import java.io.IOException;

/**
 * Crash-test hook. When the environment variable {@value #ENV} names a point the job reaches (e.g.
 * {@code validate:inside}, {@code publish:moved}), the process kills itself there with a real SIGKILL, so that a
 * test can crash the job at an exact moment and check what a restart makes of it. Unset (always, outside tests),
 * a point costs one map lookup. The points are listed in the README (Operating it, "Crash safety").
 */
public final class HaltPoints {
  public static final String ENV = "PATHWATCH_HALT_AT";

  private static volatile String step;

  private HaltPoints() {}

  /** A step starts: point {@code <step>:start}; later writes of the step reach {@code <step>:inside}. */
  public static void enterStep(String name) {
    step = name;
    reach(name + ":start");
  }

  /** The running step wrote a table or file: point {@code <step>:inside} (the first one halts). */
  public static void insideStep() {
    String current = step;
    if (current != null) {
      reach(current + ":inside");
    }
  }

  /** Kills this process with SIGKILL when {@value #ENV} names {@code point}. */
  public static void reach(String point) {
    if (!point.equals(System.getenv(ENV))) {
      return;
    }
    System.out.println("pathwatch: halting at " + point + " (" + ENV + ")");
    System.out.flush();
    try {
      new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start()
          .waitFor();
      Thread.sleep(60_000);
    } catch (IOException e) {
      // no kill command: end the same way, without shutdown hooks
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(137);
  }
}
