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

import dk.pathwatch.common.ReferenceTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@code clocks} table of SPEC §5/§6: the maximum-waiting-time clocks of every episode, with raw, pause
 * and net days, the limit valid on the start date and the category of the enhanced quarterly reporting.
 *
 * <p>How: the person walk ({@link PersonWalk}) keeps the AFV markers of each episode of a person and walks them with
 * {@link ClockWalk} (a per-episode state machine with four concurrent clocks, the EFT "later of two starts", ignored
 * starts and the union of typed pauses, which would be unreadable as a Spark {@code aggregate} lambda). The limit
 * lookup and the categories are then plain column expressions over the walked clocks ({@link #fromWalk}).
 */
public final class ClockBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ClockBuilder.class);

  /** Columns of the table {@link #build} returns, in order. */
  public static final List<String> COLUMNS = List.of(
      "clock_id", "dw_ek_forloeb", "cpr_encrypted", "rule", "date_start", "date_stop", "end_code",
      "raw_days", "pause_days", "net_days", "waiting_days", "max_days", "limit_verified", "category", "reason",
      "still_waiting", "region", "quarter", "ignored_starts", "unclosed_pause", "overlapping_pauses",
      "limit_missing", "markoer", "dato_markoer", "tidspunkt_markoer");

  private ClockBuilder() {}

  /** The reference table {@code mwt_limits} of a reference folder, as strings (see {@link ReferenceTable}). */
  public static Dataset<Row> readLimits(SparkSession spark, Path referenceDir) {
    return ReferenceTable.read(referenceDir, "mwt_limits").toDataFrame(spark);
  }

  /**
   * Walks marker view rows the caller chose (not ERROR-excluded, on or before the cut-off, {@code dup_rank = 1})
   * and builds their clocks; only AFV markers start, stop or pause one. The nightly job walks once for everything
   * and uses {@link #fromWalk}.
   *
   * @param mwtLimits reference table {@code mwt_limits} (rule, max_days, valid_from, valid_to, verified, source);
   *     periods of one rule must not overlap
   * @param cutoff the run's cut-off: clocks without a stop by then are running
   * @return one row per clock, columns {@link #COLUMNS}
   */
  public static Dataset<Row> build(Dataset<Row> usedMarkers, Dataset<Row> mwtLimits, LocalDate cutoff) {
    LOG.info("clocks: walking AFV markers per episode (cut-off {})", cutoff);
    Dataset<Row> walked = PathwayBuilder.walkAll(usedMarkers, cutoff);
    return fromWalk(WalkOutput.select(walked, WalkOutput.Kind.CLOCK), mwtLimits, cutoff);
  }

  /** The clocks table from the walk's {@link WalkOutput.Kind#CLOCK} rows. */
  public static Dataset<Row> fromWalk(Dataset<Row> walkedClocks, Dataset<Row> mwtLimits, LocalDate cutoff) {
    return categorise(withLimits(typed(walkedClocks, cutoff), mwtLimits), cutoff).select(
        COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  private static Dataset<Row> typed(Dataset<Row> walked, LocalDate cutoff) {
    Column start = col("date_start");
    Column stop = col("date_stop");
    Column running = stop.isNull();
    return walked
        .withColumnRenamed("region", "region_ans")
        .withColumn("clock_id", sha2(concat_ws("|", col("dw_ek_forloeb"), col("rule"),
            col("dato_markoer").cast("string"), col("start_time"), col("start_code")), 256).substr(1, 32))
        .withColumn("date_start", col("dato_markoer"))
        .withColumn("date_stop", col("stop_date"))
        .withColumn("raw_days", when(not(running), datediff(stop, start)))
        .withColumn("net_days", col("raw_days").minus(col("pause_days")))
        .withColumn("waiting_days", when(running, datediff(lit(cutoff), start).minus(col("pause_days"))))
        .withColumn("still_waiting", running)
        .withColumn("region", coalesce(col("region_bopael"), col("region_ans")))
        .withColumn("quarter_date", coalesce(stop, lit(cutoff)))
        .withColumn("quarter", concat(year(col("quarter_date")).cast("string"), lit("Q"),
            quarter(col("quarter_date")).cast("string")));
  }

  /** The limit valid on the clock's start date; open bounds always match. */
  private static Dataset<Row> withLimits(Dataset<Row> clocks, Dataset<Row> mwtLimits) {
    checkNoOverlap(mwtLimits);
    Dataset<Row> limits = mwtLimits.select(col("rule").as("limit_rule"),
        col("max_days").cast("int").as("max_days"), col("valid_from").cast("date").as("limit_from"),
        col("valid_to").cast("date").as("limit_to"),
        coalesce(lower(col("verified")).equalTo("true"), lit(false)).as("limit_verified"));
    Column matches = col("rule").equalTo(col("limit_rule"))
        .and(col("limit_from").isNull().or(col("limit_from").leq(col("date_start"))))
        .and(col("limit_to").isNull().or(col("limit_to").geq(col("date_start"))));
    return clocks.join(broadcast(limits), matches, "left")
        .withColumn("limit_missing", col("max_days").isNull())
        .withColumn("limit_verified", coalesce(col("limit_verified"), lit(false)));
  }

  /**
   * Two periods of one rule covering the same day would double a clock: refuse such a reference table. It is a
   * handful of rows, read on the driver.
   */
  static void checkNoOverlap(Dataset<Row> mwtLimits) {
    List<Row> rows = mwtLimits.select(col("rule"), col("valid_from").cast("string"), col("valid_to").cast("string"))
        .collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      for (int j = i + 1; j < rows.size(); j++) {
        Row a = rows.get(i);
        Row b = rows.get(j);
        if (a.getString(0).equals(b.getString(0)) && startsBeforeEnd(a, b) && startsBeforeEnd(b, a)) {
          throw new IllegalStateException("mwt_limits: overlapping validity periods for rule " + a.getString(0));
        }
      }
    }
  }

  /** {@code a} starts on or before {@code b} ends (null = open). Columns: 1 = from, 2 = to, ISO dates. */
  private static boolean startsBeforeEnd(Row a, Row b) {
    return a.isNullAt(1) || b.isNullAt(2) || a.getString(1).compareTo(b.getString(2)) <= 0;
  }

  private static Dataset<Row> categorise(Dataset<Row> clocks, LocalDate cutoff) {
    Column max = col("max_days");
    Column category = when(col("ended_by_x"), lit("afsluttet"))
        .when(max.isNull(), lit(null).cast("string"))
        .when(col("still_waiting"), when(col("waiting_days").gt(max), lit("regler_ikke_overholdt"))
            .otherwise(lit("igangvaerende")))
        .when(col("raw_days").leq(max), lit("inden_for"))
        .when(col("net_days").leq(max), lit("overskredet_regler_overholdt"))
        .otherwise(lit("regler_ikke_overholdt"));
    return clocks
        .withColumn("category", category)
        .withColumn("reason", when(col("category").equalTo("overskredet_regler_overholdt"), col("pause_reason")));
  }
}
