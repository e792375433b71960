package dk.pathwatch;

import dk.pathwatch.cli.GenerateCommand;
import dk.pathwatch.cli.HistoryCommand;
import dk.pathwatch.cli.RulesCommand;
import dk.pathwatch.cli.RunCommand;
import dk.pathwatch.cli.TraceCommand;
import dk.pathwatch.common.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code pathwatch.jar}: one subcommand per task. */
@Command(name = "pathwatch", mixinStandardHelpOptions = true, version = "Pathwatch 0.1.0",
    description = "Validation and waiting-time engine for the cancer pathway registrations of the national patient register.",
    subcommands = {GenerateCommand.class, RunCommand.class, RulesCommand.class, HistoryCommand.class,
        TraceCommand.class, dk.pathwatch.cli.BenchCommand.class, dk.pathwatch.cli.ClassArchiveCommand.class})
public final class Pathwatch implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (used by tests that must not exit the JVM). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with the job's exit codes and error messages (tests give it their own out and err). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Pathwatch());
    cli.setExitCodeExceptionMapper(ExitCodes::forException);
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("pathwatch: " + ex.getMessage());
      return ExitCodes.forException(ex);
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
