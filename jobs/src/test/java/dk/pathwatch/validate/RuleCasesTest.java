package dk.pathwatch.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped row rule fires on its bad fixture row and stays silent on its good one. The bundled rule set is
 * evaluated once per scope over the fixtures of {@link RuleFixtures}; each case names the labels of its rows.
 */
class RuleCasesTest {
  private static RuleSet rules;
  /** scope → label → broken rule ids. */
  private static final Map<Scope, Map<String, List<String>>> BROKEN = new HashMap<>();

  @BeforeAll
  static void evaluateAllScopes() {
    rules = RuleSet.load(RuleSet.rulesFolder(null));
    BROKEN.put(Scope.MARKER, broken(RuleFixtures.markerView(), Scope.MARKER, "lprindberetningssystem"));
    BROKEN.put(Scope.EPISODE, broken(RuleFixtures.episodeScope(), Scope.EPISODE, "dw_ek_forloeb"));
    BROKEN.put(Scope.PATHWAY, broken(RuleFixtures.rows(RuleFixtures.goodPathway(), "pathway_id", pathwayVariants()),
        Scope.PATHWAY, "pathway_id"));
    BROKEN.put(Scope.CLOCK, broken(RuleFixtures.rows(RuleFixtures.goodClock(), "clock_id", clockVariants()),
        Scope.CLOCK, "clock_id"));
  }

  private static Map<String, List<String>> broken(Dataset<Row> table, Scope scope, String label) {
    Dataset<Row> checked = ScopeEvaluator.evaluate(table, scope, rules, RuleFixtures.RUN);
    Map<String, List<String>> byLabel = new HashMap<>();
    for (Row r : checked.select(label, ScopeEvaluator.BROKEN_RULES).collectAsList()) {
      byLabel.put(r.getString(0), r.getList(1));
    }
    return byLabel;
  }

  private static Map<String, Map<String, String>> pathwayVariants() {
    Map<String, Map<String, String>> v = new LinkedHashMap<>();
    v.put("clean", Map.of());
    v.put("VR12-bad", Map.of("orphan", "true"));
    v.put("VR13-bad", Map.of("restarted", "true"));
    v.put("VR14-bad", Map.of("date_c", "date'2025-01-04'"));
    v.put("VR14-good", Map.of("date_c", "date'2025-01-05'", "date_b", "date'2025-01-05'"));
    v.put("VR14-bad-flag", Map.of("chronology_broken", "true"));
    v.put("VR15-bad", Map.of("has_b", "false", "date_b", "cast(null as date)"));
    v.put("VR15-good", Map.of("has_b", "false", "date_b", "cast(null as date)", "date_f", "cast(null as date)"));
    v.put("VR16-bad", Map.of("has_c1", "false", "date_c1", "cast(null as date)"));
    v.put("VR16-good", Map.of("has_c1", "false", "date_c1", "cast(null as date)", "date_f", "cast(null as date)"));
    v.put("VR17-bad", Map.of("c2_before_f", "true"));
    v.put("VR18-bad", Map.of("x1_after_f", "true", "date_x", "date'2025-02-01'", "end_code", "'AFB01X1'"));
    v.put("VR19-bad", Map.of("x1_after_c1", "true"));
    v.put("VR20-bad", Map.of("date_f", "cast(null as date)", "days_open", "181", "open_at_cutoff", "true"));
    v.put("VR20-good", Map.of("date_f", "cast(null as date)", "days_open", "180", "open_at_cutoff", "true"));
    // a pathway closed by a new A is not open, however long ago its A was (it is VR13)
    v.put("VR20-good-restarted", Map.of("date_f", "cast(null as date)", "date_a", "date'2024-09-30'",
        "date_b", "date'2024-10-01'", "date_c", "date'2024-10-02'", "restarted", "true"));
    v.put("VR20-good-closed", Map.of("date_f", "cast(null as date)", "days_open", "400",
        "date_x", "date'2025-03-01'"));
    v.put("VR21-bad", Map.of("modality_tie", "true"));
    v.put("VR22-bad", Map.of("family", "'AFB13'", "pathway", "'AFB13'", "urinary_sub_missing", "true"));
    v.put("VR22-bad-conflict", Map.of("family", "'AFB13'", "pathway", "'AFB14'", "urinary_sub_conflict", "true"));
    // no sub-pathway named, but no treatment yet either: nothing to pair
    v.put("VR22-good-untreated", Map.of("family", "'AFB13'", "pathway", "'AFB13'", "urinary_sub_missing", "true",
        "date_f", "cast(null as date)", "date_c", "cast(null as date)", "date_c1", "cast(null as date)"));
    v.put("VR22-good", Map.of("family", "'AFB13'", "pathway", "'AFB14'"));
    v.put("VR25-bad", Map.of("max_period_days", "366"));
    v.put("VR25-good", Map.of("max_period_days", "365"));
    v.put("VR25-bad-of4", Map.of("days_of4", "91", "standard_days_of4", "30"));
    v.put("VR25-good-of4", Map.of("days_of4", "90", "standard_days_of4", "30"));
    v.put("VR29-bad", Map.of("standard_days_of4", "cast(null as int)", "no_standard_indicators", "array('OF4')"));
    v.put("VR29-bad-df3", Map.of("no_standard_indicators", "array('DF3')"));
    v.put("VR29-good", Map.of("standard_days_of4", "cast(null as int)", "days_of4", "cast(null as int)",
        "date_f", "cast(null as date)"));
    v.put("VR39-bad", Map.of("spans_go_live", "true"));
    v.put("VR40-bad", Map.of("family", "'AFD01'", "pathway", "'AFD01'", "date_a", "date'2022-06-30'",
        "date_b", "date'2022-07-01'", "date_c", "cast(null as date)", "date_c1", "cast(null as date)",
        "date_f", "cast(null as date)", "date_x", "date'2022-07-20'", "days_of4", "cast(null as int)"));
    v.put("VR40-good", Map.of("family", "'AFD01'", "pathway", "'AFD01'", "date_a", "date'2022-07-01'",
        "date_b", "date'2022-07-01'", "date_c", "cast(null as date)", "date_c1", "cast(null as date)",
        "date_f", "cast(null as date)", "date_x", "date'2022-07-20'", "days_of4", "cast(null as int)"));
    return v;
  }

