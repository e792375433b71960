package dk.pathwatch.cli;

import dk.pathwatch.batch.RunHistory;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code history}: past runs from the JobRepository. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List past runs of the nightly job (newest first) from the JobRepository: execution id, snapshot, "
        + "cut-off, attempt, status, exit status, start, duration and the step a failed run stopped at.")
public final class HistoryCommand implements Callable<Integer> {

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "output",
      description = "Output folder of the runs, whose _batch/ holds the default H2 JobRepository (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many executions (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin
  JobRepositoryOptions repository = new JobRepositoryOptions();

  @Override
  public Integer call() {
    List<RunHistory.Entry> entries = new RunHistory(repository.resolve(output)).list(limit);
    System.out.println(RunHistory.HEADER);
    entries.forEach(e -> System.out.println(e.line()));
    if (entries.isEmpty()) {
      System.out.println("(no runs recorded)");
    }
    return 0;
  }
}
