package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dk.pathwatch.disclosure.LinearTable;
import dk.pathwatch.disclosure.Protection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disclosure control of the published aggregates (SPEC §4): the internal tables stay unsuppressed; the published
 * ones ({@code indicators_published}, {@code activity_published}, {@code mwt_published}) carry each hidden value as
 * null with a flag saying why ({@code primary}, {@code secondary}).
 *
 * <p>Spark only moves the data: the internal tables (a few thousand cells per quarter) are collected, the cells and
 * their relations built ({@link DisclosureModel}), protected and audited in plain Java
 * ({@link dk.pathwatch.disclosure.Protection}), and the flags joined back. Counts first (all three tables at once,
 * since OF1 {@code n} is {@code investigation_started} and so on), then the shares, whose cells include every share
 * of a hidden count.
 *
 * <ul>
 *   <li>A share is primary when {@code n − n_no_standard} ≤ 10. When its count is hidden the share is hidden with
 *       the count's flag: a {@code primary} share flag beside a {@code secondary} count would tell that the count
 *       is at most 10 plus its pathways without a standard.</li>
 *   <li>Quartiles are shown only beside a shown {@code n} above 10, so they never tell anything about a hidden
 *       count.</li>
 *   <li>No share flag where no share exists.</li>
 * </ul>
 */
public final class DisclosureControl {
  private static final Logger LOG = LoggerFactory.getLogger(DisclosureControl.class);
  public static final String PRIMARY = "primary";
  public static final String SECONDARY = "secondary";

  /** The published tables and the audit of the suppression behind them. */
  public record Published(Dataset<Row> indicators, Dataset<Row> activity, Dataset<Row> mwt, DisclosureAudit audit) {}

  private DisclosureControl() {}

  /** Protects the three internal tables together and audits the result. */
  public static Published protect(Dataset<Row> indicators, Dataset<Row> activity, Dataset<Row> mwt) {
    Decision d = decide(indicatorRows(indicators), activityRows(activity), mwtRows(mwt));
    SparkSession spark = indicators.sparkSession();
    return new Published(publishIndicators(spark, indicators, d.flags()), publishActivity(spark, activity,
        d.flags()), publishMwt(spark, mwt, d.flags()), d.audit());
  }

  /**
   * The flag of every hidden cell, by cell key ({@link DisclosureModel#key}: table.column|cell_id), and the audit.
   *
   * @param counts the count table the decision was made on (for tests and the trace of a decision)
   */
  public record Decision(Map<String, String> flags, DisclosureAudit audit, LinearTable counts, LinearTable shares) {}

  /**
   * Test hook (the audit's own test, like {@code PATHWATCH_HALT_AT}): with this system property {@code true} the
   * counts get primary suppression only, as a broken secondary suppression would leave them, so that a test can see
   * the audit stop publication. Unset outside tests.
   */
  public static final String PRIMARY_ONLY_PROPERTY = "pathwatch.test.disclosure-primary-only";

  /** The decision in plain Java: counts of the three tables first, then the shares. */
  public static Decision decide(List<DisclosureModel.IndicatorRow> ind, List<DisclosureModel.ActivityRow> act,
      List<DisclosureModel.MwtRow> mw) {
    long start = System.nanoTime();
    Map<String, String> flags = new HashMap<>();
    List<DisclosureAudit.Result> results = new ArrayList<>();
    LinearTable counts = DisclosureModel.counts(ind, act, mw);
    Protection.Outcome countOutcome = Boolean.getBoolean(PRIMARY_ONLY_PROPERTY)
        ? Protection.audit(counts, primaryOnly(counts)) : Protection.protect(counts);
    countOutcome.flags().forEach((c, f) -> flags.put(counts.key(c), flag(f)));
    results.add(new DisclosureAudit.Result(counts, countOutcome));
    LinearTable shares = DisclosureModel.shares(ind,
        id -> flags.containsKey(DisclosureModel.key(DisclosureModel.INDICATORS, "n", id)));
    Protection.Outcome shareOutcome = Protection.protect(shares);
    shareOutcome.flags().forEach((c, f) -> flags.put(shares.key(c), shareFlag(shares.key(c), f, flags)));
    results.add(new DisclosureAudit.Result(shares, shareOutcome));
    DisclosureAudit audit = DisclosureAudit.of(results, flags, (System.nanoTime() - start) / 1e9);
    if (!audit.unprotectable().isEmpty()) {
      LOG.warn("disclosure: {} cell(s) cannot be protected by suppression (the flags and margins give them away "
          + "whatever is hidden), e.g. {}", audit.unprotectable().size(), audit.unprotectable().subList(0,
          Math.min(3, audit.unprotectable().size())));
    }
    LOG.info("disclosure: {} cells in {} sub-tables, {} hidden, audit {} recoverable, {} unprotectable, {} s",
        counts.size() + shares.size(), audit.subTables(), flags.size(), audit.recoverable().size(),
        audit.unprotectable().size(), String.format("%.2f", audit.seconds()));
    return new Decision(flags, audit, counts, shares);
  }

