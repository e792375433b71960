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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the clock scope table of SPEC §5/§6: the maximum-waiting-time clocks of every episode, with raw, pause
 * and net days, the limit valid on the start date and the category of the enhanced quarterly reporting, plus one
 * row per stop marker that found no open clock to stop ({@code stray_stop = true}, its own key, no rule), so the
 * rule engine can report it; the {@code clocks} table is the rows without {@code stray_stop}.
 *
 * <p>How: the AFV markers are partitioned and sorted by episode ({@code repartition} + {@code sortWithinPartitions}),
 * and each episode's run of rows is walked by {@link ClockWalk} in a Java {@code mapPartitions} (a
 * {@code groupBy} + {@code collect_list} took 1.7 times as long at 5M markers: issue #6). A per-episode state machine with four
 * concurrent clocks, the EFT "later of two starts", ignored starts and the union of typed pauses would be
 * unreadable as a Spark {@code aggregate} lambda; groups are a handful of markers, so the Java walk is cheap. The
 * limit lookup and the categories are then plain column expressions.
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

  /** What the Java walk returns per clock; dates as ISO strings, typed afterwards in SQL. */
  static final StructType WALKED = new StructType()
      .add("dw_ek_forloeb", DataTypes.StringType)
      .add("cpr_encrypted", DataTypes.StringType)
      .add("region_ans", DataTypes.StringType)
      .add("region_bopael", DataTypes.StringType)
      .add("rule", DataTypes.StringType)
      .add("start_code", DataTypes.StringType)
      .add("start_time", DataTypes.StringType)
      .add("markoer", DataTypes.StringType)
      .add("start_date", DataTypes.StringType)
      .add("tidspunkt_markoer", DataTypes.StringType)
      .add("stop_date", DataTypes.StringType)
      .add("end_code", DataTypes.StringType)
      .add("ended_by_x", DataTypes.BooleanType)
      .add("pause_days", DataTypes.IntegerType)
      .add("pause_reason", DataTypes.StringType)
      .add("ignored_starts", DataTypes.IntegerType)
      .add("single_start", DataTypes.BooleanType)
      .add("unclosed_pause", DataTypes.BooleanType)
      .add("overlapping_pauses", DataTypes.BooleanType)
      .add("stray_stop", DataTypes.BooleanType);

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
   * @param usedMarkers marker view rows already filtered by the caller (not ERROR-excluded, on or before the
   *     cut-off, {@code dup_rank = 1}); only AFV markers are read
   * @param mwtLimits reference table {@code mwt_limits} ({@link #MWT_LIMITS}, checked: periods of one rule do not
   *     overlap)
   * @param regions reference table {@code regions} (column {@code code}): the regions a clock may belong to
   * @param cutoff the run's cut-off: clocks without a stop by then are running
   * @return one row per clock and per stray stop, columns {@link #COLUMNS}
   */
  public static Dataset<Row> build(Dataset<Row> usedMarkers, Dataset<Row> mwtLimits, Dataset<Row> regions,
      LocalDate cutoff) {
    LOG.info("clocks: walking AFV markers per episode (cut-off {})", cutoff);
    Dataset<Row> sortedByEpisode = usedMarkers
        .filter(col("family").equalTo("AFV").and(col("code").isin(ClockWalk.RELEVANT_CODES.toArray())))
        .select(col("dw_ek_forloeb"), col("cpr_encrypted"), col("region_ans"), col("region_bopael"), col("code"),
            col("dato_markoer").cast("string").as("date"), col("time_of_day"), col("markoer"),
            col("tidspunkt_markoer"))
        .repartition(col("dw_ek_forloeb"))
        .sortWithinPartitions("dw_ek_forloeb");
    Dataset<Row> walked = sortedByEpisode.mapPartitions(new WalkEpisodes(cutoff), Encoders.row(WALKED));
    return categorise(withLimits(withRegion(typed(walked, cutoff), regions), mwtLimits), cutoff).select(
        COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * Dates and days. A stopped clock has {@code date_stop}, raw and net days; a clock ended by AFV01X1–X3 has its
   * end in {@code date_end} and no stop, raw or net days (SPEC §5: it never reads as an overrun); a running one has
   * {@code waiting_days} at the cut-off. The quarter is that of the stop (or end), else of the cut-off.
   */
  private static Dataset<Row> typed(Dataset<Row> walked, LocalDate cutoff) {
    Column start = col("date_start");
    Column finish = col("stop_date").cast("date");
    Column stray = col("stray_stop");
    Column ended = col("ended_by_x");
    Column running = finish.isNull().and(not(stray));
    Column stopped = finish.isNotNull().and(not(ended)).and(not(stray));
    return walked
        .withColumn("clock_id", sha2(concat_ws("|", when(stray, lit("stray_stop")), col("dw_ek_forloeb"), col("rule"),
            col("start_date"), col("start_time"), col("start_code")), 256).substr(1, 32))
        .withColumn("date_start", when(not(stray), col("start_date").cast("date")))
        .withColumn("dato_markoer", col("start_date").cast("date"))
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
   * one is simply missing.
   */
  private static Dataset<Row> withRegion(Dataset<Row> clocks, Dataset<Row> regions) {
    Dataset<Row> known = regions.select(col("code").as("known_region")).distinct();
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

  /**
   * Runs {@link ClockWalk} on each episode of a partition sorted by episode: the rows of one episode are
   * consecutive, so one episode's markers are in memory at a time and the clocks stream out lazily.
   */
  static final class WalkEpisodes implements MapPartitionsFunction<Row, Row> {
    private final LocalDate cutoff;

    WalkEpisodes(LocalDate cutoff) {
      this.cutoff = cutoff;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new Iterator<>() {
        private Row pending = rows.hasNext() ? rows.next() : null;
        private Iterator<Row> clocks = Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!clocks.hasNext() && pending != null) {
            clocks = nextEpisode().iterator();
          }
          return clocks.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return clocks.next();
        }

        /** Consumes the rows of the next episode and walks them. */
        private List<Row> nextEpisode() {
          String episode = pending.getString(0);
          String[] episodeColumns = new String[3]; // cpr_encrypted, region_ans, region_bopael: least non-null
          List<ClockWalk.Marker> markers = new ArrayList<>();
          while (pending != null && Objects.equals(pending.getString(0), episode)) {
            for (int i = 0; i < 3; i++) {
              String v = pending.getString(i + 1);
              if (v != null && (episodeColumns[i] == null || v.compareTo(episodeColumns[i]) < 0)) {
                episodeColumns[i] = v;
              }
            }
            markers.add(new ClockWalk.Marker(pending.getString(4), LocalDate.parse(pending.getString(5)),
                pending.getString(6), pending.getString(7), pending.getString(8)));
            pending = rows.hasNext() ? rows.next() : null;
          }
          return walk(episode, episodeColumns, markers);
        }
      };
    }

    private List<Row> walk(String episode, String[] episodeColumns, List<ClockWalk.Marker> markers) {
      List<Row> out = new ArrayList<>();
      ClockWalk.Result result = ClockWalk.walk(markers, cutoff);
      for (ClockWalk.Clock c : result.clocks()) {
        ClockWalk.Marker start = c.start();
        ClockWalk.Marker stop = c.stop();
        out.add(RowFactory.create(episode, episodeColumns[0], episodeColumns[1], episodeColumns[2], c.rule().name(),
            start.code(), start.time(), start.markoer(), start.date().toString(), start.tidspunkt(),
            stop == null ? null : stop.date().toString(), stop == null ? null : stop.code(), c.endedByX(),
            c.pauseDays(), c.reason(), c.ignoredStarts(), c.singleStart(), c.unclosedPause(), c.overlappingPauses(),
            false));
      }
      // a stop that stopped nothing: its own key in the start columns, no rule, reported by the clock rules
      for (ClockWalk.Marker m : result.strayStops()) {
        out.add(RowFactory.create(episode, episodeColumns[0], episodeColumns[1], episodeColumns[2], null, m.code(),
            m.time(), m.markoer(), m.date().toString(), m.tidspunkt(), null, m.code(), false, 0, null, 0, false, false,
            false, true));
      }
      return out;
    }
  }
}