  private static Map<String, Map<String, String>> clockVariants() {
    Map<String, Map<String, String>> v = new LinkedHashMap<>();
    v.put("clean", Map.of());
    v.put("VR32-bad", Map.of("raw_days", "15", "net_days", "15", "category", "'regler_ikke_overholdt'"));
    v.put("VR32-good", Map.of("raw_days", "20", "pause_days", "6", "net_days", "14",
        "category", "'overskredet_regler_overholdt'"));
    v.put("VR32-bad-waiting", Map.of("date_stop", "cast(null as date)", "still_waiting", "true",
        "category", "'igangvaerende'"));
    v.put("VR33-bad", Map.of("rule", "'HEN'", "max_days", "28", "raw_days", "29", "net_days", "29"));
    v.put("VR33-good", Map.of("rule", "'HEN'", "max_days", "28", "raw_days", "28", "net_days", "28"));
    v.put("VR33-bad-beh", Map.of("rule", "'BEH'", "raw_days", "15", "net_days", "15"));
    v.put("VR34-bad", Map.of("rule", "'EFT'", "raw_days", "15", "net_days", "15"));
    v.put("VR34-good", Map.of("rule", "'EFT'", "raw_days", "14", "net_days", "14"));
    v.put("VR35-UNCLOSED-bad", Map.of("unclosed_pause", "true"));
    // still running at the cut-off: the pause may still end
    v.put("VR35-UNCLOSED-good-running", Map.of("unclosed_pause", "true", "date_stop", "cast(null as date)",
        "still_waiting", "true", "raw_days", "cast(null as int)", "net_days", "cast(null as int)",
        "category", "'igangvaerende'"));
    v.put("VR35-UNCLOSED-bad-ended", Map.of("unclosed_pause", "true", "date_stop", "cast(null as date)",
        "date_end", "date'2025-01-11'", "end_code", "'AFV01X2'", "raw_days", "cast(null as int)",
        "net_days", "cast(null as int)", "category", "'afsluttet'"));
    v.put("VR35-OVERLAP-bad", Map.of("overlapping_pauses", "true"));
    v.put("VR38-bad", Map.of("limit_missing", "true", "max_days", "cast(null as int)"));
    v.put("PW01-bad", Map.of("ignored_starts", "1"));
    v.put("PW03-bad", Map.of("rule", "'EFT'", "single_start", "true"));
    v.put("PW04-bad", Map.of("stray_stop", "true", "rule", "cast(null as string)", "date_start", "cast(null as date)",
        "date_stop", "cast(null as date)", "raw_days", "cast(null as int)", "net_days", "cast(null as int)",
        "max_days", "cast(null as int)", "category", "cast(null as string)", "markoer", "'AFV01B'"));
    v.put("PW05-bad", Map.of("region_bopael_invalid", "true"));
    return v;
  }

