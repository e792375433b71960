package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dk.pathwatch.common.ReferenceLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The versioned standard pathway times (standardforløbstider, SPEC §4, DOMAIN §2.5) from
 * {@code validation-rules/reference/standard_times.tsv}: one row per (pathway, modality, indicator, version) with
 * {@code standard_days}, {@code valid_from}, {@code valid_to} (both inclusive; empty {@code valid_to} = still valid),
 * {@code verified} and {@code source}.
 *
 * <p>A pathway is judged against the version valid on its {@code A} date. A row with modality {@code alle} applies
 * to every modality of its (pathway, indicator) for which no modality-specific row is valid; indicators without a
 * modality breakdown (OF1, OF2, DF*, MF*) look up {@code alle} only.
 */
public final class StandardTimes {
  public static final String TABLE = "standard_times";
  static final Set<String> MODALITIES = Set.of("kirurgi", "medicin", "straale", "alle");

  /**
   * The table's layout, checked by the run's preflight: a known modality and indicator, days above 0, a
   * {@code valid_from}, and versions of one (pathway, modality, indicator) whose validity does not overlap (the
   * lookup must be unique).
   */
  public static final ReferenceLayout LAYOUT = new ReferenceLayout(TABLE, List.of(
      ReferenceLayout.matching("pathway", "AF[A-Z][0-9]{2}"),
      ReferenceLayout.oneOf("modality", MODALITIES.stream().sorted().toList()),
      ReferenceLayout.oneOf("indicator", Indicators.INDICATORS),
      ReferenceLayout.required("standard_days", ReferenceLayout.Kind.POSITIVE_INT),
      ReferenceLayout.required("valid_from", ReferenceLayout.Kind.DATE),
      ReferenceLayout.optional("valid_to", ReferenceLayout.Kind.DATE),
      ReferenceLayout.required("verified", ReferenceLayout.Kind.BOOLEAN),
      ReferenceLayout.required("source", ReferenceLayout.Kind.TEXT)),
      List.of("pathway", "modality", "indicator"), true);

  private StandardTimes() {}

  /** Reads the table from a reference folder and returns it typed (see {@link #typed}). */
  public static Dataset<Row> load(SparkSession spark, Path referenceDir) {
    return typed(LAYOUT.read(referenceDir).toDataFrame(spark));
  }

  /** Casts a table of strings (or already typed) to int days, dates and a boolean {@code verified}. */
  public static Dataset<Row> typed(Dataset<Row> raw) {
    return raw.select(
        col("pathway").cast("string").as("pathway"),
        col("modality").cast("string").as("modality"),
        col("indicator").cast("string").as("indicator"),
        col("standard_days").cast("int").as("standard_days"),
        col("valid_from").cast("date").as("valid_from"),
        col("valid_to").cast("date").as("valid_to"),
        col("verified").cast("boolean").as("verified"));
  }

  /**
   * Adds {@code standard_days} and {@code standard_verified} (null when no version applies) to rows that carry
   * {@code pathway}, {@code indicator}, {@code lookup_modality} and {@code date_a}; a modality-specific version wins
   * over an {@code alle} version. The standard table is small, so it is broadcast.
   */
  public static Dataset<Row> lookup(Dataset<Row> values, Dataset<Row> standardTimes) {
    Dataset<Row> st = typed(standardTimes);
    Dataset<Row> exact = versionsFor(values, st, "x", col("lookup_modality"));
    Dataset<Row> both = versionsFor(exact, st, "a", lit("alle"));
    return both
        .withColumn("standard_days", coalesce(col("x_days"), col("a_days")))
        .withColumn("standard_verified", coalesce(col("x_verified"), col("a_verified")))
        .drop("x_days", "x_verified", "a_days", "a_verified");
  }

  private static Dataset<Row> versionsFor(Dataset<Row> values, Dataset<Row> st, String prefix, Column modality) {
    Dataset<Row> s = broadcast(st.select(
        col("pathway").as(prefix + "_pathway"), col("modality").as(prefix + "_modality"),
        col("indicator").as(prefix + "_indicator"), col("standard_days").as(prefix + "_days"),
        col("valid_from").as(prefix + "_from"), col("valid_to").as(prefix + "_to"),
        col("verified").as(prefix + "_verified")));
    Column on = values.col("pathway").equalTo(s.col(prefix + "_pathway"))
        .and(values.col("indicator").equalTo(s.col(prefix + "_indicator")))
        .and(modality.equalTo(s.col(prefix + "_modality")))
        .and(values.col("date_a").geq(s.col(prefix + "_from")))
        .and(s.col(prefix + "_to").isNull().or(values.col("date_a").leq(s.col(prefix + "_to"))));
    return values.join(s, on, "left")
        .drop(prefix + "_pathway", prefix + "_modality", prefix + "_indicator", prefix + "_from", prefix + "_to");
  }
}
