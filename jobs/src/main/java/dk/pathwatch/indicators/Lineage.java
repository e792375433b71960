package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Lineage from the aggregates back to the records: the {@code cell_id}s each pathway and each clock counts in.
 *
 * <p>The ids are built by the expansions the aggregates make ({@link Indicators#pathwayValues}; region and
 * {@code national}, pathway and {@code all}, as {@link Indicators#compute} and {@link Activity} expand on the
 * driver) and the {@link Cells#cellId} expression, which joins the parts as {@link Cells#cellIdOfKey} does, so a
 * cell's {@code n} (indicators), {@code started} (activity) or {@code n}
 * (mwt) is exactly the number of rows whose {@code cell_ids} contain its id. An orphan or a pathway excluded by an
 * ERROR rule counts in no cell and gets an empty array.
 */
public final class Lineage {
  private static final Column NONE = array().cast("array<string>");

  private Lineage() {}

  /**
   * The pathways table with {@code cell_ids} (array of string, sorted, empty when the pathway counts nowhere): the
   * indicator cells of each indicator the pathway has a value for, and its activity cells.
   *
   * <p>Computed per row, with no shuffle: for each indicator the pathway has a value of
   * ({@link Indicators#hasValue}), its region and {@code national} × its pathway and {@code all} × (for OF3/OF4 with
   * a modality) its modality and {@code alle}, the same expansion {@link Indicators#compute} makes, named as
   * {@link Cells#cellIdOf} names them. LineageTest checks that every cell's count equals the rows listing it.
   *
   * @param pathways the pathways table with {@code orphan}, {@code excluded} and the columns {@link Indicators} and
   *     {@link Activity} read
   */
  public static Dataset<Row> withCellIds(Dataset<Row> pathways) {
    Cells.require(pathways, "pathways", "orphan", "excluded", "quarter", "region", "pathway", "modality");
    // the four quarter|region|pathway prefixes are computed once per row (and are the activity cell ids); every
    // indicator id is a prefix plus |modality|indicator. A cell_id expression per id cost 4x as much (issue #6).
    Dataset<Row> withPrefixes = pathways;
    List<String> prefixNames = new ArrayList<>();
    List<Column> prefixes = new ArrayList<>();
    for (Column region : List.of(col("region").cast("string"), lit(Cells.NATIONAL))) {
      for (Column pathway : List.of(col("pathway"), lit(Cells.ALL_PATHWAYS))) {
        String name = "_cell_prefix" + prefixes.size();
        withPrefixes = withPrefixes.withColumn(name, Cells.cellIdOf(col("quarter"), region, pathway));
        prefixNames.add(name);
        prefixes.add(col(name));
      }
    }
    List<Column> parts = new ArrayList<>();
    for (String indicator : Indicators.INDICATORS) {
      parts.add(when(Indicators.hasValue(indicator), indicatorCells(indicator, prefixes)).otherwise(NONE));
    }
    parts.add(array(prefixes.toArray(Column[]::new)));
    Column counted = not(coalesce(col("orphan"), lit(false))).and(not(coalesce(col("excluded"), lit(false))));
    Column all = concat(parts.toArray(Column[]::new));
    // de-duplicating ~40 strings per row was 7 % of the pathways step's executor samples (JFR, issue #16): done only
    // for the rows whose ids can repeat
    Column ids = sort_array(when(mayRepeat(), array_distinct(all)).otherwise(all));
    return withPrefixes.withColumn("cell_ids", when(counted, ids).otherwise(NONE))
        .drop(prefixNames.toArray(String[]::new));
  }

  /**
   * Whether two of a pathway's cell ids can be equal. Its ids join its quarter, its region or {@code national}, its
   * pathway or {@code all}, and for indicator cells its modality or {@code alle} and one of the distinct indicator
   * names, with {@link Cells#CELL_ID_SEPARATOR}: when none of its values contains the separator, two ids are equal
   * only when all their parts are, which needs a value equal to the name of its total.
   */
  private static Column mayRepeat() {
    Column repeats = lit(false);
    for (String part : List.of("quarter", "region", "pathway", "modality")) {
      repeats = repeats.or(coalesce(col(part).cast("string").contains(Cells.CELL_ID_SEPARATOR), lit(false)));
    }
    return repeats.or(isTotal("region", Cells.NATIONAL)).or(isTotal("pathway", Cells.ALL_PATHWAYS))
        .or(isTotal("modality", Cells.ALL_MODALITIES));
  }

  private static Column isTotal(String part, String total) {
    return coalesce(col(part).cast("string").equalTo(total), lit(false));
  }

  /**
   * The indicator cells of one indicator's value: each region/national × pathway/all prefix with modality
   * {@code alle}, and (OF3/OF4 with a modality) also with the pathway's modality, as {@link Cells#cellIdOf} would
   * name them.
   */
  private static Column indicatorCells(String indicator, List<Column> prefixes) {
    String sep = Cells.CELL_ID_SEPARATOR;
    List<Column> plain = new ArrayList<>();
    List<Column> byModality = new ArrayList<>();
    for (Column prefix : prefixes) {
      plain.add(concat(prefix, lit(sep + Cells.ALL_MODALITIES + sep + indicator)));
      byModality.add(concat(prefix, lit(sep), col("modality"), lit(sep + indicator)));
    }
    if (!Indicators.BY_MODALITY.contains(indicator)) {
      return array(plain.toArray(Column[]::new));
    }
    byModality.addAll(plain);
    return when(col("modality").isNotNull(), array(byModality.toArray(Column[]::new)))
        .otherwise(array(plain.toArray(Column[]::new)));
  }

  /**
   * The clocks table with {@code cell_ids}: the mwt cells of the clock's region and {@code national}, empty for a
   * clock excluded by an ERROR rule. Mirrors {@link MwtAggregates#compute} (region and national).
   */
  public static Dataset<Row> withClockCellIds(Dataset<Row> clocks) {
    Cells.require(clocks, "clocks", "excluded", "quarter", "region", "rule", "category", "reason");
    Column counted = not(coalesce(col("excluded"), lit(false)));
    Column ids = array(clockCellId(col("region").cast("string")), clockCellId(lit(Cells.NATIONAL)));
    return clocks.withColumn("cell_ids", when(counted, ids).otherwise(NONE));
  }

  private static Column clockCellId(Column region) {
    return Cells.cellIdOf(MwtAggregates.CELL.stream().map(k -> k.equals("region") ? region : col(k))
        .toArray(Column[]::new));
  }
}
