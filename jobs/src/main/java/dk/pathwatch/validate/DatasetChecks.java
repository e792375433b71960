package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Preconditions;
import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.State;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import dk.pathwatch.common.RunParameters;
import dk.pathwatch.load.CprMask;
import java.io.Serializable;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The dataset-scope rules (SPEC §2): metrics over whole tables, computed with Deequ — completeness,
 * uniqueness, allowed values, size, no CPR-like values — and a volume check per region against the previous run. Per table, the rules
 * become Deequ checks and analyzers ({@link TableChecks}); the analyzers that Deequ can compute in one scan give
 * their aggregate expressions ({@link TableChecks#aggregations}), so that the nightly job computes them on a pass it
 * makes anyway ({@code Dataset.observe}) and Deequ turns the aggregated values into its metrics
 * ({@code metricFromAggregationResult}, the scan sharing its own runner does). Metrics, including the per-region row
 * counts, are kept in a Deequ {@link FileSystemMetricsRepository} under the directory the caller gives, keyed by the
 * run's cut-off date and the table name, so the next run can compare against them. The previous run is the latest
 * stored result with an earlier cut-off date (a rerun of the same cut-off replaces its own result).
 */
public final class DatasetChecks {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetChecks.class);

  private DatasetChecks() {}

  /** One evaluated dataset rule (for a volume check, one per region). */
  public record CheckOutcome(String id, Severity severity, String table, String column, String region,
      boolean passed, Double metric, long rowsChecked, long violations, String messageDa, String messageEn) {}

  /** All dataset rules of a run. */
  public record Outcome(List<CheckOutcome> checks) {
    /** True when a BLOCKER check failed: nothing may be published. */
    public boolean blocked() {
      return checks.stream().anyMatch(c -> !c.passed() && c.severity() == Severity.BLOCKER);
    }

    /** {@code validation_results} rows: rule_id, severity, scope, region, rows_checked, violations. */
    public Dataset<Row> validationResults(SparkSession spark) {
      List<Row> rows = checks.stream().map(c -> RowFactory.create(c.id(), c.severity().name(), Scope.DATASET.id(),
          c.region(), c.rowsChecked(), c.violations())).toList();
      return spark.createDataFrame(rows, ValidationResults.SCHEMA);
    }

    /** {@code validation_errors} rows (columns of {@link ValidationErrors#COLUMNS}) for failed non-INFO checks. */
    public Dataset<Row> validationErrors(SparkSession spark) {
      List<Row> rows = checks.stream().filter(c -> !c.passed() && c.severity() != Severity.INFO)
          .map(c -> RowFactory.create(c.id(), c.severity().name(), Scope.DATASET.id(), c.region(), null, null, null,
              null, null, c.messageDa(), c.messageEn())).toList();
      return spark.createDataFrame(rows, ValidationErrors.SCHEMA);
    }
  }

  /**
   * The dataset rules of a run by table, in rule order; a rule on a table not in {@code schemas} is left out (see
   * {@link #skipped}).
   *
   * @param schemas the tables by the names rules use ({@code forloebsmarkoerer}, {@code forloeb},
   *     {@code organisationer}, {@code marker_view}) and their schemas, against which Deequ checks the rules'
   *     columns
   */
  public static Map<String, TableChecks> plan(RuleSet ruleSet, RunParameters run, Map<String, StructType> schemas) {
    Map<String, List<Rule>> byTable = new LinkedHashMap<>();
    for (Rule rule : ruleSet.active(Scope.DATASET, run.cutoffDate())) {
      if (schemas.containsKey(rule.table())) {
        byTable.computeIfAbsent(rule.table(), t -> new ArrayList<>()).add(rule);
      }
    }
    Map<String, TableChecks> plans = new LinkedHashMap<>();
    byTable.forEach((table, rules) -> plans.put(table, new TableChecks(table, rules, schemas.get(table))));
    return plans;
  }

  /** The tables the active dataset rules name, in the order of their first rule. */
  public static List<String> tables(RuleSet ruleSet, RunParameters run) {
    return ruleSet.active(Scope.DATASET, run.cutoffDate()).stream().map(Rule::table).distinct().toList();
  }

  /** Logs the dataset rules on a table the run does not have (e.g. the optional organisations); they are skipped. */
  public static void skipped(RuleSet ruleSet, RunParameters run, java.util.Collection<String> tables) {
    for (Rule rule : ruleSet.active(Scope.DATASET, run.cutoffDate())) {
      if (!tables.contains(rule.table())) {
        LOG.warn("dataset rule {} skipped: table {} not in this run", rule.id(), rule.table());
      }
    }
  }

  /** The metrics repository of a folder (any Hadoop path or URI), or none for null. */
  public static MetricsRepository repository(SparkSession spark, String metricsDir) {
    return metricsDir == null ? null
        : new FileSystemMetricsRepository(spark, metricsDir.replaceAll("/+$", "") + "/metrics.json");
  }

  /**
   * Evaluates every dataset rule on the given tables, one aggregation per table (for tests and small tables; the
   * nightly job observes {@link TableChecks#aggregations} on its own passes instead).
   *
   * @param tables the tables by the names rules use: {@code forloebsmarkoerer}, {@code forloeb},
   *     {@code organisationer} (optional), {@code marker_view}; a rule on a table not given is skipped
   * @param metricsDir folder (any Hadoop path or URI) of the metrics repository kept across runs; null = no
   *     history (volume checks pass)
   */
  public static Outcome run(SparkSession spark, Map<String, Dataset<Row>> tables, RuleSet ruleSet,
      RunParameters run, String metricsDir) {
    Map<String, StructType> schemas = new LinkedHashMap<>();
    tables.forEach((name, df) -> schemas.put(name, df.schema()));
    skipped(ruleSet, run, tables.keySet());
    MetricsRepository repository = repository(spark, metricsDir);
    List<CheckOutcome> outcomes = new ArrayList<>();
    Map<String, TableChecks> plans = plan(ruleSet, run, schemas);
    for (String table : tables(ruleSet, run)) {
      TableChecks checks = plans.get(table);
      if (checks != null) {
        outcomes.addAll(checks.evaluate(checks.aggregate(tables.get(table)), tables.get(table), repository, run));
      }
    }
    return new Outcome(outcomes);
  }

  /**
   * The dataset rules of one table as Deequ checks and analyzers: a size of the table, a size per region of each
   * volume rule, and the analyzers the other rules' checks need.
   */
  public static final class TableChecks {
    private final String table;
    private final List<Rule> rules;
    private final Size size = new Size(Option.empty());
    private final List<Check> checks = new ArrayList<>();
    /** Analyzers whose preconditions hold on the table, that one aggregation computes. */
    private final List<ScanShareableAnalyzer<State<?>, Metric<?>>> scanning = new ArrayList<>();
    /** Analyzers whose preconditions hold but that need a pass of their own (uniqueness groups the rows). */
    private final List<Analyzer<State<?>, Metric<?>>> grouping = new ArrayList<>();
    /**
     * Uniqueness of one column, computed from the rows per key that the pass over the table counts with a window
     * over the key ({@link #withKeyCounts}): Deequ's own grouping is a count and an aggregation, five Spark jobs.
     */
    private final List<Uniqueness> keyCounted = new ArrayList<>();
    /** Analyzers whose preconditions fail on the table's schema, with their failure metric. */
    private final Map<Analyzer<?, Metric<?>>, Metric<?>> failed = new LinkedHashMap<>();

    @SuppressWarnings({"unchecked", "rawtypes"})
    TableChecks(String table, List<Rule> rules, StructType schema) {
      this.table = table;
      this.rules = rules;
      Set<Analyzer<?, Metric<?>>> analyzers = new LinkedHashSet<>();
      analyzers.add(analyzer(size));
      for (Rule rule : rules) {
        if (rule.check().equals("volume_change")) {
          for (String region : rule.values()) {
            analyzers.add(analyzer(regionSize(rule, region)));
          }
        } else {
          Check check = check(rule);
          checks.add(check);
          analyzers.addAll((Set) JavaConverters.setAsJavaSetConverter(check.requiredAnalyzers()).asJava());
        }
      }
      for (Analyzer<?, Metric<?>> a : analyzers) {
        Option<Exception> failure = Preconditions.findFirstFailing(schema, ((Analyzer) a).preconditions());
        if (failure.isDefined()) {
          failed.put(a, a.toFailureMetric(failure.get()));
        } else if (a instanceof ScanShareableAnalyzer<?, ?> shareable) {
          scanning.add((ScanShareableAnalyzer) shareable);
        } else if ((Object) a instanceof Uniqueness u && u.columns().size() == 1 && u.where().isEmpty()) {
          keyCounted.add(u);
          grouping.add((Analyzer) a);
        } else {
          grouping.add((Analyzer) a);
        }
      }
    }

    public String table() {
      return table;
    }

    /**
     * The aggregate expressions of the scanning analyzers, in order, named {@code <prefix><table>_<i>} so that
     * several tables' aggregations can be observed on one pass.
     */
    public List<Column> aggregations(String prefix) {
      List<Column> all = new ArrayList<>();
      for (ScanShareableAnalyzer<State<?>, Metric<?>> a : scanning) {
        all.addAll(JavaConverters.seqAsJavaListConverter(a.aggregationFunctions()).asJava());
      }
      List<Column> named = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        named.add(all.get(i).as(prefix + table + "_" + i));
      }
      return named;
    }

    /**
     * The table with, per column of a uniqueness rule, the rows that have the row's value (a window over the column):
     * what {@link #keyCountAggregations} count.
     */
    public Dataset<Row> withKeyCounts(Dataset<Row> data) {
      Dataset<Row> out = data;
      for (String column : keyColumns()) {
        out = out.withColumn(rowsWithKey(column), count(lit(1)).over(Window.partitionBy(col(column))));
      }
      return out;
    }

    private List<String> keyColumns() {
      return keyCounted.stream().map(u -> u.columns().head()).distinct().toList();
    }

    private static String rowsWithKey(String column) {
      return "deequ_rows_with_" + column;
    }

    /**
     * Per uniqueness rule, over a table {@link #withKeyCounts}: the rows whose value no other row has and the rows
     * with a value (Deequ's uniqueness is the one over the other; null values are not counted), named
     * {@code <prefix><table>_unique_<i>}.
     */
    public List<Column> keyCountAggregations(String prefix) {
      List<Column> out = new ArrayList<>();
      for (int i = 0; i < keyCounted.size(); i++) {
        String column = keyCounted.get(i).columns().head();
        Column key = col(column);
        out.add(count_if(key.isNotNull().and(col(rowsWithKey(column)).equalTo(1)))
            .as(prefix + table + "_unique_" + i));
        out.add(count_if(key.isNotNull()).as(prefix + table + "_unique_rows_" + i));
      }
      return out;
    }

    /** The values of {@link #keyCountAggregations} among a pass's observed values, in order. */
    public Row keyCounts(Map<String, Object> observed, String prefix) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < keyCounted.size(); i++) {
        values.add(observed.get(prefix + table + "_unique_" + i));
        values.add(observed.get(prefix + table + "_unique_rows_" + i));
      }
      return RowFactory.create(values.toArray());
    }

    /** The aggregated values of {@link #aggregations} over the whole table (one pass), or null when there are none. */
    public Row aggregate(Dataset<Row> data) {
      List<Column> aggregations = aggregations("");
      if (aggregations.isEmpty()) {
        return null;
      }
      return data.agg(aggregations.get(0), aggregations.subList(1, aggregations.size()).toArray(Column[]::new))
          .first();
    }

    /**
     * Turns the aggregated values into Deequ metrics (plus the grouping analyzers, computed on {@code data}),
     * evaluates the checks, appends the metrics to the repository and returns one outcome per rule (per region for a
     * volume rule).
     *
     * @param aggregated the values of {@link #aggregations}, in order (null when there are none)
     * @param data the table, read only by grouping analyzers (uniqueness); may be null when there are none
     * @param repository the metrics history, or null for none
     */
    public List<CheckOutcome> evaluate(Row aggregated, Dataset<Row> data, MetricsRepository repository,
        RunParameters run) {
      return evaluate(aggregated, null, data, repository, run);
    }

    /**
     * As {@link #evaluate(Row, Dataset, MetricsRepository, RunParameters)}, with the uniqueness rules from the values
     * of {@link #keyCountAggregations} ({@code keyCounts}, in order; when null, Deequ groups {@code data}).
     */
    public List<CheckOutcome> evaluate(Row aggregated, Row keyCounts, Dataset<Row> data,
        MetricsRepository repository, RunParameters run) {
      LOG.info("dataset checks on {}: {} rule(s)", table, rules.size());
      long date = run.cutoffDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      scala.collection.immutable.Map<String, String> tags = scalaMap(Map.of("table", table));
      Map<String, Double> previous = repository == null ? Map.of() : previousSizes(repository, tags, date, rules);
      Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = new LinkedHashMap<>(failed);
      int offset = 0;
      for (ScanShareableAnalyzer<State<?>, Metric<?>> a : scanning) {
        metrics.put(a, metricFrom(a, aggregated, offset));
        offset += a.aggregationFunctions().size();
      }
      for (Analyzer<State<?>, Metric<?>> a : grouping) {
        int counted = keyCounted.indexOf(a);
        metrics.put(a, keyCounts != null && counted >= 0 ? uniqueness(keyCounted.get(counted), keyCounts, counted)
            : a.calculate(data, Option.empty(), Option.empty(), Option.empty()));
      }
      AnalyzerContext context = new AnalyzerContext(scalaMap(metrics));
      if (repository != null) {
        ResultKey key = new ResultKey(date, tags);
        AnalyzerContext stored = repository.loadByKey(key).getOrElse(() -> AnalyzerContext.empty());
        repository.save(key, stored.$plus$plus(context));
      }
      return outcomes(metrics, context, previous);
    }

    /**
     * The metric Deequ's grouping gives (unique values over rows with a value, as a double; an empty table's
     * failure metric when no row has a value), from the counts.
     */
    private static Metric<?> uniqueness(Uniqueness u, Row keyCounts, int i) {
      long unique = keyCounts.getLong(2 * i);
      long rows = keyCounts.getLong(2 * i + 1);
      Row value = RowFactory.create(rows == 0 ? null : (double) unique / rows);
      return u.fromAggregationResult(value, 0, Option.empty());
    }

    private static Metric<?> metricFrom(ScanShareableAnalyzer<State<?>, Metric<?>> a, Row aggregated, int offset) {
      try {
        return a.metricFromAggregationResult(aggregated, offset, Option.empty(), Option.empty());
      } catch (Exception e) { // as Deequ's runner: a metric that cannot be computed is a failure metric
        return a.toFailureMetric(e);
      }
    }

    private List<CheckOutcome> outcomes(Map<Analyzer<?, Metric<?>>, Metric<?>> metricMap, AnalyzerContext context,
        Map<String, Double> previous) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      metricMap.forEach((analyzer, metric) -> metrics.put(analyzer.toString(), value(metric)));
      long rows = Math.round(metrics.getOrDefault(size.toString(), 0.0));
      Map<String, ConstraintResult> byRule = new LinkedHashMap<>();
      for (Check check : checks) {
        CheckResult result = check.evaluate(context);
        byRule.put(check.description(), JavaConverters.seqAsJavaListConverter(
            result.constraintResults()).asJava().get(0));
      }
      List<CheckOutcome> outcomes = new ArrayList<>();
      for (Rule rule : rules) {
        if (rule.check().equals("volume_change")) {
          for (String region : rule.values()) {
            String key = regionSize(rule, region).toString();
            outcomes.add(volume(rule, region, metrics.get(key), previous.get(key)));
          }
        } else {
          outcomes.add(outcome(rule, byRule.get(rule.id()), rows));
        }
      }
      return outcomes;
    }
  }

  /** Per-region sizes of the latest stored run with an earlier cut-off, by analyzer text. */
  private static Map<String, Double> previousSizes(MetricsRepository repository,
      scala.collection.immutable.Map<String, String> tags, long date, List<Rule> rules) {
    if (rules.stream().noneMatch(r -> r.check().equals("volume_change"))) {
      return Map.of();
    }
    AnalysisResult latest = null;
    for (AnalysisResult r : JavaConverters.seqAsJavaListConverter(
        repository.load().withTagValues(tags).before(date - 1).get()).asJava()) {
      if (latest == null || r.resultKey().dataSetDate() > latest.resultKey().dataSetDate()) {
        latest = r;
      }
    }
    Map<String, Double> sizes = new LinkedHashMap<>();
    if (latest != null) {
      for (var m : JavaConverters.mapAsJavaMapConverter(latest.analyzerContext().metricMap()).asJava().entrySet()) {
        sizes.put(m.getKey().toString(), value(m.getValue()));
      }
    }
    return sizes;
  }

  private static Size regionSize(Rule rule, String region) {
    return new Size(Option.apply(rule.column() + " = '" + region.replace("'", "''") + "'"));
  }

  private static Check check(Rule rule) {
    scala.Enumeration.Value level = rule.severity().excludes() ? CheckLevel.Error() : CheckLevel.Warning();
    Check check = new Check(level, rule.id(), Check.$lessinit$greater$default$3());
    double min = rule.min() == null ? 1.0 : rule.min();
    return switch (rule.check()) {
      case "completeness" -> check.hasCompleteness(rule.column(), assertion(c -> c >= min), Option.empty(),
          Option.empty());
      case "uniqueness" -> check.isUnique(rule.column(), Option.empty(), Option.empty());
      case "allowed_values" -> check.isContainedIn(rule.column(), rule.values().toArray(String[]::new),
          assertion(c -> c >= min), Option.empty());
      case "size" -> check.hasSize(assertion(n -> n >= min), Option.empty());
      // values were masked at load (CprMask), so a CPR-like value is a masked one here
      case "no_cpr_numbers" -> check.satisfies("coalesce(not(" + rule.column() + " rlike '" + CprMask.MASKED
          + "'), true)", rule.id(), assertion(c -> c >= 1.0), Option.empty(),
          scala.collection.immutable.List$.MODULE$.empty(), Option.empty());
      default -> throw new IllegalArgumentException("not a Deequ check: " + rule.check());
    };
  }

  private static CheckOutcome outcome(Rule rule, ConstraintResult cr, long rows) {
    boolean passed = cr.status().toString().equals("Success");
    Double metric = cr.metric().isDefined() ? value(cr.metric().get()) : null;
    long violations = switch (rule.check()) {
      // completeness, uniqueness and compliance are shares of the rows: the rest are the offending rows
      case "completeness", "uniqueness", "allowed_values", "no_cpr_numbers" -> metric == null ? (passed ? 0 : rows)
          : Math.round((1 - metric) * rows);
      default -> passed ? 0 : 1;
    };
    Map<String, String> values = messageValues(rule, null, metric, violations);
    if (!passed && metric == null && cr.message().isDefined()) {
      values.put("metric", cr.message().get());
    }
    return new CheckOutcome(rule.id(), rule.severity(), rule.table(), rule.column(), null, passed, metric, rows,
        violations, rule.message(rule.messageDa(), values), rule.message(rule.messageEn(), values));
  }

  /** A region's marker count against the previous run: a drop beyond {@code max_drop_share} fails. */
  private static CheckOutcome volume(Rule rule, String region, Double current, Double previous) {
    long rows = current == null ? 0 : Math.round(current);
    Double drop = previous == null || previous <= 0 || current == null ? null : (previous - current) / previous;
    boolean passed = drop == null || drop <= rule.maxDropShare();
    Map<String, String> values = messageValues(rule, region, drop, passed ? 0 : 1);
    LOG.info("{} region {}: {} rows, previous {}, drop {}", rule.id(), region, rows, previous, drop);
    return new CheckOutcome(rule.id(), rule.severity(), rule.table(), rule.column(), region, passed, drop, rows,
        passed ? 0 : 1, rule.message(rule.messageDa(), values), rule.message(rule.messageEn(), values));
  }

  private static Map<String, String> messageValues(Rule rule, String region, Double metric, long violations) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("metric", metric == null ? "-" : String.format(Locale.ROOT, "%.4f", metric));
    v.put("violations", Long.toString(violations));
    v.put("region", region == null ? "-" : region);
    v.put("table", rule.table());
    v.put("column", rule.column() == null ? "-" : rule.column());
    v.put("min", rule.min() == null ? "-" : rule.min().toString());
    v.put("max_drop_share", rule.maxDropShare() == null ? "-" : rule.maxDropShare().toString());
    return v;
  }

  private static Double value(Metric<?> metric) {
    return metric.value().isSuccess() && metric.value().get() instanceof Number n ? n.doubleValue() : null;
  }

  /** Java lambdas must be serialisable for Deequ (TECH.md §10 P3). */
  interface SerializableDoublePredicate extends DoublePredicate, Serializable {}

  @SuppressWarnings("unchecked")
  private static Function1<Object, Object> assertion(SerializableDoublePredicate p) {
    return (Function1<Object, Object> & Serializable) v -> p.test(((Number) v).doubleValue());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Analyzer<?, Metric<?>> analyzer(Size size) {
    return (Analyzer) size;
  }

  private static <K, V> scala.collection.immutable.Map<K, V> scalaMap(Map<K, V> map) {
    return scala.collection.immutable.Map$.MODULE$.<K, V>empty()
        .$plus$plus(JavaConverters.mapAsScalaMapConverter(map).asScala());
  }
}
