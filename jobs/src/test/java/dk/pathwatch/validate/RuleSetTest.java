package dk.pathwatch.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetTest {
  private static final Path SCHEMA = ProjectFiles.bundled("schemas").resolve("rules.schema.json");

  private static final String GOOD_RULE = """
        - id: VR01
          severity: ERROR
          title: Unknown code
          when: not known_code
          message_da: Ukendt kode.
          message_en: Unknown code.
          source: test
      """;

  private static Path write(Path dir, String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text);
    return dir;
  }

  private static List<RuleSet.Problem> lint(Path dir) {
    return RuleSet.lint(dir, SCHEMA);
  }

  @Test
  void bundledRulesLoadAndCoverEveryScope() {
    RuleSet set = RuleSet.load(RuleSet.rulesFolder(null));
    for (Scope scope : Scope.values()) {
      assertTrue(!set.rules(scope).isEmpty(), "no rules for " + scope);
    }
    assertEquals(64, set.hash().length());
    List<String> markerErrors = set.rules(Scope.MARKER).stream().filter(r -> r.severity() == Severity.ERROR)
        .map(Rule::id).sorted().toList();
    assertEquals(List.of("VR01", "VR04", "VR05", "VR06", "VR07", "VR09"), markerErrors);
    assertEquals(List.of("VR18"), set.rules(Scope.PATHWAY).stream().filter(r -> r.severity() == Severity.ERROR)
        .map(Rule::id).toList());
  }

  @Test
  void goodFileHasNoProblems(@TempDir Path dir) throws Exception {
    write(dir, "marker.yaml", "scope: marker\nrules:\n" + GOOD_RULE);
    assertEquals(List.of(), lint(dir));
  }

  @Test
  void unknownSeverityIsRefusedAtItsLine(@TempDir Path dir) throws Exception {
    write(dir, "marker.yaml", "scope: marker\nrules:\n" + GOOD_RULE.replace("ERROR", "FATAL"));
    List<RuleSet.Problem> problems = lint(dir);
    assertTrue(problems.stream().anyMatch(p -> p.file().equals("marker.yaml") && p.line() == 4
        && p.reason().contains("severity")), problems.toString());
  }

  @Test
  void missingFieldIsRefusedAtTheRule(@TempDir Path dir) throws Exception {
    write(dir, "marker.yaml", "scope: marker\nrules:\n" + GOOD_RULE.replace("    message_en: Unknown code.\n", ""));
    List<RuleSet.Problem> problems = lint(dir);
    assertTrue(problems.stream().anyMatch(p -> p.line() == 3 && p.reason().contains("message_en")),
        problems.toString());
  }

  @Test
  void unknownFieldIsRefusedAtItsLine(@TempDir Path dir) throws Exception {
    write(dir, "marker.yaml", "scope: marker\nrules:\n" + GOOD_RULE + "    severty: ERROR\n");
    List<RuleSet.Problem> problems = lint(dir);
    assertTrue(problems.stream().anyMatch(p -> p.reason().contains("severty") && p.line() == 10),
        problems.toString());
  }

  @Test
  void badDateIsRefused(@TempDir Path dir) throws Exception {
    write(dir, "marker.yaml", "scope: marker\nrules:\n" + GOOD_RULE + "    valid_from: 2024-13\n");
    List<RuleSet.Problem> problems = lint(dir);
    assertTrue(problems.stream().anyMatch(p -> p.line() == 10 && p.reason().contains("valid_from")),
        problems.toString());
  }

  @Test
  void yamlSyntaxErrorNamesItsLine(@TempDir Path dir) throws Exception {
    write(dir, "marker.yaml", "scope: marker\nrules:\n  - id: [VR01\n    severity: ERROR\n");
    List<RuleSet.Problem> problems = lint(dir);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).reason().startsWith("not valid YAML"), problems.toString());
  }

  @Test
  void duplicateIdsAcrossFilesAreRefusedNamingBoth(@TempDir Path dir) throws Exception {
    write(dir, "a.yaml", "scope: marker\nrules:\n" + GOOD_RULE);
    write(dir, "b.yaml", "scope: episode\nrules:\n" + GOOD_RULE.replace("not known_code", "n_markers = 0"));
    List<RuleSet.Problem> problems = lint(dir);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("b.yaml", problems.get(0).file());
    assertEquals(3, problems.get(0).line());
    assertTrue(problems.get(0).reason().contains("duplicate rule id VR01 (first defined at a.yaml:3)"));
  }

  @Test
  void unparseableExpressionIsRefusedAtItsLine(@TempDir Path dir) throws Exception {
    write(dir, "marker.yaml", "scope: marker\nrules:\n" + GOOD_RULE.replace("not known_code", "known_code = = 1"));
    List<RuleSet.Problem> problems = lint(dir);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(6, problems.get(0).line());
    assertTrue(problems.get(0).reason().contains("Spark cannot parse"), problems.toString());
  }

  @Test
  void unknownColumnAndFunctionAreRefused(@TempDir Path dir) throws Exception {
    write(dir, "marker.yaml", "scope: marker\nrules:\n"
        + GOOD_RULE.replace("not known_code", "no_such_fn(knwon_code) and exists(array(1), x -> x > dup_rank)"));
    List<String> reasons = lint(dir).stream().map(RuleSet.Problem::toString).toList();
    assertEquals(List.of("marker.yaml:6: VR01: function no_such_fn is not one of the functions a rule may use "
        + "(see validation-rules/README.md)",
        "marker.yaml:6: VR01: function exists is not one of the functions a rule may use "
        + "(see validation-rules/README.md)",
        "marker.yaml:6: VR01: lambda functions (x -> ...) are not allowed",
        "marker.yaml:6: VR01: unknown column(s) [knwon_code] for this scope"), reasons);
  }

  @Test
  void unknownPlaceholderIsRefused(@TempDir Path dir) throws Exception {
    write(dir, "marker.yaml", "scope: marker\nrules:\n"
        + GOOD_RULE.replace("not known_code", "dato_markoer > ${cut_off_date}"));
    List<RuleSet.Problem> problems = lint(dir);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).reason().contains("unknown parameter ${cut_off_date}"), problems.toString());
  }

  @Test
  void loadThrowsRulesInvalidWithFileAndLine(@TempDir Path dir) throws Exception {
    write(dir, "marker.yaml", "scope: marker\nrules:\n" + GOOD_RULE.replace("ERROR", "FATAL"));
    PathwatchException e = assertThrows(PathwatchException.class, () -> RuleSet.load(dir, SCHEMA));
    assertEquals(ExitCodes.RULES_INVALID, e.exitCode());
    assertTrue(e.getMessage().contains("marker.yaml:4:"), e.getMessage());
  }

  @Test
  void datasetRuleNeedsItsCheckFields(@TempDir Path dir) throws Exception {
    write(dir, "dataset.yaml", """
        scope: dataset
        rules:
          - id: DS09
            severity: WARNING
            title: t
            check: allowed_values
            table: forloeb
            column: region_ans
            message_da: d
            message_en: e
            source: test
        """);
    List<RuleSet.Problem> problems = lint(dir);
    assertTrue(problems.stream().anyMatch(p -> p.line() == 3 && p.reason().contains("values")),
        problems.toString());
  }

  @Test
  void parametersAndValidityAreApplied() {
    Rule rule = new Rule("VR20", Severity.WARNING, Scope.PATHWAY, "t", "days_open > ${max} and x in (${codes})"
        + " and d > ${cutoff_date}", "over ${max} dage", "e", LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31),
        Map.of("max", 180, "codes", List.of("a", "b'c")), "s", null, null, null, null, null, null, "f", 1);
    assertEquals("days_open > 180 and x in ('a', 'b\\'c') and d > DATE'2020-06-01'",
        rule.expression(Map.of("cutoff_date", "DATE'2020-06-01'")));
    assertEquals("over 180 dage", rule.message(rule.messageDa(), Map.of()));
    assertTrue(rule.validOn(LocalDate.of(2020, 12, 31)));
    assertTrue(!rule.validOn(LocalDate.of(2021, 1, 1)));
    assertTrue(!rule.validOn(LocalDate.of(2019, 12, 31)));
  }
}
