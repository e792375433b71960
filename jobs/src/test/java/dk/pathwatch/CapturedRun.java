package dk.pathwatch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.io.output.TeeOutputStream;

/** A command run in-process, with its exit code and everything it printed (also shown as usual). */
public record CapturedRun(int exitCode, String output) {

  public static CapturedRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(new TeeOutputStream(captured, oldOut), true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      return new CapturedRun(Pathwatch.execute(args), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
