package dk.pathwatch.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allow-list of rule expressions, construct by construct: what a rule may say passes; everything else is refused
 * with a reason, without data and without a SparkSession.
 */
class ExpressionLintTest {
  private static final Set<String> COLUMNS = Scope.MARKER.columns();

  private static List<String> problems(String sql) {
    return ExpressionLint.problems(sql, COLUMNS);
  }

  @Test
  void everyBundledRuleIsWithinTheAllowList() {
    RuleSet set = RuleSet.load(RuleSet.rulesFolder(null));
    java.util.Map<String, String> params = new dk.pathwatch.common.RunParameters(java.time.LocalDate.of(2025, 3, 31),
        java.time.LocalDate.of(2025, 3, 31)).sqlParameters();
    int checked = 0;
    for (Rule rule : set.rules()) {
      if (rule.scope() != Scope.DATASET) {
        assertEquals(List.of(), ExpressionLint.problems(rule.expression(params), rule.scope().columns()), rule.id());
        checked++;
      }
    }
    assertTrue(checked > 40, "all row rules checked: " + checked);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not known_code and code rlike '^AF(B[0-9]{2}[CFX]?|A01X?|D01X?)$'",
      "dato_markoer > date'2025-03-31' and dato_markoer <= date_add(episode_start, 30)",
      "coalesce(trim(cpr_encrypted), '') = '' or length(code) between 5 and 8",
      "case when point in ('A', 'B') then dup_rank > 1 else false end",
      "cast(substring(code, 4, 2) as int) % 2 = 0 and not (region_ans <=> '1081')",
      "upper(code) like 'AFB%' and year(dato_markoer) - 2000 >= -1 * 3",
      "if(time_valid, tidspunkt_markoer, '00:00') || ':00' = time_of_day",
      "regexp_extract(code, '^AF([A-Z])', 1) = 'B' and trim(both ' ' from markoer) <> code",
      "datediff(dato_markoer, person_death_date) > 0 and position('V' in code) = 3"})
  void allowedConstructsPass(String sql) {
    assertEquals(List.of(), problems(sql));
  }

  /** Every construct a rule may not use, with (part of) the reason lint gives; shared with {@link UnsafeRulesTest}. */
  static Stream<Arguments> refusedConstructs() {
    return Stream.of(
        Arguments.of("reflect('java.lang.System', 'getenv', 'PATHWATCH_DB_PASSWORD') is not null",
            "function reflect calls Java methods"),
        Arguments.of("java_method('java.lang.System', 'exit', 0) = 0",
            "function java_method calls Java methods"),
        Arguments.of("system.builtin.reflect('java.lang.Thread', 'sleep', 1000L) is null",
            "qualified names"),
        Arguments.of("my_udf(code) = 1",
            "function my_udf is not one of the functions"),
        Arguments.of("default.my_udf(code) = 1",
            "qualified names"),
        Arguments.of("identifier('reflect')('a', 'b') is null",
            "is not allowed in a rule"),
        Arguments.of("rand() > 0.5",
            "function rand is not deterministic"),
        Arguments.of("uuid() = code",
            "function uuid is not deterministic"),
        Arguments.of("dato_markoer > current_date()",
            "function current_date is not deterministic"),
        Arguments.of("dato_markoer > current_date",
            "current_date is not deterministic"),
        Arguments.of("dato_markoer > now()",
            "function now is not deterministic"),
        Arguments.of("current_user = 'x'",
            "current_user is not deterministic"),
        Arguments.of("input_file_name() like '%x%'",
            "function input_file_name is not deterministic"),
        Arguments.of("monotonically_increasing_id() > 1",
            "function monotonically_increasing_id is not deterministic"),
        Arguments.of("code = (select max(code) from markers)",
            "subqueries are not allowed"),
        Arguments.of("code in (select code from markers)",
            "subqueries are not allowed"),
        Arguments.of("exists (select 1)",
            "subqueries are not allowed"),
        Arguments.of("exists(array(1), x -> x > dup_rank)",
            "lambda functions"),
        Arguments.of("count(distinct code) over (partition by family) > 1",
            "window functions"),
        Arguments.of("count(distinct code) > 1",
            "function count is not one of the functions"),
        Arguments.of("raise_error('boom') is null",
            "stops the job"),
        Arguments.of("xpath_string('<a>b</a>', 'a') = code",
            "parses documents"),
        Arguments.of("length(repeat(code, 1000000000)) > 0",
            "can build values"),
        Arguments.of("size(sequence(1, 1000000000)) > 0",
            "can build values"),
        Arguments.of("code rlike markoer",
            "must be a text literal"),
        Arguments.of("regexp_replace(code, suffix, '') = ''",
            "must be a text literal"),
        Arguments.of("code rlike '(a+)+b'",
            "repeated group"),
        Arguments.of("code rlike '(a|aa)*b'",
            "repeated group"),
        Arguments.of("code rlike '(.)\\\\1'",
            "back-references"),
        Arguments.of("code rlike '.*a.*b.*c'",
            "repeats without bound 3 times"),
        Arguments.of("code rlike '[unclosed'",
            "not a valid regular expression"),
        Arguments.of("code like '%a%b%c%'",
            "'%' (at most 2)"),
        Arguments.of("knwon_code and dup_rank > 1",
            "unknown column(s) [knwon_code]"),
        Arguments.of("known_code = = 1",
            "Spark cannot parse"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedConstructs")
  void refusedConstructsSayWhy(String sql, String reason) {
    List<String> problems = problems(sql);
    assertTrue(problems.stream().anyMatch(p -> p.contains(reason)), sql + " -> " + problems);
  }

  @Test
  void aTooLongPatternIsRefused() {
    String pattern = "^(" + "A".repeat(PatternLint.MAX_PATTERN_CHARS) + ")$";
    assertTrue(problems("code rlike '" + pattern + "'").stream().anyMatch(p -> p.contains("characters long (at most "
        + PatternLint.MAX_PATTERN_CHARS + ")")), pattern);
  }

  @Test
  void sizeIsBounded() {
    String longText = "code = '" + "x".repeat(ExpressionLint.MAX_CHARS) + "'";
    assertTrue(problems(longText).get(0).contains("characters long"), longText.length() + " chars");

    StringBuilder manyParts = new StringBuilder("code in ('A0'");
    for (int i = 1; i < ExpressionLint.MAX_NODES; i++) {
      manyParts.append(",'A").append(i).append('\'');
    }
    String inList = manyParts.append(')').toString();
    assertTrue(inList.length() <= ExpressionLint.MAX_CHARS, "the node limit is what refuses it");
    assertTrue(problems(inList).stream().anyMatch(p -> p.contains("parts (at most " + ExpressionLint.MAX_NODES)),
        problems(inList).toString());

    String deepParens = "(".repeat(ExpressionLint.MAX_DEPTH + 1) + "known_code" + ")".repeat(ExpressionLint.MAX_DEPTH + 1);
    assertTrue(problems(deepParens).get(0).contains("nests parentheses deeper than"), problems(deepParens).toString());

    String deepNots = "not ".repeat(ExpressionLint.MAX_DEPTH + 1) + "known_code";
    assertTrue(problems(deepNots).stream().anyMatch(p -> p.contains("levels deep")), problems(deepNots).toString());
  }

  @Test
  void aParameterValueCannotSmuggleSparkVariables() {
    // Spark's session parser would replace ${env:...} inside a literal with the environment variable
    assertTrue(problems("code = '${env:PATHWATCH_DB_PASSWORD}'").get(0).contains("may not contain '${'"));
  }

  @Test
  void theCheckedTreeIsReturnedForEvaluation() {
    ExpressionLint.Checked checked = ExpressionLint.check("dup_rank > 1", COLUMNS);
    assertTrue(checked.ok());
    assertNotNull(checked.expression());
    assertEquals("('dup_rank > 1)", checked.expression().toString());
  }

  /** validation-rules/README.md lists the allow-list for rule authors: it must list exactly what the code allows. */
  @Test
  void theRuleAuthorsReadmeListsEveryAllowedFunction() throws Exception {
    List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
        System.getProperty("pathwatch.home", ".."), "validation-rules", "README.md"));
    for (var kind : AllowedFunctions.BY_KIND.entrySet()) {
      int first = lines.stream().map(String::strip).toList().indexOf(lines.stream().map(String::strip)
          .filter(l -> l.startsWith("* " + kind.getKey() + ":")).findFirst().orElse("(missing)"));
      assertTrue(first >= 0, "no line '* " + kind.getKey() + ":' in validation-rules/README.md");
      StringBuilder listed = new StringBuilder(lines.get(first));
      for (int i = first + 1; i < lines.size() && lines.get(i).startsWith("    "); i++) {
        listed.append(lines.get(i)); // continuation lines of the item
      }
      List<String> names = new java.util.ArrayList<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([a-z_0-9]+)`").matcher(listed);
      while (m.find()) {
        names.add(m.group(1));
      }
      assertEquals(kind.getValue(), names, "functions of kind " + kind.getKey() + " in validation-rules/README.md");
    }
  }

  @Test
  void everyAllowedFunctionIsASparkBuiltin() {
    for (List<String> names : AllowedFunctions.BY_KIND.values()) {
      for (String name : names) {
        assertTrue(FunctionRegistry$.MODULE$.builtin().functionExists(FunctionIdentifier.apply(name)), name);
      }
    }
  }
}
