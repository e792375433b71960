package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Shared helpers of the aggregates: the input checks, which pathways count, and the expansion of one value to the
 * cells it belongs to (its region and {@code national}; its pathway and {@code all}).
 */
final class Cells {
  static final String NATIONAL = "national";
  static final String ALL_PATHWAYS = "all";
  static final String ALL_MODALITIES = "alle";
  static final String CELL_ID_SEPARATOR = "|";

  private Cells() {}

  /** Refuses a table that lacks a column the aggregate reads, naming the table and the columns. */
  static void require(Dataset<Row> table, String name, String... columns) {
    List<String> have = Arrays.asList(table.columns());
    List<String> missing = Arrays.stream(columns).filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(name + " table lacks column(s) " + missing);
    }
  }

  /** Pathways that count in the aggregates: not orphans and not excluded by the caller (an ERROR rule). */
  static Dataset<Row> countedPathways(Dataset<Row> pathways) {
    require(pathways, "pathways", "orphan", "excluded");
    return pathways.where(not(coalesce(col("orphan"), lit(false))).and(not(coalesce(col("excluded"), lit(false)))));
  }

  /**
   * The {@code cell_id} of an aggregate row: its key columns joined by {@code |} in the given order, a null key
   * written as the empty string (so every id has one part per key column). The lineage on the pathways table
   * ({@link Lineage}) builds its ids with this same expression, so the two always match.
   */
  static Column cellId(List<String> keys) {
    return cellIdOf(keys.stream().map(k -> col(k)).toArray(Column[]::new));
  }

  /** {@link #cellId} of the given key values, in order. */
  static Column cellIdOf(Column... parts) {
    return concat_ws(CELL_ID_SEPARATOR, Arrays.stream(parts)
        .map(c -> coalesce(c.cast("string"), lit(""))).toArray(Column[]::new));
  }

  /** {@link #cellId} of a key on the driver (the aggregates finish their small tables there). */
  static String cellIdOfKey(List<String> key) {
    return key.stream().map(k -> k == null ? "" : k).collect(Collectors.joining(CELL_ID_SEPARATOR));
  }

  /** The region cells of a value: its own region and {@code national} ({@link #withNational} on the driver). */
  static List<String> regionCells(String region) {
    return Arrays.asList(region, NATIONAL);
  }

  /** The pathway cells of a value: its own pathway and {@code all} ({@link #withAllPathways} on the driver). */
  static List<String> pathwayCells(String pathway) {
    return Arrays.asList(pathway, ALL_PATHWAYS);
  }

  /**
   * The aggregated cells plus every grid cell whose {@code cell_id} they lack (with a null value, for the caller to
   * write as zeros), in {@code cell_id} order. Data cells outside the grid are kept: nothing counted is lost.
   */
  static <V> List<Map.Entry<List<String>, V>> withGrid(Map<List<String>, V> data, List<List<String>> grid) {
    List<Map.Entry<List<String>, V>> out = new ArrayList<>(data.entrySet());
    // each cell's id built once: the sort compares ids O(n log n) times
    Map<List<String>, String> idOf = new HashMap<>();
    Set<String> ids = new HashSet<>();
    data.keySet().forEach(k -> {
      idOf.put(k, cellIdOfKey(k));
      ids.add(idOf.get(k));
    });
    for (List<String> cell : grid) {
      String id = cellIdOfKey(cell);
      if (ids.add(id)) {
        idOf.put(cell, id);
        out.add(new AbstractMap.SimpleEntry<>(cell, null));
      }
    }
    out.sort(Comparator.comparing(e -> idOf.get(e.getKey())));
    return out;
  }

  /** The distinct quarters of the rows that count (pathways: not orphans, not excluded), read on the driver. */
  static List<String> quarters(Dataset<Row> pathways) {
    return countedPathways(pathways).select("quarter").distinct().as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList().stream().filter(java.util.Objects::nonNull).sorted().toList();
  }

  /** One row per region cell: the row's own region and {@code national} (national always has every row). */
  static Dataset<Row> withNational(Dataset<Row> rows) {
    return rows.withColumn("region", explode(array(col("region").cast("string"), lit(NATIONAL))));
  }

  /** One row per pathway cell: the row's own pathway and {@code all}. */
  static Dataset<Row> withAllPathways(Dataset<Row> rows) {
    return rows.withColumn("pathway", explode(array(col("pathway"), lit(ALL_PATHWAYS))));
  }
}
