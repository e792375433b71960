package dk.pathwatch.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Rules;
import dk.pathwatch.cli.RulesCommand;
import dk.pathwatch.common.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code rules lint} wired the way {@code Pathwatch.execute} wires its subcommands. */
class RulesCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = new CommandLine(new RulesCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExitCodeExceptionMapper(ExitCodes::forException);
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("pathwatch: " + ex.getMessage());
      return ExitCodes.forException(ex);
    });
    return cli.execute(args);
  }

  @Test
  void bundledRulesLintClean() {
    assertEquals(0, execute("lint"));
    assertTrue(out.toString().contains("rules OK (marker "), out.toString());
    assertTrue(out.toString().contains("VR18") && out.toString().contains("DS05"), out.toString());
    assertTrue(out.toString().contains("reference data OK (sks_codes, regions, standard_times, mwt_limits)"),
        out.toString());
  }

  /** The same reference-data checks as the run's preflight. */
  @Test
  void badReferenceDataExitsFiveWithFileLineAndReason(@TempDir Path dir) throws Exception {
    Path rules = Rules.copy(dir.resolve("validation-rules"));
    Path limits = rules.resolve("reference/mwt_limits.tsv");
    Files.writeString(limits, "UDR\t10\t2024-01-01\t\ttrue\tx\n", java.nio.file.StandardOpenOption.APPEND);
    assertEquals(ExitCodes.RULES_INVALID, execute("lint", "--rules", rules.toString()));
    assertTrue(err.toString().contains(limits + ":6: rule UDR: validity overlaps line 2"), err.toString());
    assertEquals(ExitCodes.RULES_INVALID, execute("lint", "--rules", rules.resolve("rules").toString()),
        "the rules/ sub-folder given: its sibling reference/ is checked");
  }

  @Test
  void badFolderExitsFiveWithFileAndLine(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/marker.yaml"), "scope: marker\nrules:\n  - id: VR01\n    severity: FATAL\n");
    assertEquals(ExitCodes.RULES_INVALID, execute("lint", "--rules", dir.toString()));
    assertTrue(err.toString().contains("marker.yaml:4:"), err.toString());
  }

  @Test
  void missingFolderIsABadArgument(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_ARGUMENTS, execute("lint", "--rules", dir.resolve("nope").toString()));
  }

  @Test
  void hasHelp() {
    assertEquals(0, execute("lint", "--help"));
    assertTrue(out.toString().contains("--rules=DIR"), out.toString());
  }
}
