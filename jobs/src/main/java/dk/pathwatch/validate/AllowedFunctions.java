package dk.pathwatch.validate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Spark SQL functions a rule's {@code when} may call: an allow-list, so that a function Spark adds in a later
 * version, or one this list forgot, is refused rather than run. Everything here is deterministic, reads nothing
 * but its arguments and produces a value of about the size of its input (no {@code repeat}, {@code lpad},
 * {@code sequence}, which can build values of any size). Patterns of the regular-expression and LIKE functions
 * are checked by {@link PatternLint}.
 */
final class AllowedFunctions {
  /** By kind, for the README and for messages; names in lower case as Spark registers them. */
  static final Map<String, List<String>> BY_KIND = byKind();

  /** Functions whose argument {@link #PATTERN_ARGUMENT} is a regular expression. */
  static final Set<String> REGEX_FUNCTIONS = Set.of("rlike", "regexp", "regexp_like", "regexp_extract",
      "regexp_replace", "regexp_count", "regexp_instr", "regexp_substr");
  /** Functions whose argument {@link #PATTERN_ARGUMENT} is a LIKE pattern. */
  static final Set<String> LIKE_FUNCTIONS = Set.of("like", "ilike");
  /** Position of the pattern among the arguments of a regex or LIKE function. */
  static final int PATTERN_ARGUMENT = 1;

  /** Why some well-known functions are refused, so that the message says more than "not allowed". */
  private static final Map<String, String> REFUSED_BECAUSE = refusedBecause();

  private static final Set<String> ALLOWED = BY_KIND.values().stream().flatMap(List::stream)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private AllowedFunctions() {}

  static boolean allowed(String name) {
    return ALLOWED.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The reason a function (or a bare name such as {@code current_date}) is refused. */
  static String whyRefused(String name) {
    return REFUSED_BECAUSE.getOrDefault(name.toLowerCase(Locale.ROOT),
        "is not one of the functions a rule may use (see validation-rules/README.md)");
  }

  /** Names that Spark reads as a function even without parentheses ({@code current_date}): never a column. */
  static boolean isNonDeterministicName(String name) {
    return REFUSED_BECAUSE.getOrDefault(name.toLowerCase(Locale.ROOT), "").contains("deterministic");
  }

  private static Map<String, List<String>> byKind() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("null", List.of("coalesce", "ifnull", "nvl", "nvl2", "nullif", "isnull", "isnotnull", "isnan", "nanvl"));
    m.put("conditional", List.of("if", "greatest", "least"));
    m.put("string", List.of("length", "char_length", "character_length", "trim", "ltrim", "rtrim", "btrim",
        "upper", "lower", "ucase", "lcase", "substring", "substr", "left", "right", "concat", "concat_ws",
        "startswith", "endswith", "contains", "instr", "locate", "position", "replace", "translate", "initcap",
        "split_part"));
    m.put("regex", List.of("rlike", "regexp", "regexp_like", "regexp_extract", "regexp_replace", "regexp_count",
        "regexp_instr", "regexp_substr", "like", "ilike"));
    m.put("date", List.of("date", "to_date", "datediff", "date_diff", "date_add", "date_sub", "dateadd",
        "add_months", "months_between", "year", "month", "day", "dayofmonth", "dayofweek", "dayofyear", "weekday",
        "weekofyear", "quarter", "last_day", "next_day", "trunc", "date_trunc", "make_date", "extract", "date_part",
        "date_format"));
    m.put("number", List.of("abs", "round", "bround", "floor", "ceil", "ceiling", "sign", "signum", "mod", "pmod",
        "int", "bigint", "smallint", "tinyint", "double", "float", "decimal", "string", "boolean"));
    m.put("array", List.of("array", "size", "cardinality", "array_contains", "array_except", "array_intersect",
        "array_union", "arrays_overlap", "array_distinct", "array_position", "element_at", "array_max",
        "array_min"));
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Map<String, String> refusedBecause() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String f : List.of("reflect", "java_method", "try_reflect")) {
      m.put(f, "calls Java methods (reflection): a rule may not run code");
    }
    for (String f : List.of("rand", "randn", "random", "uuid", "shuffle", "current_date", "current_timestamp",
        "now", "localtimestamp", "curdate", "current_timezone", "unix_timestamp", "monotonically_increasing_id",
        "spark_partition_id", "input_file_name", "input_file_block_start", "input_file_block_length",
        "current_user", "user", "session_user", "current_database", "current_catalog", "current_schema",
        "version")) {
      m.put(f, "is not deterministic (same data and rules must give the same result; use ${cutoff_date} or "
          + "${extraction_date} for the run's dates)");
    }
    for (String f : List.of("assert_true", "raise_error")) {
      m.put(f, "stops the job: a rule reports a violation, it does not fail the run");
    }
    for (String f : List.of("xpath", "xpath_boolean", "xpath_double", "xpath_float", "xpath_int", "xpath_long",
        "xpath_number", "xpath_short", "xpath_string", "from_json", "from_csv", "schema_of_json", "schema_of_csv",
        "parse_url", "url_decode", "url_encode")) {
      m.put(f, "parses documents or URLs: not allowed in a rule");
    }
    for (String f : List.of("repeat", "lpad", "rpad", "space", "sequence", "array_repeat", "explode", "posexplode",
        "inline", "stack")) {
      m.put(f, "can build values or rows of any size: not allowed in a rule");
    }
    return m;
  }
}
