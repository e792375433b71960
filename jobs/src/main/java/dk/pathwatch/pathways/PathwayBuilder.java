package dk.pathwatch.pathways;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.ReferenceLayout;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the pathway-scope table of SPEC §3 from the used markers (marker view rows that survived the ERROR
 * rules and the cut-off, exact duplicates removed by the caller): one row per pathway plus one row per orphan
 * marker ({@code orphan = true}) so the rule engine can report VR12 on it.
 *
 * <p>The walk of §3.4 is expressed with window functions, no row-at-a-time code: per (person, family) in walk
 * order, the running count of {@code A} markers is the pathway sequence; within a sequence the markers after its
 * first {@code X}, and every marker of sequence 0 (before any {@code A}), are orphans. One aggregation per
 * sequence then takes the first occurrence of each point.
 */
public final class PathwayBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(PathwayBuilder.class);

  /** Metastasis-pathway indicators count only pathways started on or after this date (DOMAIN §1.5, VR40). */
  public static final LocalDate MF_FROM = LocalDate.of(2022, 7, 1);

  /** Columns of the table {@link #build} returns, in order. */
  public static final List<String> COLUMNS = List.of(
      "pathway_id", "cpr_encrypted", "family", "pathway", "region", "region_bopael", "quarter",
      "date_a", "date_b", "date_c", "date_c1", "date_f", "date_x", "end_code", "modality",
      "restarted", "orphan", "orphan_reason", "status",
      "days_of1", "days_of2", "days_of3", "days_of4", "days_df1", "days_df2", "days_df3",
      "days_mf1", "days_mf2", "days_mf3",
      "has_b", "has_c1", "c2_before_f", "x1_after_f", "x1_after_c1", "modality_tie", "urinary_sub_missing",
      "urinary_sub_conflict", "chronology_broken", "open_at_cutoff", "days_open", "max_period_days",
      "spans_go_live", "marker_count", "last_marker_date",
      "dw_ek_forloeb", "markoer", "dato_markoer", "tidspunkt_markoer");

  /**
   * The marker columns the walk, the pathway aggregation, the orphan rows and the lineage read. Selected before the
   * windows: every window copies whole rows, and the marker view is more than twice as wide.
   */
  static final List<String> WALK_INPUT = List.of("cpr_encrypted", "family", "point", "point_rank", "code", "suffix",
      "pathway_number", "dato_markoer", "time_of_day", "dw_ek_forloeb", "markoer", "tidspunkt_markoer",
      "region_ans", "region_bopael");

  /**
   * Values of {@code status}, a partition of the pathways (SPEC §4): {@code treated} (has an F),
   * {@code disproven} (no F, ended by X1), {@code closed_without_treatment} (no F, ended by another X or closed as
   * restarted), {@code open} (no F, no X, not restarted). Activity's {@code closed_without_treatment} is
   * {@code disproven} + {@code closed_without_treatment}.
   */
  public static final String TREATED = "treated";
  public static final String DISPROVEN = "disproven";
  public static final String CLOSED_WITHOUT_TREATMENT = "closed_without_treatment";
  public static final String OPEN = "open";

  /** The modalities of SPEC §3.5/§4, in the order of their F numbers (a tie takes the lower). */
  public static final List<String> MODALITIES = List.of("kirurgi", "medicin", "straale");
  /** The F suffixes of each modality (SPEC §3.2): F1/F1A surgery, F2 medical, F3/F3A radiotherapy. */
  static final java.util.Map<String, List<String>> MODALITY_SUFFIXES = java.util.Map.of(
      "kirurgi", List.of("F1", "F1A"), "medicin", List.of("F2"), "straale", List.of("F3", "F3A"));

  /** The modality an F marker's suffix gives (null for a bare {@code F} or another suffix). */
  public static String modalityOf(String suffix) {
    return MODALITIES.stream().filter(m -> MODALITY_SUFFIXES.get(m).contains(suffix)).findFirst().orElse(null);
  }

  /** Sorts after every modality number (1–3, or −3…−1 negated) in the first-F aggregation: no modality. */
  private static final int NO_MODALITY = 99;

  private static final List<String> URINARY_SUBS = List.of("AFB14", "AFB15", "AFB32");

  /**
   * The layout of {@code regions}, checked by the run's preflight. A region is looked up by its code alone (for its
   * LPR3 go-live here, for its name in the reports), so a code has one row.
   */
  public static final ReferenceLayout REGIONS = new ReferenceLayout("regions", List.of(
      ReferenceLayout.matching("code", "[0-9]{4}"),
      ReferenceLayout.required("name", ReferenceLayout.Kind.TEXT),
      ReferenceLayout.required("nuts2", ReferenceLayout.Kind.TEXT),
      ReferenceLayout.required("lpr3_go_live", ReferenceLayout.Kind.DATE),
      ReferenceLayout.optional("valid_from", ReferenceLayout.Kind.DATE),
      ReferenceLayout.optional("valid_to", ReferenceLayout.Kind.DATE),
      ReferenceLayout.required("source", ReferenceLayout.Kind.TEXT)),
      List.of("code"), false);

  private PathwayBuilder() {}

  /** As {@link #build(Dataset, Dataset, LocalDate)} with the bundled {@code regions} reference table. */
  public static Dataset<Row> build(Dataset<Row> usedMarkers, LocalDate cutoff) {
    Dataset<Row> regions = REGIONS.read(ProjectFiles.bundled("validation-rules").resolve("reference"))
        .toDataFrame(usedMarkers.sparkSession());
    return build(usedMarkers, regions, cutoff);
  }

  /**
   * @param usedMarkers marker view rows already filtered by the caller (not ERROR-excluded, on or before the
   *     cut-off, {@code dup_rank = 1}); rows that build no pathway (AFV, P, no family) are ignored here
   * @param regions reference table {@code regions} (columns {@code code}, {@code lpr3_go_live}) for
   *     {@code spans_go_live}
   * @param cutoff the run's cut-off date, for {@code days_open}
   * @return one row per pathway and per orphan marker, columns {@link #COLUMNS}
   */
  public static Dataset<Row> build(Dataset<Row> usedMarkers, Dataset<Row> regions, LocalDate cutoff) {
    LOG.info("pathways: walking markers per person and family (cut-off {})", cutoff);
    return fromAssignment(markerAssignment(usedMarkers), regions, cutoff);
  }

  /**
   * The pathway table from an already computed {@link #markerAssignment} (the job persists the assignment once
   * and uses it both for the pathways and for the lineage of pathway → markers).
   */
  public static Dataset<Row> fromAssignment(Dataset<Row> assigned, Dataset<Row> regions, LocalDate cutoff) {
    Dataset<Row> pathways = withGoLive(derive(aggregate(assigned.filter(col("orphan").equalTo(false))), cutoff),
        regions);
    Dataset<Row> orphans = orphanRows(assigned.filter(col("orphan")));
    return pathways.select(columns(COLUMNS))
        .unionByName(orphans, true)
        .select(columns(COLUMNS));
  }

  /**
   * The walk itself: every pathway marker (families AFA01, AFD01, AFBnn; points A, B, C, F, X; not the old
   * AFD01C/AFD01D) with the marker view's columns plus {@code seq} (pathway number within person and family,
   * 0 before the first A), {@code pos} (position within the sequence), {@code orphan}, {@code orphan_reason}
   * ({@code no_open_pathway} or {@code after_x}) and {@code pathway_id} (the pathway it belongs to, or the
   * orphan's own id). This is the pathway_id → markers lineage.
   */
  public static Dataset<Row> markerAssignment(Dataset<Row> usedMarkers) {
    Dataset<Row> pathwayMarkers = usedMarkers.filter(col("family").isNotNull()
        .and(col("family").notEqual("AFV"))
        .and(col("point").isin("A", "B", "C", "F", "X"))
        .and(not(col("code").isin("AFD01C", "AFD01D"))))
        .select(columns(WALK_INPUT));

    // One sort per (person, family) in walk order serves every window below: a sequence is a run of consecutive
    // rows (it starts at its A), so its position, its X before the row and its A's key are read off running
    // counts over the person's walk instead of a second window per sequence (which sorted all rows again).
    WindowSpec person = Window.partitionBy("cpr_encrypted", "family");
    WindowSpec walk = person.orderBy(walkOrder());
    WindowSpec soFar = walk.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column isA = col("point").equalTo("A");
    Column isX = col("point").equalTo("X");
    Dataset<Row> counted = pathwayMarkers
        .withColumn("seq", sum(when(isA, 1).otherwise(0)).over(soFar))
        .withColumn("_row", row_number().over(walk))
        .withColumn("_x_so_far", sum(when(isX, 1).otherwise(0)).over(soFar))
        .withColumn("_a_key", last(when(isA, struct(col("dato_markoer").cast("string").as("date"),
            col("time_of_day").as("time"), col("code").as("code"), col("dw_ek_forloeb").as("episode"))), true)
            .over(soFar));
    Dataset<Row> atStart = counted
        .withColumn("max_seq", max("seq").over(person))
        .withColumn("_a_row", max(when(isA, col("_row"))).over(soFar))
        .withColumn("_x_at_a", max(when(isA, col("_x_so_far"))).over(soFar));
    Column xBefore = col("_x_so_far").minus(when(isX, 1).otherwise(0)).minus(col("_x_at_a"));
    Dataset<Row> positioned = atStart
        .withColumn("pos", when(col("seq").equalTo(0), col("_row"))
            .otherwise(col("_row").minus(col("_a_row")).plus(1)))
        .withColumn("orphan", col("seq").equalTo(0).or(xBefore.gt(0)))
        .withColumn("orphan_reason", when(col("seq").equalTo(0), lit("no_open_pathway"))
            .when(col("orphan"), lit("after_x")));

    Column pathwayKey = concat_ws("|", col("cpr_encrypted"), col("family"), col("_a_key.date"),
        col("_a_key.time"), col("_a_key.code"), col("_a_key.episode"));
    Column orphanKey = concat_ws("|", lit("orphan"), col("cpr_encrypted"), col("family"),
        col("dato_markoer").cast("string"), col("time_of_day"), col("code"), col("dw_ek_forloeb"));
    return positioned
        .withColumn("pathway_id", sha2(when(col("orphan"), orphanKey).otherwise(pathwayKey), 256).substr(1, 32))
        .drop("_row", "_x_so_far", "_a_key", "_a_row", "_x_at_a");
  }

  /** Walk order of SPEC §3.4; the episode key only makes the order total. */
  private static Column[] walkOrder() {
    return new Column[] {col("dato_markoer"), col("time_of_day"), col("point_rank"), col("code"),
        col("dw_ek_forloeb")};
  }

  /** First occurrence of each point per pathway (one aggregation; pos 1 is always the A). */
  private static Dataset<Row> aggregate(Dataset<Row> assigned) {
    Column isF = col("point").equalTo("F");
    Column modalityNumber = lit(null).cast("int");
    for (int i = MODALITIES.size() - 1; i >= 0; i--) {
      modalityNumber = when(col("suffix").isin(MODALITY_SUFFIXES.get(MODALITIES.get(i)).toArray()), i + 1)
          .otherwise(modalityNumber);
    }
    Column namesSub = col("point").isin("C", "F").and(col("pathway_number").isin(URINARY_SUBS.toArray()));
    return assigned.groupBy("cpr_encrypted", "family", "seq").agg(
        min_by(col("pathway_id"), col("pos")).as("pathway_id"),
        min_by(col("dato_markoer"), col("pos")).as("date_a"),
        min_by(col("region_ans"), col("pos")).as("region"),
        min_by(col("region_bopael"), col("pos")).as("region_bopael"),
        min_by(col("dw_ek_forloeb"), col("pos")).as("dw_ek_forloeb"),
        min_by(col("markoer"), col("pos")).as("markoer"),
        min_by(col("dato_markoer"), col("pos")).as("dato_markoer"),
        min_by(col("tidspunkt_markoer"), col("pos")).as("tidspunkt_markoer"),
        firstWhere("dato_markoer", col("point").equalTo("B")).as("date_b"),
        firstWhere("dato_markoer", col("point").equalTo("C")).as("date_c"),
        firstWhere("dato_markoer", col("suffix").isin("C1", "C1A")).as("date_c1"),
        firstWhere("dato_markoer", isF).as("date_f"),
        firstWhere("dato_markoer", col("point").equalTo("X")).as("date_x"),
        firstWhere("code", col("point").equalTo("X")).as("end_code"),
        firstWhere("suffix", col("point").equalTo("X")).as("end_suffix"),
        firstWhere("pathway_number", namesSub).as("urinary_sub"),
        // distinct-value tests by min ≠ max: collect_set would force an object aggregation of all these columns
        max(when(namesSub, col("pathway_number"))).as("urinary_sub_max"),
        min(when(namesSub, col("pathway_number"))).as("urinary_sub_min"),
        min(when(col("suffix").startsWith("C2"), col("pos"))).as("first_c2_pos"),
        min(when(isF, col("pos"))).as("first_f_pos"),
        max(when(isF, col("pos"))).as("last_f_pos"),
        // the least and the greatest modality among the F markers at the first F's date and time
        min(when(isF, struct(col("dato_markoer").as("d"), col("time_of_day").as("t"),
            coalesce(modalityNumber, lit(NO_MODALITY)).as("m")))).getField("m").as("modality_min_key"),
        min(when(isF, struct(col("dato_markoer").as("d"), col("time_of_day").as("t"),
            coalesce(modalityNumber.multiply(-1), lit(NO_MODALITY)).as("m")))).getField("m").as("modality_max_key"),
        count(lit(1)).as("marker_count"),
        max("dato_markoer").as("last_marker_date"),
        max("max_seq").as("max_seq"));
  }

  private static Column firstWhere(String value, Column condition) {
    return min_by(col(value), when(condition, col("pos")));
  }

  /** Pathway, quarter, modality, status, indicator days and the flags the pathway rules read. */
  private static Dataset<Row> derive(Dataset<Row> agg, LocalDate cutoff) {
    Column family = col("family");
    Column isOrgan = family.startsWith("AFB");
    Column dateX1 = when(col("end_suffix").equalTo("X1"), col("date_x"));
    Column mfCounts = family.equalTo("AFD01").and(col("date_a").geq(lit(MF_FROM)));
    Column restarted = col("date_x").isNull().and(col("seq").lt(col("max_seq")));
    // SPEC §4, the same for every family: treated, else closed without treatment (ended by an X, or restarted;
    // "disproven" is the part ended by X1), else open at the cut-off
    Column status = when(col("date_f").isNotNull(), lit(TREATED))
        .when(col("end_suffix").equalTo("X1"), lit(DISPROVEN))
        .when(col("date_x").isNotNull().or(restarted), lit(CLOSED_WITHOUT_TREATMENT))
        .otherwise(lit(OPEN));
    Dataset<Row> d = agg
        .withColumn("modality_number", when(col("modality_min_key").notEqual(NO_MODALITY), col("modality_min_key")))
        .withColumn("modality_number_max", when(col("modality_max_key").notEqual(NO_MODALITY),
            col("modality_max_key").multiply(-1)))
        .withColumn("pathway", when(family.equalTo("AFB13"), coalesce(col("urinary_sub"), family))
            .otherwise(family))
        .withColumn("quarter", concat(year(col("date_a")).cast("string"), lit("Q"),
            quarter(col("date_a")).cast("string")))
        .withColumn("modality", element_at(lit(MODALITIES.toArray(String[]::new)), col("modality_number")))
        .withColumn("restarted", restarted)
        .withColumn("orphan", lit(false))
        .withColumn("orphan_reason", lit(null).cast("string"))
        .withColumn("status", status)
        .withColumn("days_of1", when(isOrgan, days("date_a", col("date_b"))))
        .withColumn("days_of2", when(isOrgan, days("date_b", col("date_c"))))
        .withColumn("days_of3", when(isOrgan, days("date_c1", col("date_f"))))
        .withColumn("days_of4", when(isOrgan, days("date_a", col("date_f"))))
        .withColumn("days_df1", when(family.equalTo("AFA01"), days("date_a", col("date_b"))))
        .withColumn("days_df2", when(family.equalTo("AFA01"), days("date_b", dateX1)))
        .withColumn("days_df3", when(family.equalTo("AFA01"), days("date_a", dateX1)))
        .withColumn("days_mf1", when(mfCounts, days("date_a", col("date_b"))))
        .withColumn("days_mf2", when(mfCounts, days("date_b", dateX1)))
        .withColumn("days_mf3", when(mfCounts, days("date_a", dateX1)))
        // VR25's periods of AFA01/AFD01 whether or not the pathway counts in DF/MF (AFD01 before 2022-07-01)
        .withColumn("period_ab", when(isOrgan.equalTo(false), days("date_a", col("date_b"))))
        .withColumn("period_bx1", when(isOrgan.equalTo(false), days("date_b", dateX1)))
        .withColumn("period_ax1", when(isOrgan.equalTo(false), days("date_a", dateX1)));
    return flags(d, cutoff);
  }

  private static Column days(String start, Column end) {
    return datediff(end, col(start));
  }

  private static Dataset<Row> flags(Dataset<Row> d, LocalDate cutoff) {
    Column x1 = col("end_suffix").equalTo("X1");
    Column openAtCutoff = col("status").equalTo(OPEN);
    Column chronology = before("date_c", "date_b").or(before("date_f", "date_c")).or(before("date_f", "date_b"));
    return d
        .withColumn("has_b", col("date_b").isNotNull())
        .withColumn("has_c1", col("date_c1").isNotNull())
        // any F after a C2 (DOMAIN VR17), not only the first F
        .withColumn("c2_before_f", coalesce(col("first_c2_pos").lt(col("last_f_pos")), lit(false)))
        .withColumn("x1_after_f", coalesce(x1.and(col("date_f").isNotNull()), lit(false)))
        .withColumn("x1_after_c1", coalesce(x1.and(col("date_c1").isNotNull()), lit(false)))
        .withColumn("modality_tie", coalesce(col("modality_number_max").gt(col("modality_number")), lit(false)))
        .withColumn("urinary_sub_missing", col("family").equalTo("AFB13").and(col("urinary_sub").isNull()))
        .withColumn("urinary_sub_conflict", coalesce(col("urinary_sub_max").gt(col("urinary_sub_min")), lit(false)))
        .withColumn("chronology_broken", chronology)
        .withColumn("open_at_cutoff", openAtCutoff)
        .withColumn("days_open", when(openAtCutoff, datediff(lit(cutoff), col("date_a"))))
        .withColumn("max_period_days", greatest(col("days_of1"), col("days_of2"), col("days_of3"),
            col("days_of4"), col("period_ab"), col("period_bx1"), col("period_ax1")));
  }

  /** {@code a} dated strictly before {@code b}; false when either is missing. */
  private static Column before(String a, String b) {
    return coalesce(col(a).lt(col(b)), lit(false));
  }

  /**
   * {@code spans_go_live}: the A is before the region's LPR3 go-live date and a later marker of the pathway is
   * on or after it (VR39). Region not in the table: false.
   */
  private static Dataset<Row> withGoLive(Dataset<Row> pathways, Dataset<Row> regions) {
    Dataset<Row> goLive = regions.select(col("code").as("go_live_region"),
        col("lpr3_go_live").cast("date").as("go_live"));
    Column spans = col("go_live").isNotNull().and(col("date_a").lt(col("go_live")))
        .and(col("last_marker_date").geq(col("go_live")));
    return pathways.join(broadcast(goLive), col("region").equalTo(col("go_live_region")), "left")
        .withColumn("spans_go_live", coalesce(spans, lit(false)));
  }

  /** One row per orphan marker: its own key, region and family; flags false, pathway dates null. */
  private static Dataset<Row> orphanRows(Dataset<Row> orphans) {
    Column pathway = when(col("family").equalTo("AFB13")
        .and(col("pathway_number").isin(URINARY_SUBS.toArray())), col("pathway_number")).otherwise(col("family"));
    Dataset<Row> rows = orphans.select(col("pathway_id"), col("cpr_encrypted"), col("family"),
        pathway.as("pathway"), col("region_ans").as("region"), col("region_bopael"),
        lit(false).as("restarted"), lit(true).as("orphan"), col("orphan_reason"),
        lit(1L).as("marker_count"), col("dato_markoer").as("last_marker_date"),
        col("dw_ek_forloeb"), col("markoer"), col("dato_markoer"), col("tidspunkt_markoer"));
    for (String flag : List.of("has_b", "has_c1", "c2_before_f", "x1_after_f", "x1_after_c1", "modality_tie",
        "urinary_sub_missing", "urinary_sub_conflict", "chronology_broken", "open_at_cutoff", "spans_go_live")) {
      rows = rows.withColumn(flag, lit(false));
    }
    return rows;
  }

  private static Column[] columns(List<String> names) {
    return names.stream().map(n -> col(n)).toArray(Column[]::new);
  }
}
