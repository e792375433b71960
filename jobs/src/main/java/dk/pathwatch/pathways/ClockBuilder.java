package dk.pathwatch.pathways;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.ReferenceLayout;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the clock scope table of SPEC §5/§6: the maximum-waiting-time clocks of every episode, with raw, pause
 * and net days, the limit valid on the start date and the category of the enhanced quarterly reporting, plus one
 * row per stop marker that found no open clock to stop ({@code stray_stop = true}, its own key, no rule), so the
 * rule engine can report it; the {@code clocks} table is the rows without {@code stray_stop}.
 *
 * <p>How: the person walk ({@link PersonWalk}) keeps the AFV markers of each episode of a person and walks them with
 * {@link ClockWalk} (a per-episode state machine with four concurrent clocks, the EFT "later of two starts", ignored
 * starts and the union of typed pauses, which would be unreadable as a Spark {@code aggregate} lambda). The region,
 * the limit lookup and the categories are then plain column expressions over the walked clocks ({@link #fromWalk}).
 */
public final class ClockBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ClockBuilder.class);

  /** Columns of the table {@link #build} returns, in order. */
  public static final List<String> COLUMNS = List.of(
      "clock_id", "dw_ek_forloeb", "cpr_encrypted", "rule", "date_start", "date_stop", "date_end", "end_code",
      "raw_days", "pause_days", "net_days", "waiting_days", "max_days", "limit_verified", "category", "reason",
      "still_waiting", "region", "region_ans", "region_bopael_invalid", "quarter", "ignored_starts", "single_start",
      "unclosed_pause", "overlapping_pauses", "limit_missing", "stray_stop", "markoer", "dato_markoer",
      "tidspunkt_markoer");

  /** The categories of SPEC §5 (the enhanced quarterly reporting). */
  public static final String INDEN_FOR = "inden_for";
  public static final String OVERSKREDET = "overskredet_regler_overholdt";
  public static final String IKKE_OVERHOLDT = "regler_ikke_overholdt";
  public static final String IGANGVAERENDE = "igangvaerende";
  public static final String AFSLUTTET = "afsluttet";
  public static final List<String> CATEGORIES = List.of(INDEN_FOR, OVERSKREDET, IKKE_OVERHOLDT, IGANGVAERENDE,
      AFSLUTTET);
  /** The reasons an overrun within the rules can have (category {@link #OVERSKREDET} only), one per pause type. */
  public static final List<String> REASONS = java.util.Arrays.stream(ClockWalk.PauseType.values())
      .map(t -> t.reason).toList();

  private ClockBuilder() {}

  /**
   * The layout of {@code mwt_limits}, checked by the run's preflight: a known rule, days above 0, and periods of one
   * rule that do not overlap (two periods covering the same day would double a clock).
   */
  public static final ReferenceLayout MWT_LIMITS = new ReferenceLayout("mwt_limits", List.of(
      ReferenceLayout.oneOf("rule", Arrays.stream(ClockWalk.Rule.values()).map(Enum::name).toList()),
      ReferenceLayout.required("max_days", ReferenceLayout.Kind.POSITIVE_INT),
      ReferenceLayout.optional("valid_from", ReferenceLayout.Kind.DATE),
      ReferenceLayout.optional("valid_to", ReferenceLayout.Kind.DATE),
      ReferenceLayout.required("verified", ReferenceLayout.Kind.BOOLEAN),
      ReferenceLayout.required("source", ReferenceLayout.Kind.TEXT)),
      List.of("rule"), true);

  /** The reference table {@code mwt_limits} of a reference folder, as strings (see {@link #MWT_LIMITS}). */
  public static Dataset<Row> readLimits(SparkSession spark, Path referenceDir) {
    return MWT_LIMITS.read(referenceDir).toDataFrame(spark);
  }

  /** As {@link #build(Dataset, Dataset, Dataset, LocalDate)} with the bundled {@code regions} reference table. */
  public static Dataset<Row> build(Dataset<Row> usedMarkers, Dataset<Row> mwtLimits, LocalDate cutoff) {
    Dataset<Row> regions = PathwayBuilder.REGIONS.read(ProjectFiles.bundled("validation-rules").resolve("reference"))
        .toDataFrame(usedMarkers.sparkSession());
    return build(usedMarkers, mwtLimits, regions, cutoff);
  }

  /**
   * Walks marker view rows the caller chose (not ERROR-excluded, on or before the cut-off, {@code dup_rank = 1})
   * and builds their clocks; only AFV markers start, stop or pause one. The nightly job walks once for everything
   * and uses {@link #fromWalk}.
   *
   * @param mwtLimits reference table {@code mwt_limits} ({@link #MWT_LIMITS}, checked: periods of one rule do not
   *     overlap)
   * @param regions reference table {@code regions} (column {@code code}): the regions a clock may belong to
   * @param cutoff the run's cut-off: clocks without a stop by then are running
   * @return one row per clock and per stray stop, columns {@link #COLUMNS}
   */
  public static Dataset<Row> build(Dataset<Row> usedMarkers, Dataset<Row> mwtLimits, Dataset<Row> regions,
      LocalDate cutoff) {
    LOG.info("clocks: walking AFV markers per episode (cut-off {})", cutoff);
    Dataset<Row> walked = PathwayBuilder.walkAll(usedMarkers, cutoff);
    return fromWalk(WalkOutput.select(walked, WalkOutput.Kind.CLOCK), mwtLimits, regions, cutoff);
  }

  /** The clock scope table from the walk's {@link WalkOutput.Kind#CLOCK} rows. */
  public static Dataset<Row> fromWalk(Dataset<Row> walkedClocks, Dataset<Row> mwtLimits, Dataset<Row> regions,
      LocalDate cutoff) {
    return categorise(withLimits(withRegion(typed(walkedClocks, cutoff), regions), mwtLimits), cutoff).select(
        COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * Dates and days. A stopped clock has {@code date_stop}, raw and net days; a clock ended by AFV01X1–X3 has its
   * end in {@code date_end} and no stop, raw or net days (SPEC §5: it never reads as an overrun); a running one has
   * {@code waiting_days} at the cut-off. The quarter is that of the stop (or end), else of the cut-off.
   */
  private static Dataset<Row> typed(Dataset<Row> walked, LocalDate cutoff) {
    Column start = col("date_start");
    Column finish = col("stop_date");
    Column stray = col("stray_stop");
    Column ended = col("ended_by_x");
    Column running = finish.isNull().and(not(stray));
    Column stopped = finish.isNotNull().and(not(ended)).and(not(stray));
    return walked
        .withColumn("clock_id", sha2(concat_ws("|", when(stray, lit("stray_stop")), col("dw_ek_forloeb"), col("rule"),
            col("dato_markoer").cast("string"), col("start_time"), col("start_code")), 256).substr(1, 32))
        .withColumn("date_start", when(not(stray), col("dato_markoer")))
        .withColumn("date_stop", when(stopped, finish))
        .withColumn("date_end", when(ended, finish))
        .withColumn("raw_days", when(stopped, datediff(finish, start)))
        .withColumn("net_days", col("raw_days").minus(col("pause_days")))
        .withColumn("waiting_days", when(running, datediff(lit(cutoff), start).minus(col("pause_days"))))
        .withColumn("still_waiting", running)
        .withColumn("quarter_date", when(not(stray), coalesce(finish, lit(cutoff))))
        .withColumn("quarter", concat(year(col("quarter_date")).cast("string"), lit("Q"),
            quarter(col("quarter_date")).cast("string")));
  }

  /**
   * {@code region}: {@code region_bopael} when it is one of the regions, else {@code region_ans} (SPEC §5; the
   * marker rules already left out episodes whose {@code region_ans} is not one). A blank or unknown
   * {@code region_bopael} counts as missing and sets {@code region_bopael_invalid} (a WARNING on the clock); a null
   * one is simply missing. A code has one row in {@code regions} ({@link PathwayBuilder#REGIONS}: its key, checked
   * by the run's preflight), so the look-up finds one row at most and needs no distinct (an exchange, issue #16).
   */
  private static Dataset<Row> withRegion(Dataset<Row> clocks, Dataset<Row> regions) {
    Dataset<Row> known = regions.select(col("code").as("known_region"));
    Column valid = col("known_region").isNotNull();
    return clocks.join(broadcast(known), col("region_bopael").equalTo(col("known_region")), "left")
        .withColumn("region", when(valid, col("region_bopael")).otherwise(col("region_ans")))
        .withColumn("region_bopael_invalid",
            col("region_bopael").isNotNull().and(not(valid)).and(not(col("stray_stop"))))
        .drop("known_region");
  }

  /**
   * The limit valid on the clock's start date; open bounds always match. The periods of one rule do not overlap
   * ({@link #MWT_LIMITS}, checked before the run), so a clock finds one limit at most.
   */
  private static Dataset<Row> withLimits(Dataset<Row> clocks, Dataset<Row> mwtLimits) {
    Dataset<Row> limits = mwtLimits.select(col("rule").as("limit_rule"),
        col("max_days").cast("int").as("max_days"), col("valid_from").cast("date").as("limit_from"),
        col("valid_to").cast("date").as("limit_to"),
        coalesce(lower(col("verified")).equalTo("true"), lit(false)).as("limit_verified"));
    Column matches = col("rule").equalTo(col("limit_rule"))
        .and(col("limit_from").isNull().or(col("limit_from").leq(col("date_start"))))
        .and(col("limit_to").isNull().or(col("limit_to").geq(col("date_start"))));
    return clocks.join(broadcast(limits), matches, "left")
        .withColumn("limit_missing", col("max_days").isNull().and(not(col("stray_stop"))))
        .withColumn("limit_verified", coalesce(col("limit_verified"), lit(false)));
  }

  private static Dataset<Row> categorise(Dataset<Row> clocks, LocalDate cutoff) {
    Column max = col("max_days");
    Column category = when(col("ended_by_x"), lit(AFSLUTTET))
        .when(max.isNull(), lit(null).cast("string"))
        .when(col("still_waiting"), when(col("waiting_days").gt(max), lit(IKKE_OVERHOLDT))
            .otherwise(lit(IGANGVAERENDE)))
        .when(col("raw_days").leq(max), lit(INDEN_FOR))
        .when(col("net_days").leq(max), lit(OVERSKREDET))
        .otherwise(lit(IKKE_OVERHOLDT));
    return clocks
        .withColumn("category", category)
        .withColumn("reason", when(col("category").equalTo(OVERSKREDET), col("pause_reason")));
  }
}