  /** (scope, rule id, bad label, good label). */
  static Stream<Arguments> cases() {
    return Stream.of(
        c(Scope.MARKER, "VR01", "VR01-bad", "clean"),
        c(Scope.MARKER, "VR01", "VR01-CASE-bad", "clean"),
        c(Scope.MARKER, "VR01-CASE", "VR01-CASE-bad", "VR01-bad"),
        c(Scope.MARKER, "VR01-CASE", "VR01-CASE-bad-space", "clean"),
        // a space-padded code of a real pathway number names its reason once (VR01-CASE), not as VR03
        c(Scope.MARKER, "VR03", "VR03-bad", "VR01-CASE-bad-space"),
        c(Scope.MARKER, "VR02", "VR02-bad", "VR02-good"),
        c(Scope.MARKER, "VR03", "VR03-bad", "VR03-good"),
        c(Scope.MARKER, "VR04", "VR04-bad", "clean"),
        c(Scope.MARKER, "VR04-TIME", "VR04-TIME-bad", "VR04-TIME-good"),
        c(Scope.MARKER, "VR05", "VR05-bad", "VR05-good"),
        c(Scope.MARKER, "VR05-EARLY", "VR05-EARLY-bad", "VR05-EARLY-good"),
        c(Scope.MARKER, "VR06", "VR06-bad", "clean"),
        c(Scope.MARKER, "VR07", "VR07-bad", "clean"),
        c(Scope.MARKER, "VR09", "VR09-bad", "clean"),
        c(Scope.MARKER, "VR11", "VR11-bad", "VR11-good"),
        // VR06-bad (no episode) and VR07-bad (no cpr) share code, date and time: unknown persons are not one
        c(Scope.MARKER, "VR11", "VR11-bad", "VR06-bad"),
        c(Scope.MARKER, "VR11", "VR11-bad", "VR07-bad"),
        c(Scope.MARKER, "VR11", "VR11-bad", "VR11-good-after-excluded"),
        c(Scope.MARKER, "VR11", "VR11-bad", "VR11-good-after-late"),
        c(Scope.MARKER, "VR11", "VR11-bad", "VR11-good-other-episode"),
        c(Scope.MARKER, "VR09", "VR09-bad-first-copy", "VR11-good-after-excluded"),
        c(Scope.MARKER, "VR27", "VR27-bad-first-copy", "VR11-good-after-late"),
        c(Scope.MARKER, "VR24", "VR24-bad", "VR24-good"),
        c(Scope.MARKER, "VR26", "VR26-bad", "VR26-good"),
        c(Scope.MARKER, "VR27", "VR27-bad", "VR27-good"),
        c(Scope.MARKER, "VR36", "VR36-bad", "VR36-good"),
        c(Scope.EPISODE, "VR08", "VR08-bad", "VR08-good"),
        c(Scope.EPISODE, "VR10", "VR10-bad", "VR10-good"),
        c(Scope.EPISODE, "VR23", "VR23-bad", "VR23-good"),
        c(Scope.EPISODE, "PW02", "PW02-bad", "PW02-good"),
        c(Scope.PATHWAY, "VR12", "VR12-bad", "clean"),
        c(Scope.PATHWAY, "VR13", "VR13-bad", "clean"),
        c(Scope.PATHWAY, "VR14", "VR14-bad", "VR14-good"),
        c(Scope.PATHWAY, "VR14", "VR14-bad-flag", "clean"),
        c(Scope.PATHWAY, "VR15", "VR15-bad", "VR15-good"),
        c(Scope.PATHWAY, "VR16", "VR16-bad", "VR16-good"),
        c(Scope.PATHWAY, "VR17", "VR17-bad", "clean"),
        c(Scope.PATHWAY, "VR18", "VR18-bad", "clean"),
        c(Scope.PATHWAY, "VR19", "VR19-bad", "clean"),
        c(Scope.PATHWAY, "VR20", "VR20-bad", "VR20-good"),
        c(Scope.PATHWAY, "VR20", "VR20-bad", "VR20-good-closed"),
        c(Scope.PATHWAY, "VR20", "VR20-bad", "VR20-good-restarted"),
        c(Scope.PATHWAY, "VR21", "VR21-bad", "clean"),
        c(Scope.PATHWAY, "VR22", "VR22-bad", "VR22-good"),
        c(Scope.PATHWAY, "VR22", "VR22-bad-conflict", "VR22-good-untreated"),
        c(Scope.PATHWAY, "VR25", "VR25-bad", "VR25-good"),
        c(Scope.PATHWAY, "VR25", "VR25-bad-of4", "VR25-good-of4"),
        c(Scope.PATHWAY, "VR29", "VR29-bad", "VR29-good"),
        c(Scope.PATHWAY, "VR29", "VR29-bad-df3", "clean"),
        c(Scope.PATHWAY, "VR39", "VR39-bad", "clean"),
        c(Scope.PATHWAY, "VR40", "VR40-bad", "VR40-good"),
        c(Scope.CLOCK, "VR32", "VR32-bad", "VR32-good"),
        c(Scope.CLOCK, "VR32", "VR32-bad-waiting", "VR33-bad-beh"),
        c(Scope.CLOCK, "VR33", "VR33-bad", "VR33-good"),
        c(Scope.CLOCK, "VR33", "VR33-bad-beh", "VR32-bad"),
        c(Scope.CLOCK, "VR34", "VR34-bad", "VR34-good"),
        c(Scope.CLOCK, "VR35-UNCLOSED", "VR35-UNCLOSED-bad", "clean"),
        c(Scope.CLOCK, "VR35-UNCLOSED", "VR35-UNCLOSED-bad", "VR35-UNCLOSED-good-running"),
        c(Scope.CLOCK, "VR35-UNCLOSED", "VR35-UNCLOSED-bad-ended", "clean"),
        c(Scope.CLOCK, "VR35-OVERLAP", "VR35-OVERLAP-bad", "clean"),
        c(Scope.CLOCK, "VR38", "VR38-bad", "clean"),
        c(Scope.CLOCK, "PW01", "PW01-bad", "clean"),
        c(Scope.CLOCK, "PW03", "PW03-bad", "clean"),
        c(Scope.CLOCK, "PW04", "PW04-bad", "clean"),
        c(Scope.CLOCK, "VR38", "VR38-bad", "PW04-bad"),
        c(Scope.CLOCK, "PW05", "PW05-bad", "clean"));
  }