  private static Map<Integer, Protection.Flag> primaryOnly(LinearTable t) {
    Map<Integer, Protection.Flag> flags = new HashMap<>();
    for (int c = 0; c < t.size(); c++) {
      if (t.primary(c)) {
        flags.put(c, Protection.Flag.PRIMARY);
      }
    }
    return flags;
  }

  private static String flag(Protection.Flag f) {
    return f == Protection.Flag.PRIMARY ? PRIMARY : SECONDARY;
  }

  /** A hidden share carries its count's flag when the count is hidden too, else its own. */
  private static String shareFlag(String shareKey, Protection.Flag f, Map<String, String> flags) {
    String cellId = shareKey.substring(shareKey.indexOf('|') + 1);
    String countFlag = flags.get(DisclosureModel.key(DisclosureModel.INDICATORS, "n", cellId));
    return countFlag != null ? countFlag : flag(f);
  }

  // ---- collect: the internal tables as plain rows, in cell_id order ------------------------------------------

  static List<DisclosureModel.IndicatorRow> indicatorRows(Dataset<Row> indicators) {
    List<DisclosureModel.IndicatorRow> out = new ArrayList<>();
    for (Row r : indicators.select(Cells.cellId(Indicators.CELL).as("cell_id"), col("quarter"), col("region"),
        col("pathway"), col("modality"), col("indicator"), col("n"), col("n_within"), col("share_within"),
        col("n_no_standard")).collectAsList()) {
      out.add(new DisclosureModel.IndicatorRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
          r.getString(4), r.getString(5), num(r, 6), r.isNullAt(7) ? null : num(r, 7),
          r.isNullAt(8) ? null : r.getDouble(8), r.isNullAt(9) ? 0 : num(r, 9)));
    }
    out.sort(Comparator.comparing(DisclosureModel.IndicatorRow::cellId));
    return out;
  }

  static List<DisclosureModel.ActivityRow> activityRows(Dataset<Row> activity) {
    List<String> counts = present(activity, Activity.COUNTS);
    List<Column> cols = new ArrayList<>(List.of(Cells.cellId(Activity.CELL).as("cell_id"), col("quarter"),
        col("region"), col("pathway")));
    counts.forEach(c -> cols.add(col(c)));
    List<DisclosureModel.ActivityRow> out = new ArrayList<>();
    for (Row r : activity.select(cols.toArray(Column[]::new)).collectAsList()) {
      Map<String, Long> m = new LinkedHashMap<>();
      for (int i = 0; i < counts.size(); i++) {
        m.put(counts.get(i), r.isNullAt(4 + i) ? 0 : num(r, 4 + i));
      }
      out.add(new DisclosureModel.ActivityRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3), m));
    }
    out.sort(Comparator.comparing(DisclosureModel.ActivityRow::cellId));
    return out;
  }

  static List<DisclosureModel.MwtRow> mwtRows(Dataset<Row> mwt) {
    List<String> keys = mwtKeys(mwt);
    List<String> counts = present(mwt, MWT_COUNTS);
    List<Column> cols = new ArrayList<>(List.of(Cells.cellId(keys).as("cell_id")));
    keys.forEach(k -> cols.add(col(k).cast("string")));
    counts.forEach(c -> cols.add(col(c)));
    List<DisclosureModel.MwtRow> out = new ArrayList<>();
    for (Row r : mwt.select(cols.toArray(Column[]::new)).collectAsList()) {
      List<String> rest = new ArrayList<>();
      for (int i = 3; i <= keys.size(); i++) {
        rest.add(r.isNullAt(i) ? "" : r.getString(i));
      }
      Map<String, Long> m = new LinkedHashMap<>();
      for (int i = 0; i < counts.size(); i++) {
        int at = 1 + keys.size() + i;
        m.put(counts.get(i), r.isNullAt(at) ? 0 : num(r, at));
      }
      out.add(new DisclosureModel.MwtRow(r.getString(0), r.getString(1), r.isNullAt(2) ? "" : r.getString(2), rest,
          m));
    }
    out.sort(Comparator.comparing(DisclosureModel.MwtRow::cellId));
    return out;
  }

  /** The published count columns of mwt: {@code n}, and {@code n_still_waiting} when the table has it. */
  static final List<String> MWT_COUNTS = List.of("n", "n_still_waiting");

  /** The key columns of the mwt table as it is: {@link MwtAggregates#CELL} where present. */
  private static List<String> mwtKeys(Dataset<Row> mwt) {
    return present(mwt, MwtAggregates.CELL);
  }

  private static List<String> present(Dataset<Row> df, List<String> wanted) {
    List<String> have = Arrays.asList(df.columns());
    return wanted.stream().filter(have::contains).toList();
  }

  private static long num(Row r, int i) {
    return ((Number) r.get(i)).longValue();
  }

  // ---- publish: the flags joined back ---------------------------------------------------------------------------

  private static Dataset<Row> flagTable(SparkSession spark, Map<String, String> flags, String table,
      List<String> columns) {
    Map<String, String[]> byCell = new HashMap<>();
    String[] prefixes = columns.stream().map(c -> table + "." + c + "|").toArray(String[]::new);
    flags.forEach((key, flag) -> {
      for (int i = 0; i < prefixes.length; i++) {
        if (key.startsWith(prefixes[i])) {
          byCell.computeIfAbsent(key.substring(prefixes[i].length()), k -> new String[prefixes.length])[i] = flag;
        }
      }
    });
    List<StructField> fields = new ArrayList<>(List.of(DataTypes.createStructField("_cell", DataTypes.StringType,
        false)));
    columns.forEach(c -> fields.add(DataTypes.createStructField("_f_" + c, DataTypes.StringType, true)));
    List<Row> rows = new ArrayList<>();
    byCell.forEach((cell, f) -> {
      Object[] values = new Object[f.length + 1];
      values[0] = cell;
      System.arraycopy(f, 0, values, 1, f.length);
      rows.add(RowFactory.create(values));
    });
    return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
  }

  private static Dataset<Row> withFlags(Dataset<Row> internal, Dataset<Row> flags, List<String> cellKeys) {
    Dataset<Row> keyed = internal.withColumn("_id", Cells.cellId(cellKeys));
    return keyed.join(flags, keyed.col("_id").equalTo(flags.col("_cell")), "left");
  }

  /**
   * Published indicators: {@code quarter, region, pathway, modality, indicator, n, share_within, q1, median, q3,
   * suppressed_n, suppressed_share, uses_unverified_standard, cell_id}.
   */
  private static Dataset<Row> publishIndicators(SparkSession spark, Dataset<Row> indicators,
      Map<String, String> flags) {
    Dataset<Row> f = withFlags(indicators,
        flagTable(spark, flags, DisclosureModel.INDICATORS, List.of("n", DisclosureModel.SHARE)), Indicators.CELL);
    Column nShown = col("_f_n").isNull();
    Column quartilesShown = nShown.and(col("n").gt(DisclosureModel.MAX_N_WITHOUT_QUARTILES));
    return f.select(
        col("quarter"), col("region"), col("pathway"), col("modality"), col("indicator"),
        when(nShown, col("n")).as("n"),
        when(col("_f_share").isNull(), col("share_within")).as("share_within"),
        when(quartilesShown, col("q1")).as("q1"),
        when(quartilesShown, col("median")).as("median"),
        when(quartilesShown, col("q3")).as("q3"),
        col("_f_n").as("suppressed_n"), col("_f_share").as("suppressed_share"),
        col("uses_unverified_standard"), col("_id").as("cell_id"));
  }

  /**
   * Published activity: {@code quarter, region, pathway}, each count of {@link Activity#COUNTS}, a flag
   * {@code suppressed_<count>} per count, then {@code cell_id}.
   */
  private static Dataset<Row> publishActivity(SparkSession spark, Dataset<Row> activity, Map<String, String> flags) {
    List<String> counts = present(activity, Activity.COUNTS);
    Dataset<Row> f = withFlags(activity, flagTable(spark, flags, DisclosureModel.ACTIVITY, counts), Activity.CELL);
    List<Column> out = new ArrayList<>(List.of(col("quarter"), col("region"), col("pathway")));
    counts.forEach(c -> out.add(when(col("_f_" + c).isNull(), col(c)).as(c)));
    counts.forEach(c -> out.add(col("_f_" + c).as("suppressed_" + c)));
    out.add(col("_id").as("cell_id"));
    return f.select(out.toArray(Column[]::new));
  }

  /** Published mwt: its key columns, its counts, a flag {@code suppressed_<count>} per count, {@code cell_id}. */
  private static Dataset<Row> publishMwt(SparkSession spark, Dataset<Row> mwt, Map<String, String> flags) {
    List<String> keys = mwtKeys(mwt);
    List<String> counts = present(mwt, MWT_COUNTS);
    Dataset<Row> f = withFlags(mwt, flagTable(spark, flags, DisclosureModel.MWT, counts), keys);
    List<Column> out = new ArrayList<>();
    keys.forEach(k -> out.add(col(k)));
    counts.forEach(c -> out.add(when(col("_f_" + c).isNull(), col(c)).as(c)));
    counts.forEach(c -> out.add(col("_f_" + c).as("suppressed_" + c)));
    out.add(col("_id").as("cell_id"));
    return f.select(out.toArray(Column[]::new));
  }
}
