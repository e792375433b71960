package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dk.pathwatch.common.RunParameters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BasePredicate;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.Predicate;
import org.apache.spark.sql.catalyst.optimizer.ReplaceExpressions;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The marker rules that read {@code dup_rank} (SPEC §3.3, e.g. VR11 {@code dup_rank > 1}), evaluated in the person
 * walk, which ranks the copies of a marker as it walks them ({@link dk.pathwatch.load.DuplicateRank}) instead of a
 * window over every marker row (issue #16). Each rule is the expression the other marker rules run as, checked by
 * {@link ScopeEvaluator} against the marker view with {@code dup_rank}, analysed by Spark once on the driver, and
 * evaluated per row by Catalyst over the columns it reads (they ride along in the walk's input, {@link #inputs}) and
 * the rank. Such rules are never ERROR or BLOCKER ({@link MarkerScope}), so they change no exclusion or count.
 */
public final class RankedRules implements Serializable {
  private static final long serialVersionUID = 1L;
  /** No marker rule reads the rank. */
  public static final RankedRules NONE = new RankedRules(List.of(), List.of(), new Expression[0], new Attribute[0],
      new DataType[0]);

  private final List<String> ids;
  /** The columns of the marker view the rules read, besides the rank. */
  private final List<String> columns;
  /** Each rule's condition, analysed over {@link #input}. */
  private final Expression[] conditions;
  /** The attributes of a row of {@link #columns} then the rank. */
  private final Attribute[] input;
  private final DataType[] types;
  private transient BasePredicate[] predicates;

  private RankedRules(List<String> ids, List<String> columns, Expression[] conditions, Attribute[] input,
      DataType[] types) {
    this.ids = List.copyOf(ids);
    this.columns = List.copyOf(columns);
    this.conditions = conditions;
    this.input = input;
    this.types = types;
  }

  /**
   * The active marker rules of the set that read {@code dup_rank}, analysed against the marker view.
   *
   * @param view the marker view without {@code dup_rank} ({@link MarkerScope#inWalkOrder})
   * @throws dk.pathwatch.common.PathwatchException RULES_INVALID naming file and line when a rule does not resolve
   *     or is not boolean, as {@link ScopeEvaluator#evaluate}
   */
  public static RankedRules plan(Dataset<Row> view, RuleSet rules, RunParameters run) {
    List<Rule> ranked = rules.active(Scope.MARKER, run.cutoffDate()).stream().filter(MarkerScope::readsRank)
        .toList();
    if (ranked.isEmpty()) {
      return NONE;
    }
    Dataset<Row> table = view.withColumn(MarkerScope.DUP_RANK, lit(null).cast(DataTypes.IntegerType));
    Column[] checked = ScopeEvaluator.conditions(table, ranked, run).toArray(Column[]::new);
    Set<String> read = new LinkedHashSet<>();
    for (NamedExpression e : projected(table.select(checked))) {
      JavaConverters.seqAsJavaListConverter(((Expression) e).references().toSeq()).asJava().forEach(a -> read.add(a.name()));
    }
    read.remove(MarkerScope.DUP_RANK);
    StructType schema = new StructType();
    for (String c : read) {
      schema = schema.add(table.schema().apply(c));
    }
    schema = schema.add(MarkerScope.DUP_RANK, DataTypes.IntegerType);
    Dataset<Row> local = view.sparkSession().createDataFrame(List.<Row>of(), schema).select(checked);
    LogicalPlan plan = ReplaceExpressions.apply(local.queryExecution().analyzed());
    List<NamedExpression> projected = JavaConverters.seqAsJavaListConverter(((Project) plan).projectList()).asJava();
    Expression[] conditions = projected.stream().map(e -> e instanceof Alias a ? a.child() : (Expression) e)
        .toArray(Expression[]::new);
    Attribute[] input = JavaConverters.seqAsJavaListConverter(((Project) plan).child().output()).asJava()
        .toArray(Attribute[]::new);
    DataType[] types = new ArrayList<>(read).stream().map(c -> table.schema().apply(c).dataType())
        .toArray(DataType[]::new);
    return new RankedRules(ranked.stream().map(Rule::id).toList(), new ArrayList<>(read), conditions, input, types);
  }

  private static List<NamedExpression> projected(Dataset<Row> select) {
    return JavaConverters.seqAsJavaListConverter(((Project) select.queryExecution().analyzed()).projectList())
        .asJava();
  }

  /** The columns the walk's input carries for the rules, after its own ({@link #broken} reads them from there). */
  public Column[] inputs() {
    List<Column> inputs = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      inputs.add(col(columns.get(i)).as("_ranked_" + i));
    }
    return inputs.toArray(Column[]::new);
  }

  /**
   * The ids of the rules the row breaks with this rank, in rule-file order.
   *
   * @param first the position of the first of {@link #inputs} in the row
   * @param rank the row's {@code dup_rank} (null when it does not exist for the run)
   */
  public List<String> broken(InternalRow row, int first, Integer rank) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Object[] values = new Object[columns.size() + 1];
    for (int i = 0; i < columns.size(); i++) {
      values[i] = row.isNullAt(first + i) ? null : row.get(first + i, types[i]);
    }
    return broken(values, rank);
  }

  /** The rules broken by a row of the rules' columns (values in Spark's internal form), the rank still to set. */
  private List<String> broken(Object[] values, Integer rank) {
    values[columns.size()] = rank;
    GenericInternalRow catalystRow = new GenericInternalRow(values);
    List<String> broken = new ArrayList<>(1);
    for (int i = 0; i < conditions.length; i++) {
      if (predicate(i).eval(catalystRow)) {
        broken.add(ids.get(i));
      }
    }
    return broken;
  }

  /** The rule's condition, bound and compiled where it runs (a predicate is not serializable); null is false. */
  private BasePredicate predicate(int rule) {
    if (predicates == null) {
      predicates = new BasePredicate[conditions.length];
      for (int i = 0; i < conditions.length; i++) {
        predicates[i] = Predicate.create(conditions[i], JavaConverters.asScalaBuffer(List.of(input)).toSeq());
        predicates[i].initialize(0);
      }
    }
    return predicates[rule];
  }
}
