package dk.pathwatch.cli;

import dk.pathwatch.batch.Preflight;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.ReferenceLayout;
import dk.pathwatch.validate.Rule;
import dk.pathwatch.validate.RuleSet;
import dk.pathwatch.validate.Scope;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rules}: work with the rule files; {@code rules lint} checks them without data or Spark. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with the validation rule files.",
    subcommands = {RulesCommand.Lint.class})
public final class RulesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code rules lint [--rules DIR]}: exit 0 when the rule files load, 5 with file:line: reason otherwise. */
  @Command(name = "lint", mixinStandardHelpOptions = true,
      description = {"Check the rule files against schemas/rules.schema.json and Spark's SQL parser, and the reference",
          "data of reference/ (types, dates, unique keys, validity intervals that do not overlap), without data:",
          "the same checks as the run's preflight. Refuses a file with file, line and reason (exit code 5)."})
  public static final class Lint implements Callable<Integer> {
    @Option(names = "--rules", paramLabel = "DIR",
        description = "validation-rules folder (or its rules/ sub-folder) to check instead of the bundled one")
    Path rules;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      RuleSet set = Preflight.rulesAndReference(rules);
      Path folder = RuleSet.rulesFolder(rules);
      String perScope = Arrays.stream(Scope.values())
          .map(s -> s.id() + " " + set.rules(s).size()).collect(Collectors.joining(", "));
      spec.commandLine().getOut().printf("%s: %d rules OK (%s); rule-set hash %s%n", folder,
          set.rules().size(), perScope, set.hash());
      spec.commandLine().getOut().printf("%s: reference data OK (%s)%n", ProjectFiles.referenceFolder(rules),
          Preflight.REFERENCE_TABLES.stream().map(ReferenceLayout::table).collect(Collectors.joining(", ")));
      for (Rule r : set.rules()) {
        spec.commandLine().getOut().printf("  %-14s %-8s %-8s %s%n", r.id(), r.scope().id(), r.severity(), r.title());
      }
      return ExitCodes.OK;
    }
  }
}
