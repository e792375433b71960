package dk.pathwatch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dk.pathwatch.Pathwatch;
import dk.pathwatch.cli.GenerateCommand;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code generate} command line: defaults, overrides, refusals (no Spark started). */
class GenerateCommandTest {

  private static GeneratorOptions parse(String... args) {
    GenerateCommand command = new GenerateCommand();
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    GeneratorOptions o = parse("--output", "/tmp/x");
    assertEquals(Path.of("/tmp/x"), o.output());
    assertEquals(2000, o.pathways());
    assertEquals(1, o.seed());
    assertEquals(LocalDate.of(2025, 6, 30), o.extractionDate());
    assertEquals(0.01, o.rate(FaultKind.VR35));
    assertNull(o.asOf());
  }

  @Test
  void perKindOverridesAndClean() {
    GeneratorOptions o = parse("--output", "/tmp/x", "--fault-rate", "0.1", "--faults", "VR01=0.02,vr04-time=0.5");
    assertEquals(0.02, o.rate(FaultKind.VR01));
    assertEquals(0.5, o.rate(FaultKind.VR04_TIME));
    assertEquals(0.1, o.rate(FaultKind.VR11));
    GeneratorOptions clean = parse("--output", "/tmp/x", "--clean", "--faults", "VR01=0.5");
    assertEquals(0.0, clean.rate(FaultKind.VR01));
    assertEquals(LocalDate.of(2024, 1, 31), parse("--output", "/tmp/x", "--as-of", "2024-01-31").asOf());
  }

  @Test
  void badValuesAreBadArguments() {
    for (String[] args : new String[][] {{"--faults", "VR99=0.1"}, {"--fault-rate", "1.5"},
        {"--as-of", "2026-01-01"}, {"--pathways", "0"}, {"--faults", "VR01"}}) {
      String[] full = new String[args.length + 2];
      full[0] = "--output";
      full[1] = "/tmp/x";
      System.arraycopy(args, 0, full, 2, args.length);
      PathwatchException e = assertThrows(PathwatchException.class, () -> parse(full), String.join(" ", args));
      assertEquals(ExitCodes.BAD_ARGUMENTS, e.exitCode());
    }
  }

  @Test
  void helpListsEveryOptionAndExitsZero() {
    assertEquals(0, Pathwatch.execute("generate", "--help"));
    String usage = new CommandLine(new GenerateCommand()).getUsageMessage();
    for (String option : new String[] {"--output", "--pathways", "--seed", "--extraction-date", "--fault-rate",
        "--faults", "--clean", "--as-of"}) {
      assertEquals(true, usage.contains(option), option);
    }
    assertEquals(true, usage.contains("Default: 2000"));
    assertEquals(true, usage.contains("Default: 2025-06-30"));
  }
}
