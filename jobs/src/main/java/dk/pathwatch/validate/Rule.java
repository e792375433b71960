package dk.pathwatch.validate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One rule of a rule file. Row rules (scopes marker … clock) carry {@code when}, a Spark SQL expression
 * that is true for a violation; dataset rules carry a Deequ {@code check} on a {@code table} instead.
 * {@code file} and {@code line} say where the rule was written, for messages.
 */
public record Rule(
    String id,
    Severity severity,
    Scope scope,
    String title,
    String when,
    String messageDa,
    String messageEn,
    LocalDate validFrom,
    LocalDate validTo,
    Map<String, Object> params,
    String source,
    String check,
    String table,
    String column,
    List<String> values,
    Double min,
    Double maxDropShare,
    String file,
    int line) {

  /** {@code ${name}}: a parameter placeholder. */
  public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  public Rule {
    params = params == null ? Map.of() : params;
    values = values == null ? List.of() : values;
  }

  /** Whether the rule applies to a run with this cut-off date (open bounds always apply). */
  public boolean validOn(LocalDate cutoff) {
    return (validFrom == null || !cutoff.isBefore(validFrom)) && (validTo == null || !cutoff.isAfter(validTo));
  }

  /**
   * The {@code when} expression with every placeholder replaced: first the rule's own parameters (rendered as
   * SQL literals), then {@code runParameters} (already SQL literals).
   *
   * @throws IllegalArgumentException naming the placeholder when one is unknown
   */
  public String expression(Map<String, String> runParameters) {
    return substitute(when, name -> {
      if (params.containsKey(name)) {
        return sqlLiteral(params.get(name));
      }
      return runParameters.get(name);
    });
  }

  /** A message with the rule's parameters (and the extra values given) filled in as plain text. */
  public String message(String template, Map<String, String> extra) {
    return substitute(template, name -> {
      if (extra.containsKey(name)) {
        return extra.get(name);
      }
      return params.containsKey(name) ? plainText(params.get(name)) : null;
    });
  }

  /** Placeholder names used in a text, in order of appearance. */
  public static List<String> placeholders(String text) {
    Matcher m = PLACEHOLDER.matcher(text == null ? "" : text);
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static String substitute(String text, java.util.function.Function<String, String> lookup) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = lookup.apply(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("unknown parameter ${" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Numbers and booleans as they are, strings quoted, lists as a comma-separated list for {@code in (...)}. */
  static String sqlLiteral(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(Rule::sqlLiteral).collect(Collectors.joining(", "));
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return "'" + value.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static String plainText(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(Rule::plainText).collect(Collectors.joining(", "));
    }
    return value.toString();
  }
}
