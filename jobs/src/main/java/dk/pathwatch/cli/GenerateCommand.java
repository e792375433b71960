package dk.pathwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder wired in by the generator work. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Write a synthetic snapshot.")
public final class GenerateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("generate: not built yet");
  }
}