  private static Arguments c(Scope scope, String rule, String bad, String good) {
    return Arguments.of(scope, rule, bad, good);
  }

  @ParameterizedTest(name = "{1} fires on {2}, silent on {3}")
  @MethodSource("cases")
  void ruleFiresOnBadRowOnly(Scope scope, String ruleId, String bad, String good) {
    Map<String, List<String>> broken = BROKEN.get(scope);
    assertNotNull(broken.get(bad), "fixture row " + bad + " missing");
    assertNotNull(broken.get(good), "fixture row " + good + " missing");
    assertTrue(broken.get(bad).contains(ruleId), ruleId + " should fire on " + bad + ": " + broken.get(bad));
    assertFalse(broken.get(good).contains(ruleId), ruleId + " should be silent on " + good + ": " + broken.get(good));
  }

  @Test
  void cleanRowsBreakNothing() {
    for (Scope scope : List.of(Scope.MARKER, Scope.PATHWAY, Scope.CLOCK)) {
      assertEquals(List.of(), BROKEN.get(scope).get("clean"), scope + " clean row");
    }
  }

  @Test
  void everyShippedRowRuleHasACase() {
    Set<String> tested = cases().map(a -> (String) a.get()[1]).collect(Collectors.toCollection(TreeSet::new));
    Set<String> shipped = rules.rules().stream().filter(r -> r.scope() != Scope.DATASET).map(Rule::id)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(shipped, tested);
  }
}
