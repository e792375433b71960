package dk.pathwatch.report;

import java.util.Comparator;

/** Violations of one rule in one region, now and in the previous run (null when there was none). */
public record RuleCount(String ruleId, String severity, String scope, String messageDa, long count, Long previous) {
  /** The overview's order: by rule id, a finding without one first. */
  public static final Comparator<RuleCount> RULE_ORDER =
      Comparator.comparing(RuleCount::ruleId, Comparator.nullsFirst(Comparator.naturalOrder()));

  /** Change since the previous run, e.g. "+12", "-3", "0", or "ny" when the previous run had no such count. */
  public String change() {
    if (previous == null) {
      return "ny";
    }
    long d = count - previous;
    return d > 0 ? "+" + d : Long.toString(d);
  }

  /** CSS class for the change: "up" (more findings), "down" (fewer) or "". */
  public String trend() {
    if (previous == null || count == previous) {
      return "";
    }
    return count > previous ? "up" : "down";
  }
}
