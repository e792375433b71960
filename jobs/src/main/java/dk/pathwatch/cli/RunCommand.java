package dk.pathwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder wired in by the generator work. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the nightly job.")
public final class RunCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("run: not built yet");
  }
}
