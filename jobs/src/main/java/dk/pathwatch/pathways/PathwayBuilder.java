package dk.pathwatch.pathways;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dk.pathwatch.common.PathwayCodes;
import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.ReferenceLayout;
import dk.pathwatch.load.MarkerView;
import dk.pathwatch.validate.RankedRules;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the pathway-scope table of SPEC §3 from what the person walk found ({@link PathwayWalk}, run by
 * {@link PersonWalk}): one row per pathway plus one row per orphan marker ({@code orphan = true}) so the rule engine
 * can report VR12 on it. The walk decides which markers make which pathway (the state machine of §3.4, the urinary
 * sub-pathway, the modality); this class derives the figures from those facts with column expressions: pathway,
 * quarter, modality name, status, the indicator days and the flags the pathway rules read.
 */
public final class PathwayBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(PathwayBuilder.class);

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

  /** Columns of the lineage table {@code pathway_markers}: each walked marker and its pathway. */
  public static final List<String> LINEAGE_COLUMNS = WalkOutput.Kind.PATHWAY_MARKER.columns();

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
   * Walks marker view rows the caller chose (e.g. not ERROR-excluded, on or before the cut-off,
   * {@code dup_rank = 1}) and builds their pathways; rows that build no pathway (AFV, P, no family) are ignored here.
   * The nightly job walks once for everything ({@code dk.pathwatch.batch.WalkStep}) and uses {@link #fromFacts}.
   *
   * @param regions reference table {@code regions} (columns {@code code}, {@code lpr3_go_live}) for
   *     {@code spans_go_live}
   * @param cutoff the run's cut-off date, for {@code days_open}
   * @return one row per pathway and per orphan marker, columns {@link #COLUMNS}
   */
  public static Dataset<Row> build(Dataset<Row> usedMarkers, Dataset<Row> regions, LocalDate cutoff) {
    LOG.info("pathways: walking markers per person and family (cut-off {})", cutoff);
    return fromFacts(WalkOutput.select(walkAll(usedMarkers, cutoff), WalkOutput.Kind.PATHWAY), regions, cutoff);
  }

  /** The lineage of the given marker view rows, all walked: columns {@link #LINEAGE_COLUMNS}. */
  public static Dataset<Row> markerAssignment(Dataset<Row> usedMarkers) {
    return WalkOutput.select(walkAll(usedMarkers, LocalDate.now()), WalkOutput.Kind.PATHWAY_MARKER);
  }

  /** The person walk over marker view rows that are all used (no rule results). */
  static Dataset<Row> walkAll(Dataset<Row> usedMarkers, LocalDate cutoff) {
    Dataset<Row> sorted = MarkerView.sortedByPerson(usedMarkers);
    return PersonWalk.walk(sorted.select(PersonWalk.input(lit(true), array().cast("array<string>"),
        RankedRules.NONE)), cutoff, RankedRules.NONE);
  }

  /**
   * The pathway table from the walk's {@link WalkOutput.Kind#PATHWAY} rows: the pathways' figures derived, and the
   * orphans as rows of their own ({@link #orphanValue}: their key, region and family, flags false, the rest null).
   *
   * <p>One projection over one read of the walk's files, each column chosen per row by {@code orphan}: a union of the
   * pathways and the orphans read the files twice, and the orphans are about 1 % of the rows (issue #16). Rows whose
   * {@code orphan} is null are neither, as in that union.
   */
  public static Dataset<Row> fromFacts(Dataset<Row> facts, Dataset<Row> regions, LocalDate cutoff) {
    Dataset<Row> derived = withGoLive(derive(facts.filter(col("orphan").isNotNull())
        .withColumn("date_a", col("dato_markoer")), cutoff), regions);
    return derived.select(COLUMNS.stream().map(c -> when(col("orphan"), orphanValue(c, derived))
        .otherwise(col(c)).as(c)).toArray(Column[]::new));
  }

  /** The flags an orphan row has, all false. */
  private static final List<String> ORPHAN_FLAGS = List.of("restarted", "has_b", "has_c1", "c2_before_f",
      "x1_after_f", "x1_after_c1", "modality_tie", "urinary_sub_missing", "urinary_sub_conflict", "chronology_broken",
      "open_at_cutoff", "spans_go_live");

  /** The orphan's own columns: its key, region and family, the walk's counts and its marker. */
  private static final List<String> ORPHAN_OWN = List.of("pathway_id", "cpr_encrypted", "family", "pathway",
      "region", "region_bopael", "orphan", "orphan_reason", "marker_count", "last_marker_date", "dw_ek_forloeb",
      "markoer", "dato_markoer", "tidspunkt_markoer");

  /**
   * A column's value on an orphan's row: its own value ({@link #ORPHAN_OWN}; {@code pathway} is derived alike for
   * both), false for a flag, else null (of the column's type).
   */
  private static Column orphanValue(String column, Dataset<Row> derived) {
    if (ORPHAN_OWN.contains(column)) {
      return col(column);
    }
    return ORPHAN_FLAGS.contains(column) ? lit(false) : lit(null).cast(derived.schema().apply(column).dataType());
  }

  /** Pathway, quarter, modality, status, indicator days and the flags the pathway rules read. */
  private static Dataset<Row> derive(Dataset<Row> agg, LocalDate cutoff) {
    Column family = col("family");
    Column isOrgan = family.startsWith(PathwayCodes.ORGAN_PREFIX);
    Column isDiagnostic = family.equalTo(PathwayCodes.DIAGNOSTIC_PATHWAY);
    Column dateX1 = when(col("end_suffix").equalTo("X1"), col("date_x"));
    Column mfCounts = family.equalTo(PathwayCodes.METASTASIS_PATHWAY).and(col("date_a").geq(lit(PathwayCodes.MF_FROM)));
    Column restarted = col("restarted");
    // SPEC §4, the same for every family: treated, else closed without treatment (ended by an X, or restarted;
    // "disproven" is the part ended by X1), else open at the cut-off
    Column status = when(col("date_f").isNotNull(), lit(TREATED))
        .when(col("end_suffix").equalTo("X1"), lit(DISPROVEN))
        .when(col("date_x").isNotNull().or(restarted), lit(CLOSED_WITHOUT_TREATMENT))
        .otherwise(lit(OPEN));
    Dataset<Row> d = agg
        .withColumn("pathway", when(family.equalTo(PathwayCodes.URINARY_FAMILY), coalesce(col("urinary_sub"), family))
            .otherwise(family))
        .withColumn("quarter", concat(year(col("date_a")).cast("string"), lit("Q"),
            quarter(col("date_a")).cast("string")))
        .withColumn("modality", element_at(lit(MODALITIES.toArray(String[]::new)), col("modality_number")))
        .withColumn("status", status)
        .withColumn("days_of1", when(isOrgan, days("date_a", col("date_b"))))
        .withColumn("days_of2", when(isOrgan, days("date_b", col("date_c"))))
        .withColumn("days_of3", when(isOrgan, days("date_c1", col("date_f"))))
        .withColumn("days_of4", when(isOrgan, days("date_a", col("date_f"))))
        .withColumn("days_df1", when(isDiagnostic, days("date_a", col("date_b"))))
        .withColumn("days_df2", when(isDiagnostic, days("date_b", dateX1)))
        .withColumn("days_df3", when(isDiagnostic, days("date_a", dateX1)))
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
        .withColumn("x1_after_f", coalesce(x1.and(col("date_f").isNotNull()), lit(false)))
        .withColumn("x1_after_c1", coalesce(x1.and(col("date_c1").isNotNull()), lit(false)))
        .withColumn("modality_tie", coalesce(col("modality_number_max").gt(col("modality_number")), lit(false)))
        .withColumn("urinary_sub_missing", col("family").equalTo(PathwayCodes.URINARY_FAMILY).and(col("urinary_sub").isNull()))
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
}
