package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;

import dk.pathwatch.common.HaltPoints;
import dk.pathwatch.common.SparkSessions;
import dk.pathwatch.load.InputStats;
import dk.pathwatch.load.MarkerView;
import dk.pathwatch.load.Snapshot;
import dk.pathwatch.load.SnapshotLoader;
import dk.pathwatch.pathways.PersonWalk;
import dk.pathwatch.validate.DatasetChecks;
import dk.pathwatch.validate.MarkerScope;
import dk.pathwatch.validate.MetricsHistory;
import dk.pathwatch.validate.RankedRules;
import dk.pathwatch.validate.RowAccounting;
import dk.pathwatch.validate.RuleSet;
import dk.pathwatch.validate.ScopeEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * walk: the one pass over the markers (issue #16). Every marker row is read once, joined to its episode, moved to its
 * person (one exchange) and sorted there in walk order (one sort); the marker rules are evaluated in one projection
 * on the way, except those that read {@code dup_rank}; and one streaming pass in plain Java per person
 * ({@link PersonWalk}) ranks the copies of each marker, evaluates the rules that read the rank ({@link RankedRules})
 * and emits the pathways and their markers, the clocks, the episodes' facts and the marker rules'
 * findings, written once as {@code work/walk/kind=*}. The same pass counts what the manifest and the row accounting
 * need (rows, excluded, beyond the cut-off, BLOCKER rows, the input checksum) and the Deequ aggregates of the dataset
 * rules on the marker tables ({@code Dataset.observe}); the later steps work on the small outputs.
 */
public final class WalkStep extends PipelineStep {
  private static final Logger LOG = LoggerFactory.getLogger(WalkStep.class);

  /** The raw marker table's columns, in its schema's order (its checksum and its dataset rules read these). */
  static final List<String> RAW_MARKER_COLUMNS = List.of("dw_ek_forloeb", "markoer", "dato_markoer",
      "tidspunkt_markoer", "dato_indberetning", "lprindberetningssystem");
  /** The dataset rules' tables this pass carries: the raw markers and the marker view. */
  static final List<String> MARKER_TABLES = List.of(Snapshot.MARKERS, "marker_view");
  /** Folder of the walk's output under the staging work folder. */
  static final String OUTPUT = "walk";
  /**
   * Writers a task keeps open at once, one per kind: the output is written unsorted, in the walk's order (Spark
   * would otherwise sort every row by kind first).
   */
  private static final int KINDS_OPEN_AT_ONCE = 8;
  static final String CONCURRENT_WRITERS = "spark.sql.maxConcurrentOutputFileWriters";
  /**
   * Row group size of the walk's files: a Parquet writer holds its row group in memory until it is full or the file
   * closes, and at 20M a task's files (about 90 MB, every kind below the default 128 MB) stayed on the heap for the
   * whole task, long enough to be copied into the old generation (issue #16).
   */
  static final int ROW_GROUP_BYTES = 16 << 20;

  public WalkStep() {
    super("walk");
  }

  @Override
  protected Map<String, Object> run(StepRun run) {
    return LoadStep.readingInput(run, () -> walk(run));
  }

  private Map<String, Object> walk(StepRun run) {
    RuleSet rules = RuleSet.load(RuleSet.rulesFolder(run.spec().rulesOverride()));
    Snapshot snapshot = new SnapshotLoader(run.spark(), run.schemasDir()).load(run.spec().snapshot());
    Dataset<Row> sks = MarkerView.SKS_CODES.read(run.referenceDir()).toDataFrame(run.spark());
    Dataset<Row> view = MarkerView.build(snapshot.markers(), snapshot.episodes(), sks, personPartitions(run));
    Dataset<Row> checked = MarkerScope.checked(view, rules, run.parameters());
    RankedRules rankedRules = RankedRules.plan(view, rules, run.parameters());

    Map<String, DatasetChecks.TableChecks> datasetChecks = markerTableChecks(rules, run, snapshot, view);
    String observed = "walk_" + java.util.UUID.randomUUID();
    List<Column> counts = new ArrayList<>(List.of(RowAccounting.counted(RowAccounting.beyondCutoff(run.parameters()))));
    counts.add(count_if(col(ScopeEvaluator.MAX_SEVERITY).equalTo("BLOCKER")).as("rows_blocker"));
    counts.addAll(InputStats.checksumAggregates(RAW_MARKER_COLUMNS));
    datasetChecks.values().forEach(c -> counts.addAll(c.aggregations("deequ_")));
    Column usable = RowAccounting.usableMarker(run.parameters());
    // counted as the rules are evaluated, before the sort, which then carries only what the walk reads
    Dataset<Row> counted = checked.observe(observed, counts.get(0),
        counts.subList(1, counts.size()).toArray(Column[]::new));
    Dataset<Row> walkInput = MarkerView.inWalkOrder(counted, usable)
        .select(PersonWalk.input(usable, col(ScopeEvaluator.BROKEN_RULES), rankedRules));

    LOG.info("walk: every marker, by person, in one pass (cut-off {})", run.spec().cutoff());
    writeUnsorted(run.spark(), () -> PersonWalk.walk(walkInput, run.spec().cutoff(), rankedRules).write()
        .mode(SaveMode.Overwrite).option("parquet.enable.dictionary", "false")
        .option("parquet.block.size", String.valueOf(ROW_GROUP_BYTES)).partitionBy("kind")
        .parquet(run.layout().stagingWork(OUTPUT)));
    HaltPoints.insideStep();
    Map<String, Object> values = observedMetrics(walkInput, observed);

    RowAccounting accounting = RowAccounting.fromCounts(Snapshot.MARKERS, footerRows(run, Snapshot.MARKERS),
        number(values, "rows_checked"), number(values, "rows_excluded"), number(values, "rows_beyond_cutoff"));
    LOG.info("row accounting: {}", accounting);
    List<DatasetChecks.CheckOutcome> outcomes = new ArrayList<>();
    MetricsHistory metrics = MetricsHistory.open(run.files(), run.layout().metrics(), metricsWork(run));
    var repository = DatasetChecks.repository(run.spark(), metrics.workDir());
    datasetChecks.values().forEach(c -> c.evaluate(aggregated(values, c), null, repository, run.parameters())
        .forEach(outcomes::add));

    String checksum = InputStats.checksumText(values);
    return StepStates.toMap(new StepStates.Walked(checksum,
        StepStates.Accounting.of(accounting), number(values, "rows_blocker"), outcomes, metrics.status()));
  }

  /**
   * Runs a partitioned write with a writer per kind open at once ({@link #KINDS_OPEN_AT_ONCE}), so Spark plans no
   * sort by kind before it, and puts the session's setting back afterwards: later steps' writes keep Spark's default.
   */
  private static void writeUnsorted(SparkSession spark, Runnable write) {
    SparkSessions.withSetting(spark, CONCURRENT_WRITERS, String.valueOf(KINDS_OPEN_AT_ONCE), () -> {
      write.run();
      return null;
    });
  }

  /**
   * What the walk's input observed as the walk read it. The walk runs over the input's own RDD
   * ({@link PersonWalk#walk}), so the metrics are on the input's executed plan, not on the query that wrote the
   * output (which an {@link org.apache.spark.sql.Observation} would wait for).
   */
  private static Map<String, Object> observedMetrics(Dataset<Row> input, String name) {
    scala.Option<Row> row = input.queryExecution().observedMetrics().get(name);
    if (row.isEmpty()) {
      throw new IllegalStateException("the walk's input observed no metrics " + name);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (String field : row.get().schema().fieldNames()) {
      values.put(field, row.get().getAs(field));
    }
    return values;
  }

  /**
   * The person partitions of the walk: the shuffle partitions in force ({@code SparkSessions} sizes them to the
   * snapshot), rounded up to a multiple of the cores, so every core walks as many partitions, and fixed, so the walk's
   * last stage runs as many tasks whatever the shuffle's size (adaptive execution would coalesce them by size).
   */
  static int personPartitions(StepRun run) {
    int cores = Math.max(1, run.spark().sparkContext().defaultParallelism());
    int partitions = Integer.parseInt(run.spark().conf().get("spark.sql.shuffle.partitions"));
    return (partitions + cores - 1) / cores * cores;
  }

  /** The run's working copy of the metrics history: the walk prepares it, validate adds to it and commits it. */
  private static String metricsWork(StepRun run) {
    return run.layout().stagingWork("metrics");
  }

  /** The metrics history as the walk prepared it for this run. */
  static MetricsHistory metricsHistory(StepRun run, StepStates.Walked walked) {
    return MetricsHistory.resume(run.files(), run.layout().metrics(), metricsWork(run), walked.metricsHistory());
  }

  /** The dataset rules on the marker tables, planned against the tables' own schemas. */
  private static Map<String, DatasetChecks.TableChecks> markerTableChecks(RuleSet rules, StepRun run,
      Snapshot snapshot, Dataset<Row> view) {
    Map<String, StructType> schemas = new LinkedHashMap<>();
    schemas.put(Snapshot.MARKERS, snapshot.markers().selectExpr(RAW_MARKER_COLUMNS.toArray(String[]::new)).schema());
    schemas.put("marker_view", view.schema());
    return DatasetChecks.plan(rules, run.parameters(), schemas);
  }

  /** The values of one table's Deequ aggregations, in order. */
  static Row aggregated(Map<String, Object> values, DatasetChecks.TableChecks checks) {
    List<Column> aggregations = checks.aggregations("deequ_");
    Object[] row = new Object[aggregations.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = values.get("deequ_" + checks.table() + "_" + i);
    }
    return RowFactory.create(row);
  }

  static long footerRows(StepRun run, String table) {
    return run.state("load", StepStates.Loaded.class).rows(table);
  }

  private static long number(Map<String, Object> values, String name) {
    return ((Number) values.get(name)).longValue();
  }
}
