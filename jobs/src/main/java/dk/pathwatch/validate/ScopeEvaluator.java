package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.RunParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every rule of one scope in a single projection over the scope table, so that the number of rules
 * does not change the number of passes over the data. Adds:
 * <ul>
 *   <li>{@code broken_rules} (array&lt;string&gt;): ids of the rules whose {@code when} is true, in rule-file
 *       order, empty when the row is clean (a {@code when} that is null counts as not broken);</li>
 *   <li>{@code max_severity} (string): the most severe of them, null when clean;</li>
 *   <li>{@code excluded} (boolean): true when an ERROR or BLOCKER rule is broken.</li>
 * </ul>
 * Rules whose {@code valid_from}/{@code valid_to} do not cover the run's cut-off are skipped.
 */
public final class ScopeEvaluator {
  public static final String BROKEN_RULES = "broken_rules";
  public static final String MAX_SEVERITY = "max_severity";
  public static final String EXCLUDED = "excluded";
  private static final Logger LOG = LoggerFactory.getLogger(ScopeEvaluator.class);

  private ScopeEvaluator() {}

  /**
   * @param table the scope table (e.g. the marker view for {@link Scope#MARKER})
   * @return the table with {@code broken_rules}, {@code max_severity}, {@code excluded} added (lazy)
   * @throws PathwatchException RULES_INVALID naming file and line when a rule does not resolve against the
   *     table or is not boolean (found by analysis, before any data is read)
   */
  public static Dataset<Row> evaluate(Dataset<Row> table, Scope scope, RuleSet ruleSet, RunParameters run) {
    List<Rule> rules = ruleSet.active(scope, run.cutoffDate());
    LOG.info("evaluating {} {} rules in one pass (cut-off {})", rules.size(), scope.id(), run.cutoffDate());
    List<Column> conditions = conditions(table, rules, run.sqlParameters());
    // concat of one- or zero-element arrays rather than filtering nulls out of an array: higher-order
    // functions (filter, array_compact) have no generated code and would make every condition interpreted
    Column none = array().cast("array<string>");
    List<Column> flagged = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      flagged.add(when(coalesce(conditions.get(i), lit(false)), array(lit(rules.get(i).id()))).otherwise(none));
    }
    Column broken = rules.isEmpty() ? none : concat(flagged.toArray(Column[]::new));
    return table
        .withColumn(BROKEN_RULES, broken)
        .withColumn(MAX_SEVERITY, maxSeverity(rules))
        .withColumn(EXCLUDED, coalesce(col(MAX_SEVERITY).isin("BLOCKER", "ERROR"), lit(false)));
  }

  /**
   * Whether a row breaks an ERROR or BLOCKER rule of the scope: the {@code excluded} that {@link #evaluate} will
   * give, for a column that must be known before the scope is evaluated (the marker view's {@code dup_rank} ranks
   * only the rows no ERROR rule excludes). False when the scope has no such rule.
   */
  public static Column excludedBy(Dataset<Row> table, Scope scope, RuleSet ruleSet, RunParameters run) {
    List<Rule> excluding = ruleSet.active(scope, run.cutoffDate()).stream()
        .filter(r -> r.severity() == Severity.ERROR || r.severity() == Severity.BLOCKER).toList();
    Column excluded = lit(false);
    for (Column c : conditions(table, excluding, run.sqlParameters())) {
      excluded = excluded.or(coalesce(c, lit(false)));
    }
    return excluded;
  }

  /** Each rule's expression, checked by analysis against the table's columns (no job runs). */
  static List<Column> conditions(Dataset<Row> table, List<Rule> rules, RunParameters run) {
    return conditions(table, rules, run.sqlParameters());
  }

  private static List<Column> conditions(Dataset<Row> table, List<Rule> rules, Map<String, String> runParams) {
    List<Column> conditions = new ArrayList<>();
    for (Rule rule : rules) {
      Column c = new Column(allowed(rule, runParams));
      try {
        StructField field = table.select(c.as("v")).schema().fields()[0];
        if (!field.dataType().equals(DataTypes.BooleanType)) {
          throw new IllegalArgumentException("the expression is " + field.dataType().simpleString()
              + ", not boolean");
        }
      } catch (Exception e) { // AnalysisException is undeclared in Java
        throw new PathwatchException(ExitCodes.RULES_INVALID, rule.file() + ":" + rule.line() + ": " + rule.id()
            + " cannot be evaluated on the " + rule.scope().id() + " table: " + firstLine(e.getMessage()), e);
      }
      conditions.add(c);
    }
    return conditions;
  }

  /**
   * The rule's expression as parsed and checked by {@link ExpressionLint} with this run's parameters: checked again
   * here, not only when the rule files were loaded, and the checked tree itself is what runs (the text is not
   * parsed a second time).
   */
  private static org.apache.spark.sql.catalyst.expressions.Expression allowed(Rule rule,
      Map<String, String> runParams) {
    ExpressionLint.Checked checked = ExpressionLint.check(rule.expression(runParams), rule.scope().columns());
    if (!checked.ok()) {
      throw new PathwatchException(ExitCodes.RULES_INVALID, rule.file() + ":" + rule.line() + ": " + rule.id()
          + ": " + String.join("; ", checked.problems()));
    }
    return checked.expression();
  }

  private static Column maxSeverity(List<Rule> rules) {
    Column result = lit(null).cast("string");
    // built from the least severe up, so the most severe level wins
    for (int level = Severity.values().length - 1; level >= 0; level--) {
      Severity severity = Severity.values()[level];
      Column[] ids = rules.stream().filter(r -> r.severity() == severity).map(r -> lit(r.id()))
          .toArray(Column[]::new);
      if (ids.length > 0) {
        result = when(arrays_overlap(col(BROKEN_RULES), array(ids)), lit(severity.name())).otherwise(result);
      }
    }
    return result;
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message).strip();
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }
}
