package dk.pathwatch.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatternLintTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "^AF(B[0-9]{2}[CFX]?|A01X?|D01X?)$", // the shipped rules' patterns
      "^AF(A01|D01|B(0[1-9]|[12][0-9]|3[0-3]))$",
      "^AFV0(2[KLM]?|3A?)$",
      "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
      "[(+*]{2}\\(x\\)+", // brackets, escapes and a class holding ( and + are not groups or repetitions
      "\\Q(a+)+\\E$", // quoted text
      "(?i)^afb[0-9]+$",
      "^(AB)+$", // a repeated group of plain text
      "[0-9]+-[0-9]+"})
  void safePatternsPass(String pattern) {
    assertEquals(List.of(), PatternLint.regex(pattern), pattern);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a+)+$", "(a*)*", "([0-9]?){5,}", "(a|b)*c", "((ab)+)+", "(?:x+)+y"})
  void nestedRepetitionIsRefused(String pattern) {
    assertTrue(PatternLint.regex(pattern).stream().anyMatch(p -> p.contains("repeated group")), pattern);
  }

  @Test
  void backReferencesUnboundedRepetitionAndLengthAreBounded() {
    assertTrue(PatternLint.regex("(a)\\1").get(0).contains("back-references"));
    assertTrue(PatternLint.regex("(?<x>a)\\k<x>").get(0).contains("back-references"));
    assertTrue(PatternLint.regex("a.*b.*c{2,}").get(0).contains("3 times"));
    assertTrue(PatternLint.regex("x".repeat(PatternLint.MAX_PATTERN_CHARS + 1)).get(0).contains("characters long"));
    assertTrue(PatternLint.regex("(").get(0).contains("not a valid regular expression"));
  }

  @Test
  void likePatternsAreBounded() {
    assertEquals(List.of(), PatternLint.like("AFB%X_"));
    assertTrue(PatternLint.like("%a%b%").get(0).contains("'%' (at most 2)"));
    assertTrue(PatternLint.like("_".repeat(PatternLint.MAX_PATTERN_CHARS + 1)).get(0).contains("characters long"));
  }
}
