package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The disclosure control Pathwatch had before issue #13, kept for the tests only: they show that its output leaks
 * (a pathway is {@code all} minus the shown pathways) and that the audit catches it. Region-only secondary
 * suppression with Spark windows:
 *
 * <ul>
 *   <li><b>primary</b>: a count of 1–4 is suppressed; a share and the quartiles are suppressed when {@code n} ≤ 10;
 *       zero is shown.</li>
 *   <li><b>secondary</b>, for counts and for shares separately: within one group (the same cell apart from region)
 *       where the national value is shown and exactly one region value is suppressed, the shown region cell with
 *       the smallest {@code n} (ties: lowest region code) is suppressed too, so that national minus the shown
 *       regions never isolates one suppressed region. For counts only cells with a count above zero are candidates
 *       (hiding a known zero protects nothing). If no candidate exists the national value is suppressed instead.
 *       Secondary suppression of a share hides the share only; quartiles cannot be derived by subtraction.</li>
 * </ul>
 *
 * <p>Published indicators carry {@code n, share_within, q1, median, q3}, not {@code n_within} nor
 * {@code n_no_standard} (counts that would need their own suppression). All steps are Spark windows.
 */
final class RegionOnlySuppression {
  public static final String PRIMARY = "primary";
  public static final String SECONDARY = "secondary";
  /** Counts from 1 up to this are suppressed. */
  public static final int MAX_SUPPRESSED_COUNT = 4;
  /** Shares and quartiles of cells with n up to this are suppressed. */
  public static final int MAX_N_WITHOUT_SHARE = 10;
  /** The groups of the indicators table within which regions add up to national. */
  public static final List<String> INDICATOR_GROUP = List.of("quarter", "pathway", "modality", "indicator");
  public static final List<String> ACTIVITY_GROUP = List.of("quarter", "pathway");

  private RegionOnlySuppression() {}

  /**
   * Published indicators: {@code quarter, region, pathway, modality, indicator, n, share_within, q1, median, q3,
   * suppressed_n, suppressed_share, uses_unverified_standard, cell_id}.
   */
  public static Dataset<Row> publishIndicators(Dataset<Row> indicators) {
    Dataset<Row> flagged = indicators
        .withColumn("suppressed_n", primaryCount(col("n")))
        .withColumn("suppressed_share", when(col("n").leq(MAX_N_WITHOUT_SHARE), lit(PRIMARY)));
    flagged = secondary(flagged, INDICATOR_GROUP, "suppressed_n", col("n"), col("n").gt(0), lit(true));
    flagged = secondary(flagged, INDICATOR_GROUP, "suppressed_share", col("n"), col("share_within").isNotNull(),
        col("share_within").isNotNull());
    Column quartilesShown = col("n").gt(MAX_N_WITHOUT_SHARE);
    return flagged.select(
        col("quarter"), col("region"), col("pathway"), col("modality"), col("indicator"),
        when(col("suppressed_n").isNull(), col("n")).as("n"),
        when(col("suppressed_share").isNull(), col("share_within")).as("share_within"),
        when(quartilesShown, col("q1")).as("q1"),
        when(quartilesShown, col("median")).as("median"),
        when(quartilesShown, col("q3")).as("q3"),
        col("suppressed_n"), col("suppressed_share"),
        col("uses_unverified_standard"), col("cell_id"));
  }

  /**
   * Published activity: {@code quarter, region, pathway}, each count of {@link Activity#COUNTS} and after them a
   * flag {@code suppressed_<count>} per count, then {@code cell_id}; each count column is protected on its own.
   */
  public static Dataset<Row> publishActivity(Dataset<Row> activity) {
    Dataset<Row> flagged = activity;
    for (String c : Activity.COUNTS) {
      String flag = "suppressed_" + c;
      flagged = flagged.withColumn(flag, primaryCount(col(c)));
      flagged = secondary(flagged, ACTIVITY_GROUP, flag, col(c), col(c).gt(0), lit(true));
    }
    List<Column> out = new ArrayList<>(List.of(col("quarter"), col("region"), col("pathway")));
    for (String c : Activity.COUNTS) {
      out.add(when(col("suppressed_" + c).isNull(), col(c)).as(c));
    }
    for (String c : Activity.COUNTS) {
      out.add(col("suppressed_" + c));
    }
    out.add(Cells.cellId(Activity.CELL).as("cell_id"));
    return flagged.select(out.toArray(Column[]::new));
  }

  /** Published mwt: {@code quarter, region, rule, category, reason, still_waiting, n, suppressed_n, cell_id}. */
  public static Dataset<Row> publishMwt(Dataset<Row> mwt) {
    Dataset<Row> flagged = mwt.withColumn("suppressed_n", primaryCount(col("n")));
    flagged = secondary(flagged, MwtAggregates.GROUP, "suppressed_n", col("n"), col("n").gt(0), lit(true));
    return flagged.select(col("quarter"), col("region"), col("rule"), col("category"), col("reason"),
        col("still_waiting"), when(col("suppressed_n").isNull(), col("n")).as("n"), col("suppressed_n"),
        Cells.cellId(MwtAggregates.CELL).as("cell_id"));
  }

  private static Column primaryCount(Column count) {
    return when(count.between(1, MAX_SUPPRESSED_COUNT), lit(PRIMARY));
  }

  /**
   * Adds secondary flags to {@code flag} within each group of {@code group} (the columns apart from region).
   *
   * @param size orders the candidates (smallest first, then lowest region code)
   * @param candidate which shown region cells may be suppressed
   * @param protect whether a shown national cell has a value worth protecting (e.g. a share at all)
   */
  static Dataset<Row> secondary(Dataset<Row> df, List<String> group, String flag, Column size, Column candidate,
      Column protect) {
    Column[] groupCols = group.stream().map(c -> col(c)).toArray(Column[]::new);
    WindowSpec inGroup = Window.partitionBy(groupCols);
    Column national = col("region").equalTo(Cells.NATIONAL);
    Column shown = col(flag).isNull();
    List<Column> rankKeys = new ArrayList<>(List.of(groupCols));
    rankKeys.add(col("_candidate"));
    Dataset<Row> marked = df
        .withColumn("_candidate", national.unary_$bang().and(shown).and(candidate))
        .withColumn("_national_shown",
            max(when(national.and(shown).and(protect), 1).otherwise(0)).over(inGroup).equalTo(1))
        .withColumn("_suppressed_regions",
            sum(when(national.unary_$bang().and(col(flag).isNotNull()), 1).otherwise(0)).over(inGroup))
        .withColumn("_candidates", sum(when(col("_candidate"), 1).otherwise(0)).over(inGroup))
        .withColumn("_rank", row_number().over(Window.partitionBy(rankKeys.toArray(Column[]::new))
            .orderBy(size.asc(), col("region").asc())));
    Column exposed = col("_national_shown").and(col("_suppressed_regions").equalTo(1));
    Column pickRegion = exposed.and(col("_candidate")).and(col("_rank").equalTo(1));
    Column pickNational = exposed.and(national).and(col("_candidates").equalTo(0));
    return marked
        .withColumn(flag, when(pickRegion.or(pickNational), lit(SECONDARY)).otherwise(col(flag)))
        .drop("_candidate", "_national_shown", "_suppressed_regions", "_candidates", "_rank");
  }
}
