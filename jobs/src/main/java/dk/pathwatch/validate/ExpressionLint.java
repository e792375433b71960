package dk.pathwatch.validate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedExtractValue;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Add;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Concat;
import org.apache.spark.sql.catalyst.expressions.Divide;
import org.apache.spark.sql.catalyst.expressions.EqualNullSafe;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.ILike;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.InSubquery;
import org.apache.spark.sql.catalyst.expressions.IntegralDivide;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.IsNull;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Like;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Multiply;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.expressions.RLike;
import org.apache.spark.sql.catalyst.expressions.Remainder;
import org.apache.spark.sql.catalyst.expressions.StringLocate;
import org.apache.spark.sql.catalyst.expressions.StringTrim;
import org.apache.spark.sql.catalyst.expressions.StringTrimLeft;
import org.apache.spark.sql.catalyst.expressions.StringTrimRight;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.Substring;
import org.apache.spark.sql.catalyst.expressions.Subtract;
import org.apache.spark.sql.catalyst.expressions.UnaryMinus;
import org.apache.spark.sql.catalyst.expressions.UnaryPositive;
import org.apache.spark.sql.catalyst.expressions.WindowExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;

/**
 * The expression language of a rule's {@code when}, checked without data and without a SparkSession. A rule is
 * data, so what it may say is an allow-list over the tree Spark's own SQL parser makes of it (a deny-list would
 * let through whatever it forgot): literals, the columns of its scope, comparison, boolean and arithmetic
 * operators, CASE, CAST, IN (a list), IS [NOT] NULL, LIKE and RLIKE with a literal pattern, and the functions of
 * {@link AllowedFunctions}. Everything else is refused with a reason — reflection ({@code reflect},
 * {@code java_method}), anything non-deterministic, subqueries, lambdas, window and aggregate functions,
 * qualified or user-defined functions. The size of an expression is bounded too ({@link #MAX_CHARS},
 * {@link #MAX_NODES}, {@link #MAX_DEPTH}), and so is the cost of its patterns ({@link PatternLint}).
 *
 * <p>The tree that passed is the tree that runs: {@link ScopeEvaluator} evaluates {@link Checked#expression()}
 * rather than handing the text to Spark again (Spark's session parser would also substitute
 * <code>${env:…}</code> and <code>${system:…}</code> variables).
 */
final class ExpressionLint {
  static final int MAX_CHARS = 2_000;
  static final int MAX_NODES = 300;
  static final int MAX_DEPTH = 50;

  /** Operators and syntax forms allowed as they are (their children are checked in turn). */
  private static final Set<Class<?>> OPERATORS = Set.of(Literal.class, And.class, Or.class, Not.class,
      EqualTo.class, EqualNullSafe.class, LessThan.class, LessThanOrEqual.class, GreaterThan.class,
      GreaterThanOrEqual.class, In.class, IsNull.class, IsNotNull.class, Add.class, Subtract.class,
      Multiply.class, Divide.class, Remainder.class, IntegralDivide.class, UnaryMinus.class, UnaryPositive.class,
      CaseWhen.class, Cast.class, Concat.class, Substring.class, StringTrim.class, StringTrimLeft.class,
      StringTrimRight.class, StringLocate.class, UnresolvedExtractValue.class);

  /** The parsed expression (null when it did not parse) and every problem found, empty when it may run. */
  record Checked(Expression expression, List<String> problems) {
    boolean ok() {
      return problems.isEmpty();
    }
  }

  private ExpressionLint() {}

  /** The problems of an expression (its placeholders already substituted), empty when it may run. */
  static List<String> problems(String sql, Set<String> columns) {
    return check(sql, columns).problems();
  }

