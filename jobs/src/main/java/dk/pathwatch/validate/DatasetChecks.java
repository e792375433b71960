package dk.pathwatch.validate;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The dataset-scope rules (SPEC §2): metrics over whole tables, computed with Deequ — completeness,
 * uniqueness, allowed values, size, no CPR-like values — and a volume check per region against the previous run. One
 * {@link VerificationSuite} run per table; its metrics, including the per-region row counts, are kept in a
 * Deequ {@link FileSystemMetricsRepository} under the directory the caller gives, keyed by the run's cut-off
 * date and the table name, so the next run can compare against them. The previous run is the latest stored
 * result with an earlier cut-off date (a rerun of the same cut-off replaces its own result).
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
      StructType schema = new StructType().add("rule_id", DataTypes.StringType).add("severity", DataTypes.StringType)
          .add("scope", DataTypes.StringType).add("region", DataTypes.StringType)
          .add("rows_checked", DataTypes.LongType).add("violations", DataTypes.LongType);
      List<Row> rows = checks.stream().map(c -> RowFactory.create(c.id(), c.severity().name(), Scope.DATASET.id(),
          c.region(), c.rowsChecked(), c.violations())).toList();
      return spark.createDataFrame(rows, schema);
    }

    /** {@code validation_errors} rows (columns of {@link ValidationErrors#COLUMNS}) for failed non-INFO checks. */
    public Dataset<Row> validationErrors(SparkSession spark) {
      StructType schema = new StructType();
      for (String c : ValidationErrors.COLUMNS) {
        schema = schema.add(c, c.equals("dato_markoer") ? DataTypes.DateType : DataTypes.StringType);
      }
      List<Row> rows = checks.stream().filter(c -> !c.passed() && c.severity() != Severity.INFO)
          .map(c -> RowFactory.create(c.id(), c.severity().name(), Scope.DATASET.id(), c.region(), null, null, null,
              null, null, c.messageDa(), c.messageEn())).toList();
      return spark.createDataFrame(rows, schema);
    }
  }

  /**
   * @param tables the tables by the names rules use: {@code forloebsmarkoerer}, {@code forloeb},
   *     {@code organisationer} (optional), {@code marker_view}; a rule on a table not given is skipped
   * @param metricsDir folder (any Hadoop path or URI) of the metrics repository kept across runs; null = no
   *     history (volume checks pass)
   */
  public static Outcome run(SparkSession spark, Map<String, Dataset<Row>> tables, RuleSet ruleSet,
      RunParameters run, String metricsDir) {
    Map<String, List<Rule>> byTable = new LinkedHashMap<>();
    for (Rule rule : ruleSet.active(Scope.DATASET, run.cutoffDate())) {
      if (tables.containsKey(rule.table())) {
        byTable.computeIfAbsent(rule.table(), t -> new ArrayList<>()).add(rule);
      } else {
        LOG.warn("dataset rule {} skipped: table {} not in this run", rule.id(), rule.table());
      }
    }
    MetricsRepository repository = metricsDir == null ? null
        : new FileSystemMetricsRepository(spark, metricsDir.replaceAll("/+$", "") + "/metrics.json");
    long date = run.cutoffDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    List<CheckOutcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, List<Rule>> e : byTable.entrySet()) {
      LOG.info("dataset checks on {}: {} rule(s)", e.getKey(), e.getValue().size());
      outcomes.addAll(checkTable(tables.get(e.getKey()), e.getKey(), e.getValue(), repository, date));
    }
    return new Outcome(outcomes);
  }

  private static List<CheckOutcome> checkTable(Dataset<Row> data, String table, List<Rule> rules,
      MetricsRepository repository, long date) {
    scala.collection.immutable.Map<String, String> tags = scalaMap(Map.of("table", table));
    Map<String, Double> previous = repository == null ? Map.of() : previousSizes(repository, tags, date, rules);
    Size size = new Size(Option.empty());
    VerificationRunBuilder builder = new VerificationSuite().onData(data).addRequiredAnalyzer(analyzer(size));
    for (Rule rule : rules) {
      if (rule.check().equals("volume_change")) {
        for (String region : rule.values()) {
          builder = builder.addRequiredAnalyzer(analyzer(regionSize(rule, region)));
        }
      } else {
        builder = builder.addCheck(check(rule));
      }
    }
    VerificationResult result = repository == null ? builder.run()
        : builder.useRepository(repository).saveOrAppendResult(new ResultKey(date, tags)).run();
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (var m : JavaConverters.mapAsJavaMapConverter(result.metrics()).asJava().entrySet()) {
      metrics.put(m.getKey().toString(), value(m.getValue()));
    }
    long rows = Math.round(metrics.getOrDefault(size.toString(), 0.0));
    Map<String, ConstraintResult> byRule = new LinkedHashMap<>();
    for (var cr : JavaConverters.mapAsJavaMapConverter(result.checkResults()).asJava().entrySet()) {
      byRule.put(cr.getKey().description(), JavaConverters.seqAsJavaListConverter(
          cr.getValue().constraintResults()).asJava().get(0));
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

  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
    return scala.collection.immutable.Map$.MODULE$.<String, String>empty()
        .$plus$plus(JavaConverters.mapAsScalaMapConverter(map).asScala());
  }
}
