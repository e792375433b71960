package dk.pathwatch.load;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import dk.pathwatch.common.PathwayCodes;
import dk.pathwatch.common.ReferenceLayout;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.expressions.Window;

/**
 * Builds the marker view of docs/architecture.md: every marker row joined to its episode, moved to its person, with
 * the code classified (family, point) and the columns the rules and the walk need. Pure column expressions, no
 * UDFs: one join of markers to episodes, one exchange by person, a window for death dates on the (small) episodes,
 * and ({@link #inWalkOrder}, once the rows that exist for the run are known) one sort in walk order (person, family,
 * date, time, point, code, then the copies of one marker), in which the walk ranks exact duplicates as it goes
 * ({@link DuplicateRank}, issue #16).
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

  /** The person a row belongs to: {@code cpr_encrypted}, null where it is missing (see {@link #personKey}). */
  public static final String PERSON_CPR = "person_cpr";
  /** Where {@code cpr_encrypted} is missing, the episode key stands in for the person, else null. */
  public static final String PERSON_EPISODE = "person_episode";

  /**
   * The walk order of SPEC §3.4 within a person: family, date, time, point, code. Exact duplicates (SPEC §3.3) are
   * copies with the same person, code, date and time of day; family and point rank follow from the code, so the
   * walk order's key is also the duplicate key, and one sort serves the walk and the duplicate rank.
   */
  static final List<String> WALK_KEY = List.of(PERSON_CPR, PERSON_EPISODE, "family", "dato_markoer",
      "time_of_day", "point_rank", "code");

  /** A waiting-time marker ({@code AFV}) belongs to its episode's clocks (SPEC §5): its episode is part of its key. */
  private static final String CLOCK_EPISODE = "_clock_episode";
  /** The codes of waiting-time markers, counted per episode (SPEC §5). */
  private static final String CLOCK_PREFIX = "AFV";
  /** Whether the row exists for the run (see {@link #inWalkOrder}). */
  private static final String EXISTS = "_exists";

  /**
   * The marker view without {@code dup_rank} (see {@link #inWalkOrder}, {@link DuplicateRank}): {@code code} is {@code markoer}
   * exactly as delivered (SPEC §3.3 compares codes exactly: {@code afb02b} or {@code AFB02B } is not in the list).
   *
   * @param sksCodes reference table {@code sks_codes} ({@link #SKS_CODES}; columns code, valid_from, valid_to as
   *     strings)
   */
  public static Dataset<Row> build(Dataset<Row> markers, Dataset<Row> episodes, Dataset<Row> sksCodes) {
    return byPerson(joined(markers, episodes), sksCodes, 0);
  }

  /**
   * {@link #build} moved into exactly {@code partitions} person partitions, which adaptive execution leaves as they
   * are (it coalesces an exchange by person that has no count of its own, by a few MB of shuffle size): the walk's
   * last stage then runs as many tasks in every run (issue #16).
   */
  public static Dataset<Row> build(Dataset<Row> markers, Dataset<Row> episodes, Dataset<Row> sksCodes,
      int partitions) {
    return byPerson(joined(markers, episodes), sksCodes, partitions);
  }

  /**
   * Every marker row left-joined to its episode: what the exchange by person moves. A hash join: the episodes side is
   * hashed per partition, so the markers are not sorted for the join.
   */
  public static Dataset<Row> joined(Dataset<Row> markers, Dataset<Row> episodes) {
    return markers.join(episodesWithDeath(episodes).hint("shuffle_hash"), "dw_ek_forloeb", "left");
  }

  /**
   * The joined rows moved to their person (one exchange) and classified there, so the exchange carries only the raw
   * columns: the person key ({@link #personKey}) is hashed as the rows are moved and added after the move, not
   * carried (it repeats {@code cpr_encrypted} or {@code dw_ek_forloeb}). The code is {@code markoer} exactly as
   * delivered (SPEC §3.3 compares codes exactly: {@code afb02b} or {@code AFB02B } is not in the list).
   */
  public static Dataset<Row> byPerson(Dataset<Row> joined, Dataset<Row> sksCodes) {
    return byPerson(joined, sksCodes, 0);
  }

  /** {@link #byPerson(Dataset, Dataset)} into this many partitions, or as many as Spark chooses (0). */
  private static Dataset<Row> byPerson(Dataset<Row> joined, Dataset<Row> sksCodes, int partitions) {
    Column[] person = personKey();
    Dataset<Row> moved = (partitions > 0 ? joined.repartition(partitions, person[0], person[1])
        : joined.repartition(person[0], person[1]))
        .withColumn(PERSON_CPR, person[0])
        .withColumn(PERSON_EPISODE, person[1])
        .withColumn("code", col("markoer"))
        .withColumn("time_of_day", timeOfDay());
    return markKnownCodes(classify(moved), sksCodes);
  }

  /** Rows of the marker view (e.g. a filtered part of it) moved to their person and sorted in walk order again. */
  public static Dataset<Row> sortedByPerson(Dataset<Row> view) {
    Dataset<Row> keyed = view.repartition(col(PERSON_CPR), col(PERSON_EPISODE))
        .withColumn(CLOCK_EPISODE, clockEpisode())
        .withColumn(EXISTS, lit(true));
    return sortInWalkOrder(keyed).drop(CLOCK_EPISODE, EXISTS);
  }

  /**
   * The rows of {@link #build} sorted in walk order within their person's partition: {@link #WALK_KEY}, then the copies
   * of a marker that exist for the run ({@code exists}: not excluded by an ERROR rule, not beyond the cut-off) after
   * those that do not, then by {@link #copyOrder}. The order {@link DuplicateRank} reads; it sorts nothing else.
   *
   * @param view the rows of {@link #build}, still partitioned by person
   */
  public static Dataset<Row> inWalkOrder(Dataset<Row> view, Column exists) {
    return sortedForRank(view, exists).drop(EXISTS);
  }

  private static Dataset<Row> sortedForRank(Dataset<Row> view, Column exists) {
    Dataset<Row> keyed = view
        .withColumn(CLOCK_EPISODE, clockEpisode())
        .withColumn(EXISTS, coalesce(exists, lit(false)));
    return sortInWalkOrder(keyed).drop(CLOCK_EPISODE);
  }

  /**
   * The rows of {@link #inWalkOrder} with {@code dup_rank} ({@link DuplicateRank}, SPEC §3.3) as a column: the whole
   * marker scope table, for a caller that needs it as a table (the walk ranks the rows as it walks them).
   */
  public static Dataset<Row> withDuplicateRank(Dataset<Row> view, Column exists) {
    Dataset<Row> sorted = sortedForRank(view, exists);
    StructType schema = sorted.schema().add(DUP_RANK, DataTypes.IntegerType);
    int[] key = java.util.stream.Stream.of(PERSON_CPR, PERSON_EPISODE, "code", "dato_markoer", "time_of_day",
        "dw_ek_forloeb", EXISTS).mapToInt(sorted.schema()::fieldIndex).toArray();
    MapPartitionsFunction<Row, Row> ranked = rows -> {
      DuplicateRank rank = new DuplicateRank();
      return new java.util.Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          Object[] values = new Object[r.length() + 1];
          for (int i = 0; i < r.length(); i++) {
            values[i] = r.get(i);
          }
          values[r.length()] = rank.next(r.getString(key[0]), r.getString(key[1]), r.getString(key[2]), r.get(key[3]),
              r.getString(key[4]), r.getString(key[5]), r.getBoolean(key[6]));
          return RowFactory.create(values);
        }
      };
    };
    return sorted.mapPartitions(ranked, Encoders.row(schema)).drop(EXISTS);
  }

  /** The rank of a copy among the copies of its marker that exist for the run (SPEC §3.3). */
  public static final String DUP_RANK = "dup_rank";

  /** The episode a waiting-time marker's duplicates are counted in ({@link #clockEpisode()}), else null. */
  static String clockEpisode(String code, String episode) {
    return code != null && code.startsWith(CLOCK_PREFIX) ? episode : null;
  }

  private static Column clockEpisode() {
    return when(col("code").startsWith(CLOCK_PREFIX), col("dw_ek_forloeb"));
  }

  /** The walk key, then the clock episode and whether the row exists: the copies {@code dup_rank} counts. */
  private static List<String> duplicateKey() {
    List<String> key = new java.util.ArrayList<>(WALK_KEY);
    key.addAll(List.of(CLOCK_EPISODE, EXISTS));
    return key;
  }

  /** Sorts each partition by {@link #duplicateKey}, then the copies of a marker by {@link #copyOrder}. */
  private static Dataset<Row> sortInWalkOrder(Dataset<Row> rows) {
    List<Column> order = new java.util.ArrayList<>(duplicateKey().stream().map(c -> col(c).asc()).toList());
    order.addAll(List.of(copyOrder()));
    return rows.sortWithinPartitions(order.toArray(Column[]::new));
  }

  /**
   * The copies of one marker: the first registered first (the one that counts), then by episode, raw time and
   * system only to make the order total.
   */
  private static Column[] copyOrder() {
    return new Column[] {col("dato_indberetning").asc_nulls_last(), col("dw_ek_forloeb").asc(),
        col("tidspunkt_markoer").asc_nulls_first(), col("lprindberetningssystem").asc_nulls_last()};
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
    Column number = code.substr(1, 5);
    Column family = when(number.isin(PathwayCodes.URINARY_NUMBERS.toArray()), lit(PathwayCodes.URINARY_FAMILY))
        .when(pathwayCode(code, number), number)
        .when(code.startsWith("AFV"), lit("AFV"));
    return joined
        .withColumn("episode_found", expr("coalesce(episode_found, false)"))
        .withColumn("family", family)
        .withColumns(codeParts())
        .withColumn("point_rank", expr("case point when 'A' then 1 when 'B' then 2 when 'C' then 3 "
            + "when 'F' then 4 when 'X' then 5 else 9 end"))
        .withColumn("time_valid", timeValid());
  }

  /**
   * Whether a code begins with a pathway number, {@code ^AF(A01|D01|B[0-9][0-9])} as a regular expression, here
   * compared by its first five characters (issue #16: a regular expression per row costs a matcher and a Java string).
   */
  private static Column pathwayCode(Column code, Column number) {
    return number.isin("AFA01", "AFD01")
        .or(code.startsWith("AFB").and(digit(code.substr(4, 1))).and(digit(code.substr(5, 1))));
  }

  private static Column digit(Column character) {
    return character.isin("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
  }

  /**
   * {@code pathway_number}, {@code suffix} and {@code point} of a row's {@code code}, given its {@code family}: a
   * pathway code ({@link #pathwayCode}) is one whose family is set and not {@code AFV} (the urinary numbers are
   * pathway codes too), so these take no regular expression, and the walk derives them again after its sort instead
   * of carrying them through it (issue #16).
   */
  public static Map<String, Column> codeParts() {
    Column code = col("code");
    Column pathwayCode = col("family").isNotNull().and(col("family").notEqual(lit("AFV")));
    Column suffix = when(pathwayCode, expr("substring(code, 6)"));
    Column firstChar = suffix.substr(1, 1);
    Map<String, Column> parts = new java.util.LinkedHashMap<>();
    parts.put("pathway_number", when(pathwayCode, code.substr(1, 5)));
    parts.put("suffix", suffix);
    parts.put("point", when(firstChar.isin("A", "B", "C", "F", "X", "P"), firstChar));
    return parts;
  }

  /**
   * {@code known_code}: the code is in the SKS list, compared exactly, and one of its validity periods covers the
   * marker date (open bounds = always); {@code code_case_mismatch}: it is not, but would be after upper-casing and
   * trimming ({@code afb02b}, {@code AFB02B }), so the report can name the reason (VR01-CASE). One broadcast join
   * on the normalised code and the date serves both: the versions of a code do not overlap ({@link #SKS_CODES},
   * checked here too), so a marker matches at most one version. A join condition keeps the stage in generated code,
   * where a lambda over each code's periods was evaluated row by row outside it (issue #16).
   */
  static Dataset<Row> markKnownCodes(Dataset<Row> markers, Dataset<Row> sksCodes) {
    Dataset<Row> versions = disjointVersions(sksCodes).select(col("code").as("sks_code"),
        col("valid_from").cast("date").as("sks_from"), col("valid_to").cast("date").as("sks_to"));
    Column date = col("dato_markoer");
    Column onDate = col("sks_from").isNull().or(col("sks_from").leq(date))
        .and(col("sks_to").isNull().or(col("sks_to").geq(date)));
    Dataset<Row> matched = markers.join(broadcast(versions), normalisedCode().equalTo(col("sks_code")).and(onDate),
        "left");
    Column listed = col("sks_code").isNotNull();
    Column exact = coalesce(col("code").equalTo(col("sks_code")), lit(false));
    return matched
        .withColumn("known_code", listed.and(exact))
        .withColumn("code_case_mismatch", listed.and(exact.equalTo(false)))
        .drop("sks_code", "sks_from", "sks_to");
  }

  /**
   * {@code code} upper-cased without the white space ({@code \s}: space, tab, line feed, vertical tab, form feed,
   * carriage return) at either end: a trim of those characters, which is what the regular expression
   * {@code ^\s+|\s+$} replaced by nothing did, without a regular expression per row.
   */
  static Column normalisedCode() {
    return upper(trim(col("code"), WHITE_SPACE));
  }

  /** The characters of Java's {@code \\s} (without the {@code UNICODE_CHARACTER_CLASS} flag). */
  static final String WHITE_SPACE = " \t\n\u000B\f\r";

  /**
   * {@code sks_codes} as given, after checking that no two versions of a code are valid on one day (the preflight
   * refuses such a table, {@link ReferenceLayout}): a marker must match at most one version, or the join would copy it.
   */
  private static Dataset<Row> disjointVersions(Dataset<Row> sksCodes) {
    Map<String, List<LocalDate[]>> seen = new HashMap<>();
    for (Row r : sksCodes.select("code", "valid_from", "valid_to").collectAsList()) {
      LocalDate[] period = {day(r.getString(1)), day(r.getString(2))};
      List<LocalDate[]> earlier = seen.computeIfAbsent(r.getString(0), c -> new ArrayList<>());
      for (LocalDate[] e : earlier) {
        if (ReferenceLayout.periodsOverlap(period[0], period[1], e[0], e[1])) {
          throw new IllegalArgumentException("sks_codes: two versions of " + r.getString(0) + " are valid on one day");
        }
      }
      earlier.add(period);
    }
    return sksCodes;
  }

  private static LocalDate day(String text) {
    return text == null ? null : LocalDate.parse(text);
  }
}
