package dk.pathwatch.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.collection.JavaConverters;

/**
 * Checks a rule expression without data and without a SparkSession: Spark's own SQL parser must accept it,
 * every column it names must be a column of the scope, and every function must be a Spark built-in.
 * (Types are checked later, when the expression is analysed against the scope table.)
 */
final class ExpressionLint {
  private ExpressionLint() {}

  /** The problems found, empty when the expression is fine. */
  static List<String> check(String sql, Set<String> columns) {
    Expression parsed;
    try {
      parsed = CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception e) { // Scala's ParseException is checked in Java but undeclared
      return List.of("Spark cannot parse the expression: " + firstLine(String.valueOf(e.getMessage())));
    }
    Set<String> unknownColumns = new TreeSet<>();
    Set<String> unknownFunctions = new TreeSet<>();
    walk(parsed, columns, unknownColumns, unknownFunctions);
    List<String> problems = new ArrayList<>();
    if (!unknownColumns.isEmpty()) {
      problems.add("unknown column(s) " + unknownColumns + " for this scope");
    }
    if (!unknownFunctions.isEmpty()) {
      problems.add("unknown function(s) " + unknownFunctions);
    }
    return problems;
  }

  private static void walk(Expression e, Set<String> columns, Set<String> unknownColumns,
      Set<String> unknownFunctions) {
    if (e instanceof UnresolvedAttribute attribute) {
      // a.b is field b of column a: only the column is checked
      String column = JavaConverters.seqAsJavaList(attribute.nameParts()).get(0);
      if (!columns.contains(column)) {
        unknownColumns.add(column);
      }
    } else if (e instanceof UnresolvedFunction function) {
      List<String> parts = JavaConverters.seqAsJavaList(function.nameParts());
      String name = parts.get(parts.size() - 1);
      if (parts.size() > 1 || !FunctionRegistry$.MODULE$.builtin().functionExists(FunctionIdentifier.apply(name))) {
        unknownFunctions.add(String.join(".", parts));
      }
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      walk(child, columns, unknownColumns, unknownFunctions);
    }
  }

  private static String firstLine(String message) {
    String trimmed = message.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}