  static Checked check(String sql, Set<String> columns) {
    List<String> problems = new ArrayList<>();
    if (sql.length() > MAX_CHARS) {
      problems.add("the expression is " + sql.length() + " characters long (at most " + MAX_CHARS + ")");
    } else if (sql.contains("${")) {
      problems.add("the expression holds '${' after its parameters were filled in: a parameter value may not "
          + "contain '${'");
    } else if (parenthesisDepth(sql) > MAX_DEPTH) {
      problems.add("the expression nests parentheses deeper than " + MAX_DEPTH);
    }
    if (!problems.isEmpty()) {
      return new Checked(null, problems);
    }
    Expression parsed;
    try {
      parsed = CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (StackOverflowError e) {
      return new Checked(null, List.of("the expression nests too deeply for the parser"));
    } catch (Exception e) { // Scala's ParseException is checked in Java but undeclared
      return new Checked(null, List.of("Spark cannot parse the expression: " + firstLine(e.getMessage())));
    }
    Walk walk = new Walk(columns);
    walk.visit(parsed, 1);
    problems.addAll(walk.problems);
    if (!walk.unknownColumns.isEmpty()) {
      problems.add("unknown column(s) " + walk.unknownColumns + " for this scope");
    }
    if (walk.nodes > MAX_NODES) {
      problems.add("the expression has " + walk.nodes + " parts (at most " + MAX_NODES + ")");
    }
    if (walk.depth > MAX_DEPTH) {
      problems.add("the expression nests " + walk.depth + " levels deep (at most " + MAX_DEPTH + ")");
    }
    return new Checked(parsed, List.copyOf(problems));
  }

  /** Walks the unresolved tree, collecting one message per distinct problem. */
  private static final class Walk {
    private final Set<String> columns;
    private final Set<String> problems = new LinkedHashSet<>();
    private final Set<String> unknownColumns = new java.util.TreeSet<>();
    private int nodes;
    private int depth;

    Walk(Set<String> columns) {
      this.columns = columns;
    }

    void visit(Expression e, int level) {
      nodes++;
      depth = Math.max(depth, level);
      if (!allowed(e)) {
        return; // inside a refused construct (a subquery, a lambda, a window) there is nothing more to say
      }
      for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
        visit(child, level + 1);
      }
    }

    /** Whether the node may be used; false also means that its children are not looked at. */
    private boolean allowed(Expression e) {
      if (e instanceof UnresolvedAttribute attribute) {
        attribute(attribute);
        return true;
      }
      if (e instanceof UnresolvedFunction function) {
        function(function);
        return true; // a refused function's arguments are still checked, for a complete list of problems
      }
      if (e instanceof RLike || e instanceof Like || e instanceof ILike) {
        pattern(e.children().apply(1), e instanceof RLike);
        return true;
      }
      if (OPERATORS.contains(e.getClass())) {
        return true;
      }
      problems.add(refusedConstruct(e));
      return false;
    }

    private void attribute(UnresolvedAttribute attribute) {
      // a.b is field b of column a: only the column is checked
      String column = JavaConverters.seqAsJavaList(attribute.nameParts()).get(0);
      if (columns.contains(column)) {
        return;
      }
      if (AllowedFunctions.isNonDeterministicName(column)) {
        problems.add(column + " " + AllowedFunctions.whyRefused(column));
      } else {
        unknownColumns.add(column);
      }
    }

    private void function(UnresolvedFunction f) {
      List<String> parts = JavaConverters.seqAsJavaList(f.nameParts());
      String name = String.join(".", parts);
      if (parts.size() > 1) {
        problems.add("function " + name + ": qualified names (catalog functions, UDFs) are not allowed");
        return;
      }
      if (!AllowedFunctions.allowed(name)) {
        problems.add("function " + name + " " + AllowedFunctions.whyRefused(name));
        return;
      }
      if (f.isDistinct() || f.filter().isDefined()) {
        problems.add("function " + name + ": DISTINCT and FILTER (aggregates) are not allowed");
        return;
      }
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      boolean regex = AllowedFunctions.REGEX_FUNCTIONS.contains(lower);
      if ((regex || AllowedFunctions.LIKE_FUNCTIONS.contains(lower))
          && f.arguments().size() > AllowedFunctions.PATTERN_ARGUMENT) {
        pattern(f.arguments().apply(AllowedFunctions.PATTERN_ARGUMENT), regex);
      }
    }

    /** A pattern must be a string literal (a column as pattern would compile whatever the data holds). */
    private void pattern(Expression pattern, boolean regex) {
      if (!(pattern instanceof Literal literal) || !literal.dataType().equals(DataTypes.StringType)
          || literal.value() == null) {
        problems.add("the pattern of a " + (regex ? "regular-expression" : "LIKE") + " test must be a text literal");
        return;
      }
      String text = literal.value().toString();
      for (String problem : regex ? PatternLint.regex(text) : PatternLint.like(text)) {
        problems.add("pattern '" + abbreviate(text) + "': " + problem);
      }
    }
  }

  private static String refusedConstruct(Expression e) {
    if (e instanceof SubqueryExpression || e instanceof InSubquery) {
      return "subqueries are not allowed: a rule sees one row of its scope table";
    }
    if (e instanceof LambdaFunction) {
      return "lambda functions (x -> ...) are not allowed";
    }
    if (e instanceof WindowExpression) {
      return "window functions (OVER ...) are not allowed: a rule sees one row of its scope table";
    }
    String what = e.nodeName().isEmpty() ? "" : " (" + e.nodeName() + ")";
    String text;
    try {
      text = e.sql();
    } catch (RuntimeException unresolved) { // some unresolved nodes cannot print themselves as SQL
      text = e.toString();
    }
    return "'" + abbreviate(text) + "'" + what + " is not allowed in a rule";
  }

  /** The deepest nesting of parentheses outside quoted text (checked before parsing: the parser recurses). */
  static int parenthesisDepth(String sql) {
    int depth = 0;
    int max = 0;
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(') {
        max = Math.max(max, ++depth);
      } else if (c == ')') {
        depth--;
      }
    }
    return max;
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }

  private static String firstLine(String message) {
    String trimmed = String.valueOf(message).strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}
