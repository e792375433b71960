package dk.pathwatch.validate;

import dk.pathwatch.Rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Pathwatch;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.RunParameters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A rule is data: {@code rules lint} refuses every construct outside the allow-list with exit 5 and
 * {@code file:line: id: reason}; {@code run} refuses it before any rule is evaluated, and the checked expression is
 * checked again when its scope is evaluated. The run test uses a {@code reflect} call with a visible side effect
 * (setting a system property of the JVM that runs Spark): before the allow-list, lint accepted it and the run
 * executed it once per marker.
 */
class UnsafeRulesTest {
  private static final String PWNED = "pathwatch.test.pwned";

  /** A marker rule file whose one rule has {@code when} on line 6. */
  static String markerFile(String when, String params) {
    return "scope: marker\nrules:\n  - id: VR01\n    severity: ERROR\n    title: t\n    when: |-\n      "
        + when + "\n" + params + "    message_da: d\n    message_en: e\n    source: test\n";
  }

  private static int lint(Path rulesDir, StringWriter err) {
    CommandLine cli = Pathwatch.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute("rules", "lint", "--rules", rulesDir.toString());
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> refusedConstructs() {
    return ExpressionLintTest.refusedConstructs();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedConstructs")
  void lintRefusesEveryUnsafeConstructWithFileLineAndReason(String when, String reason, @TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("marker.yaml"), markerFile(when, ""));
    StringWriter err = new StringWriter();
    assertEquals(ExitCodes.RULES_INVALID, lint(dir, err), err.toString());
    assertTrue(err.toString().contains("marker.yaml:6: VR01: "), err.toString());
    assertTrue(err.toString().contains(reason), err.toString());
  }

  @Test
  void aParameterValueCannotCarrySparkVariables(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("marker.yaml"), markerFile("code = ${expected}",
        "    params:\n      expected: \"${env:PATHWATCH_DB_PASSWORD}\"\n"));
    StringWriter err = new StringWriter();
    assertEquals(ExitCodes.RULES_INVALID, lint(dir, err), err.toString());
    assertTrue(err.toString().contains("marker.yaml:6: VR01: the expression holds '${'"), err.toString());
  }

  /** Deequ builds SQL from a dataset rule's values, so they are plain codes: no quote or backslash gets through. */
  @Test
  void aDatasetRuleValueCannotCarrySql(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("dataset.yaml"), """
        scope: dataset
        rules:
          - id: DS09
            severity: WARNING
            title: t
            check: volume_change
            table: marker_view
            column: region_ans
            values: ["1081", "1082\\\\' or reflect('java.lang.System', 'exit', 0) is null or '"]
            max_drop_share: 0.3
            message_da: d
            message_en: e
            source: test
        """);
    StringWriter err = new StringWriter();
    assertEquals(ExitCodes.RULES_INVALID, lint(dir, err), err.toString());
    assertTrue(err.toString().contains("dataset.yaml:9: $.rules[0].values[1]: does not match the regex pattern"),
        err.toString());
  }

  @Test
  void theRunRefusesAReflectingRuleBeforeItRunsAnything(@TempDir Path tmp) throws Exception {
    Path rules = Rules.copy(tmp.resolve("rules"));
    Path markerRules = rules.resolve("rules/marker.yaml");
    Files.writeString(markerRules, Files.readString(markerRules).replace("when: not known_code",
        "when: reflect('java.lang.System', 'setProperty', '" + PWNED + "', code) is null"));
    Path snapshot = TinySnapshot.write(SharedSpark.get(), tmp.resolve("2025-03-31"));
    System.clearProperty(PWNED);
    CommandLine cli = Pathwatch.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute("run", "--snapshot", snapshot.toString(), "--output", tmp.resolve("out").toString(),
        "--rules", rules.toString());
    assertEquals(ExitCodes.RULES_INVALID, exit, err.toString());
    assertTrue(err.toString().contains("marker.yaml:10: VR01: function reflect calls Java methods"), err.toString());
    assertNull(System.getProperty(PWNED), "the reflect call never ran");
    assertTrue(Files.notExists(tmp.resolve("out/2025-03-31")), "nothing published");
  }

  @Test
  void theScopeEvaluatorChecksAgainWhenARuleSetSkippedLint() {
    Rule reflecting = new Rule("PW90", Severity.WARNING, Scope.CLOCK, "t",
        "reflect('java.lang.System', 'setProperty', '" + PWNED + "', rule) is null", "d", "e", null, null, Map.of(),
        "s", null, null, null, null, null, null, "clock.yaml", 12);
    System.clearProperty(PWNED);
    var table = SharedSpark.get().sql("select 'c1' clock_id, 'UDR' rule");
    RunParameters run = new RunParameters(LocalDate.of(2025, 3, 31), LocalDate.of(2025, 3, 31));
    PathwatchException e = assertThrows(PathwatchException.class,
        () -> ScopeEvaluator.evaluate(table, Scope.CLOCK, RuleSet.of(List.of(reflecting)), run).collectAsList());
    assertEquals(ExitCodes.RULES_INVALID, e.exitCode());
    assertTrue(e.getMessage().startsWith("clock.yaml:12: PW90: function reflect calls Java methods"),
        e.getMessage());
    assertNull(System.getProperty(PWNED));
  }
}
