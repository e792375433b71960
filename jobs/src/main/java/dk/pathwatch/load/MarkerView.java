package dk.pathwatch.load;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import dk.pathwatch.common.ReferenceLayout;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Builds the marker view of docs/architecture.md: every marker row joined to its episode, with the code
 * classified (family, point) and the columns the rules and the pathway walk need. Pure column expressions,
 * no UDFs; one join, one window for death dates, and ({@link #withDuplicateRank}, once the rows that exist for the
 * run are known) one for exact duplicates.
 */
public final class MarkerView {
  /**
   * The layout of {@code sks_codes}, checked by the run's preflight: codes in upper case (the SKS list's own form;
   * markers are matched exactly, SPEC §3.3), each valid from/to (open when empty), versions of one code that do not overlap.
   */
  public static final ReferenceLayout SKS_CODES = new ReferenceLayout("sks_codes", List.of(
      ReferenceLayout.matching("code", "[A-Z][A-Z0-9]*"),
      ReferenceLayout.required("text", ReferenceLayout.Kind.TEXT),
      ReferenceLayout.optional("valid_from", ReferenceLayout.Kind.DATE),
      ReferenceLayout.optional("valid_to", ReferenceLayout.Kind.DATE),
      ReferenceLayout.required("source", ReferenceLayout.Kind.TEXT)),
      List.of("code"), true);

  private MarkerView() {}

  /** HH:MM or HH:MM:SS within 00:00–23:59:59. */
  static final String TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$";

  /**
   * The marker view without {@code dup_rank} (see {@link #withDuplicateRank}): {@code code} is {@code markoer}
   * exactly as delivered (SPEC §3.3 compares codes exactly: {@code afb02b} or {@code AFB02B } is not in the list).
   *
   * @param sksCodes reference table {@code sks_codes} ({@link #SKS_CODES}; columns code, valid_from, valid_to as
   *     strings)
   */
  public static Dataset<Row> build(Dataset<Row> markers, Dataset<Row> episodes, Dataset<Row> sksCodes) {
    // a hash join: the episodes side is hashed per partition, so the markers are not sorted for the join
    Dataset<Row> joined = markers.join(episodesWithDeath(episodes).hint("shuffle_hash"), "dw_ek_forloeb", "left")
        .withColumn("code", col("markoer"))
        .withColumn("time_of_day", timeOfDay());
    return markKnownCodes(classify(joined), sksCodes);
  }

  /**
   * {@code dup_rank} (SPEC §3.3): among the copies of an exact duplicate that exist for the run ({@code exists}:
   * not excluded by an ERROR rule, not beyond the cut-off), 1 for the first registered and 2.. for the others;
   * null on a row that does not exist for the run, so an excluded or late copy never hides a valid one. A duplicate
   * is the same person, code, date and time; a waiting-time marker ({@code AFV}) belongs to its episode's clocks
   * (SPEC §5), so its episode is part of the key as well. Episode key, raw time and system only make the order
   * total.
   */
  public static Dataset<Row> withDuplicateRank(Dataset<Row> view, Column exists) {
    Column[] person = personKey();
    Column clockEpisode = when(col("code").startsWith("AFV"), col("dw_ek_forloeb"));
    return view
        .withColumn("_exists", coalesce(exists, lit(false)))
        .withColumn("dup_rank", when(col("_exists"), row_number().over(
            Window.partitionBy(col("_exists"), person[0], person[1], clockEpisode, col("code"), col("dato_markoer"),
                    col("time_of_day"))
                .orderBy(col("dato_indberetning").asc_nulls_last(), col("dw_ek_forloeb"),
                    col("tidspunkt_markoer").asc_nulls_first(), col("lprindberetningssystem").asc_nulls_last()))))
        .drop("_exists");
  }

  /** HH:MM:SS of a valid {@code tidspunkt_markoer} (HH:MM gets :00), else 00:00:00. */
  private static Column timeOfDay() {
    Column tidspunkt = col("tidspunkt_markoer");
    return when(timeValid().and(expr("length(tidspunkt_markoer) = 5")), concat(tidspunkt, lit(":00")))
        .when(timeValid(), tidspunkt).otherwise(lit("00:00:00"));
  }

  private static Column timeValid() {
    Column tidspunkt = col("tidspunkt_markoer");
    return tidspunkt.isNotNull().and(tidspunkt.rlike(TIME_PATTERN));
  }

  /**
   * The person a row belongs to, as two columns: {@code cpr_encrypted}, or where it is missing (no episode, or
   * an episode without it) the episode key alone: rows of unknown persons are not one person's rows.
   */
  static Column[] personKey() {
    Column missing = col("cpr_encrypted").isNull().or(trim(col("cpr_encrypted")).equalTo(""));
    return new Column[] {when(missing.equalTo(false), col("cpr_encrypted")), when(missing, col("dw_ek_forloeb"))};
  }

  static Dataset<Row> episodesWithDeath(Dataset<Row> episodes) {
    Column deathDate = when(col("afslutningsmaade").equalTo("ALAC70"), col("dato_slut"));
    Column[] person = personKey();
    return firstPerKey(episodes)
        .withColumn("person_death_date", min(deathDate).over(Window.partitionBy(person[0], person[1])))
        .withColumnRenamed("dato_start", "episode_start")
        .withColumnRenamed("dato_slut", "episode_end")
        .withColumn("episode_found", lit(true));
  }

  /**
   * One episode per key, so that a duplicated key (a dataset BLOCKER of its own) cannot duplicate markers
   * and break the row accounting; the first by all columns wins, deterministically.
   */
  static Dataset<Row> firstPerKey(Dataset<Row> episodes) {
    Column[] order = java.util.Arrays.stream(episodes.columns()).map(c -> col(c).asc_nulls_last())
        .toArray(Column[]::new);
    return episodes
        .withColumn("_k", row_number().over(Window.partitionBy(col("dw_ek_forloeb")).orderBy(order)))
        .where(col("_k").equalTo(1))
        .drop("_k");
  }

  /** Family, pathway number, suffix and point of each code (SPEC §3.1–3.2); {@code code} is already there. */
  static Dataset<Row> classify(Dataset<Row> joined) {
    Column code = col("code");
    Column family = when(code.rlike("^AFB(13|14|15|32)"), lit("AFB13"))
        .when(code.rlike("^AF(A01|D01|B[0-9][0-9])"), code.substr(1, 5))
        .when(code.startsWith("AFV"), lit("AFV"));
    Column pathwayCode = code.rlike("^AF(A01|D01|B[0-9][0-9])");
    Column suffix = when(pathwayCode, expr("substring(code, 6)"));
    Column firstChar = suffix.substr(1, 1);
    Column point = when(firstChar.isin("A", "B", "C", "F", "X", "P"), firstChar);
    return joined
        .withColumn("episode_found", expr("coalesce(episode_found, false)"))
        .withColumn("family", family)
        .withColumn("pathway_number", when(pathwayCode, code.substr(1, 5)))
        .withColumn("suffix", suffix)
        .withColumn("point", point)
        .withColumn("point_rank", expr("case point when 'A' then 1 when 'B' then 2 when 'C' then 3 "
            + "when 'F' then 4 when 'X' then 5 else 9 end"))
        .withColumn("time_valid", timeValid());
  }

  /**
   * {@code known_code}: the code is in the SKS list, compared exactly, and one of its validity periods covers the
   * marker date (open bounds = always); {@code code_case_mismatch}: it is not, but would be after upper-casing and
   * trimming ({@code afb02b}, {@code AFB02B }), so the report can name the reason (VR01-CASE). One broadcast join
   * on the normalised code serves both. Periods are gathered per code first, so a code with several versions still
   * matches each marker once.
   */
  static Dataset<Row> markKnownCodes(Dataset<Row> markers, Dataset<Row> sksCodes) {
    Dataset<Row> codes = sksCodes
        .groupBy(col("code").as("sks_code"))
        .agg(collect_list(struct(col("valid_from").cast("date").as("f"), col("valid_to").cast("date").as("t")))
            .as("sks_periods"));
    Column normalised = upper(regexp_replace(col("code"), "^\\s+|\\s+$", ""));
    Dataset<Row> matched = markers.join(broadcast(codes), normalised.equalTo(col("sks_code")), "left");
    Column validOnDate = expr("exists(sks_periods, p -> (p.f is null or p.f <= dato_markoer) "
        + "and (p.t is null or p.t >= dato_markoer))");
    Column listed = col("sks_code").isNotNull().and(coalesce(validOnDate, lit(false)));
    Column exact = coalesce(col("code").equalTo(col("sks_code")), lit(false));
    return matched
        .withColumn("known_code", listed.and(exact))
        .withColumn("code_case_mismatch", listed.and(exact.equalTo(false)))
        .drop("sks_code", "sks_periods");
  }
}
