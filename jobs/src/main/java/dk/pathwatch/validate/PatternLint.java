package dk.pathwatch.validate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks the pattern of a regular-expression or LIKE test in a rule. Java's regex engine backtracks, so a pattern
 * can take exponential time on a long value ({@code (a+)+b} against a 120,000-character code): a rule's pattern
 * must be short, must compile, and must avoid the constructs that backtrack badly — a repeated group that itself
 * repeats or alternates, back-references, and more than {@link #MAX_UNBOUNDED} unbounded repetitions
 * ({@code *}, {@code +}, <code>{n,}</code>). Spark turns a LIKE pattern into a regex with {@code .*} per
 * {@code %}, so LIKE is held to at most {@link #MAX_UNBOUNDED} {@code %}.
 */
final class PatternLint {
  static final int MAX_PATTERN_CHARS = 200;
  static final int MAX_UNBOUNDED = 2;

  private PatternLint() {}

  /** Problems of a regular expression, empty when it may be used. */
  static List<String> regex(String pattern) {
    List<String> problems = new ArrayList<>();
    if (pattern.length() > MAX_PATTERN_CHARS) {
      problems.add("the pattern is " + pattern.length() + " characters long (at most " + MAX_PATTERN_CHARS + ")");
      return problems;
    }
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      problems.add("the pattern is not a valid regular expression: " + e.getDescription());
      return problems;
    }
    new Scan(pattern, problems).run();
    return problems;
  }

  /** Problems of a LIKE pattern ({@code %} any text, {@code _} one character). */
  static List<String> like(String pattern) {
    List<String> problems = new ArrayList<>();
    if (pattern.length() > MAX_PATTERN_CHARS) {
      problems.add("the pattern is " + pattern.length() + " characters long (at most " + MAX_PATTERN_CHARS + ")");
    }
    long wildcards = pattern.chars().filter(c -> c == '%').count();
    if (wildcards > MAX_UNBOUNDED) {
      problems.add("the LIKE pattern has " + wildcards + " '%' (at most " + MAX_UNBOUNDED + ")");
    }
    return problems;
  }

  /** One pass over the pattern tracking groups; character classes and escapes are skipped. */
  private static final class Scan {
    private final String p;
    private final List<String> problems;
    private final Deque<boolean[]> groups = new ArrayDeque<>(); // per open group: {repeats inside, alternates}
    private int unbounded;
    private int i;

    Scan(String pattern, List<String> problems) {
      this.p = pattern;
      this.problems = problems;
    }

    void run() {
      groups.push(new boolean[2]);
      while (i < p.length()) {
        char c = p.charAt(i);
        switch (c) {
          case '\\' -> escape();
          case '[' -> skipClass();
          case '(' -> {
            groups.push(new boolean[2]);
            i += p.startsWith("(?", i) ? 2 : 1; // (?:, (?=, (?i) …: the ? is group syntax, not a repetition
          }
          case ')' -> closeGroup();
          case '|' -> {
            groups.peek()[1] = true;
            i++;
          }
          case '*', '+', '?', '{' -> quantifier(c);
          default -> i++;
        }
      }
      if (unbounded > MAX_UNBOUNDED) {
        problems.add("the pattern repeats without bound " + unbounded + " times (*, + or {n,}; at most "
            + MAX_UNBOUNDED + "): it can take very long on long values");
      }
    }

    private void escape() {
      char next = i + 1 < p.length() ? p.charAt(i + 1) : ' ';
      if ((next >= '1' && next <= '9') || next == 'k') {
        problems.add("back-references (\\1, \\k<name>) are not allowed: they can take exponential time");
      }
      if (next == 'Q') { // quoted text up to \E
        int end = p.indexOf("\\E", i + 2);
        i = end < 0 ? p.length() : end + 2;
        return;
      }
      i += 2;
    }

    private void skipClass() {
      int depth = 0;
      while (i < p.length()) {
        char c = p.charAt(i);
        if (c == '\\') {
          i += 2;
          continue;
        }
        if (c == '[') {
          depth++;
        } else if (c == ']' && --depth == 0) {
          i++;
          return;
        }
        i++;
      }
    }

    private void closeGroup() {
      boolean[] inner = groups.size() > 1 ? groups.pop() : new boolean[2];
      i++;
      boolean repeated = i < p.length() && (p.charAt(i) == '*' || p.charAt(i) == '+' || p.charAt(i) == '{');
      if (repeated && (inner[0] || inner[1])) {
        problems.add("a repeated group that itself repeats or alternates (e.g. (a+)+ or (a|b)*) can take "
            + "exponential time");
      }
      groups.peek()[0] |= inner[0];
    }

    private void quantifier(char c) {
      boolean lazyOrPossessive = (c == '?' || c == '+') && i > 0 && "*+?}".indexOf(p.charAt(i - 1)) >= 0;
      if (lazyOrPossessive) {
        i++;
        return;
      }
      if (c == '{') {
        int end = p.indexOf('}', i);
        String bounds = end < 0 ? "" : p.substring(i + 1, end);
        if (!bounds.matches("\\d+(,\\d*)?")) {
          i++; // a literal brace
          return;
        }
        if (bounds.endsWith(",")) {
          unbounded++;
        }
        i = end + 1;
      } else {
        if (c != '?') {
          unbounded++;
        }
        i++;
      }
      groups.peek()[0] = true;
    }
  }
}
