package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dk.pathwatch.common.PathwayCodes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiting-time indicators of SPEC §4 (OF1–OF4, DF1–DF3, MF1–MF3), aggregated per quarter × region (and
 * {@code national}) × pathway (and {@code all}) × modality (and {@code alle}) × indicator into the internal,
 * unsuppressed indicators table: {@code n}, {@code n_within}, {@code share_within}, exact quartiles
 * ({@link Quartiles}), {@code n_no_standard} and whether an unverified standard time was used.
 *
 * <p>Each pathway's value of an indicator is judged against its own (pathway, modality, indicator) standard time
 * valid on its {@code A} date and then expanded to every cell it belongs to, so a pathway counts in its region and
 * in {@code national}, under its pathway and under {@code all}. Spark counts the pathways per own cell and day;
 * the driver finishes the small table.
 */
public final class Indicators {
  private static final Logger LOG = LoggerFactory.getLogger(Indicators.class);

  public static final List<String> INDICATORS =
      List.of("OF1", "OF2", "OF3", "OF4", "DF1", "DF2", "DF3", "MF1", "MF2", "MF3");
  /** Indicators broken down by the modality of the first F; the others have modality {@code alle} only. */
  public static final List<String> BY_MODALITY = List.of("OF3", "OF4");
  /** The key of an indicator cell, in this order also the parts of {@code cell_id}. */
  public static final List<String> CELL = List.of("quarter", "region", "pathway", "modality", "indicator");

  private static final String[] PATHWAY_COLUMNS = {"pathway_id", "family", "pathway", "region", "quarter", "date_a",
      "modality"};

  private Indicators() {}

  /**
   * The internal indicators table, columns {@code quarter, region, pathway, modality, indicator, n, n_within,
   * share_within, q1, median, q3, n_no_standard, uses_unverified_standard, cell_id}. Every cell of the grid is
   * present, zeros included (n 0, n_no_standard 0, n_within 0 where the indicator has standard times, else null;
   * share and quartiles null).
   *
   * @param pathways the pathways table (SPEC §6) with {@code orphan} and the caller's {@code excluded} flag
   * @param standardTimes the standard-time table ({@link StandardTimes#load}, or the same columns)
   * @param grid the cells to write ({@link Grid}), for the quarters of the counted pathways
   */
  public static Dataset<Row> compute(Dataset<Row> pathways, Dataset<Row> standardTimes, Grid grid) {
    return compute(pathways, standardTimes, grid, Cells.quarters(pathways));
  }

  /**
   * {@link #compute(Dataset, Dataset, Grid)} with the quarters of the counted pathways known already (from
   * {@link Activity.Counts#quarters}). One Spark aggregation per (own cell, days), collected (days are whole numbers
   * within a few years, so a cell has at most a few thousand rows); the expansion to the cells a value belongs to,
   * the quartiles and the grid follow on the driver.
   */
  public static Dataset<Row> compute(Dataset<Row> pathways, Dataset<Row> standardTimes, Grid grid,
      Collection<String> quarters) {
    LOG.info("indicators: aggregating {} indicators", INDICATORS.size());
    // counted per (own cell, days) before the expansion to region/national × pathway/all × modality/alle, so the
    // expansion multiplies day counts, not pathways
    List<Row> ownCells = pathwayValues(pathways, standardTimes).groupBy(cellAnd("days")).agg(
        count(lit(1)).as("c"),
        sum(when(col("within"), 1).otherwise(0)).as("c_within"),
        sum(when(col("no_standard"), 1).otherwise(0)).as("c_no_standard"),
        max(col("standard_verified").equalTo(false)).as("c_unverified")).collectAsList();
    long collected = System.nanoTime();
    Map<List<String>, Cell> cells = new HashMap<>();
    // an own cell has a row per day: its cells are looked up once, not once per day
    Map<List<String>, Cell[]> cellsOfOwnCell = new HashMap<>();
    for (Row r : ownCells) {
      List<String> own = Arrays.asList(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4));
      for (Cell cell : cellsOfOwnCell.computeIfAbsent(own, k -> cellsOf(k, cells))) {
        cell.add(r);
      }
    }
    List<String> withStandards = indicatorsWithStandards(standardTimes);
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<List<String>, Cell> e : Cells.withGrid(cells, grid.indicatorCells(quarters))) {
      rows.add((e.getValue() == null ? new Cell() : e.getValue()).row(e.getKey(),
          withStandards.contains(e.getKey().get(4))));
    }
    LOG.info("indicators: {} rows per own cell and day summed into {} cells with the grid's, on the driver in {} ms",
        ownCells.size(), rows.size(), (System.nanoTime() - collected) / 1_000_000);
    return pathways.sparkSession().createDataFrame(rows, SCHEMA);
  }

  /** The columns of the indicators table. */
  private static final StructType SCHEMA = new StructType()
      .add("quarter", DataTypes.StringType).add("region", DataTypes.StringType).add("pathway", DataTypes.StringType)
      .add("modality", DataTypes.StringType).add("indicator", DataTypes.StringType)
      .add("n", DataTypes.LongType).add("n_within", DataTypes.LongType).add("share_within", DataTypes.DoubleType)
      .add("q1", DataTypes.DoubleType).add("median", DataTypes.DoubleType).add("q3", DataTypes.DoubleType)
      .add("n_no_standard", DataTypes.LongType).add("uses_unverified_standard", DataTypes.BooleanType)
      .add("cell_id", DataTypes.StringType);

  /**
   * The cells the values of an own cell ({@code quarter, region, pathway, modality, indicator}) count in: its region
   * and {@code national} × its pathway and {@code all} × for OF3, OF4 its modality and {@code alle}; made in
   * {@code cells} when new.
   */
  private static Cell[] cellsOf(List<String> own, Map<List<String>, Cell> cells) {
    List<Cell> out = new ArrayList<>();
    String indicator = own.get(4);
    for (String region : Cells.regionCells(own.get(1))) {
      for (String pathway : Cells.pathwayCells(own.get(2))) {
        for (String modality : modalityCells(indicator, own.get(3))) {
          out.add(cells.computeIfAbsent(Arrays.asList(own.get(0), region, pathway, modality, indicator),
              k -> new Cell()));
        }
      }
    }
    return out.toArray(Cell[]::new);
  }

  /** One indicator cell being summed on the driver: its pathways per day count and the counts beside. */
  private static final class Cell {
    /**
     * The own cells' (day, pathways) pairs as {@code day << 32 | pathways}, in the order added: sorted and merged per
     * day once, when the row is made (a day's pathways of one own cell are far below 2³²).
     */
    private long[] dayCounts = new long[8];
    private int size;
    private long n;
    private long within;
    private long noStandard;
    private boolean unverified;

    /** Adds an own-cell row ({@code days, c, c_within, c_no_standard, c_unverified} after the five keys). */
    void add(Row r) {
      long c = r.getLong(6);
      if (c >>> 32 != 0) {
        throw new IllegalStateException("more than 2^32 pathways on one day of one cell: " + c);
      }
      if (size == dayCounts.length) {
        dayCounts = Arrays.copyOf(dayCounts, size * 2);
      }
      dayCounts[size++] = ((long) r.getInt(5) << 32) | c;
      n += c;
      within += r.getLong(7);
      noStandard += r.getLong(8);
      unverified |= !r.isNullAt(9) && r.getBoolean(9);
    }

    /**
     * The table row: n 0, n_no_standard 0, n_within 0 where the indicator has standard times (else null), no share
     * and no quartiles for a zero cell.
     */
    Row row(List<String> key, boolean hasStandard) {
      long usable = n - noStandard;
      Double[] q = quartiles();
      return RowFactory.create(key.get(0), key.get(1), key.get(2), key.get(3), key.get(4), n,
          hasStandard ? within : null, hasStandard && usable > 0 ? (double) within / usable : null,
          q[0], q[1], q[2], noStandard, unverified, Cells.cellIdOfKey(key));
    }

    /** {q1, median, q3} of the days, each with its pathways summed over the own cells. */
    private Double[] quartiles() {
      Arrays.sort(dayCounts, 0, size);
      int[] days = new int[size];
      long[] counts = new long[size];
      int distinct = 0;
      for (int i = 0; i < size; i++) {
        int day = (int) (dayCounts[i] >> 32);
        long c = dayCounts[i] & 0xFFFF_FFFFL;
        if (distinct > 0 && days[distinct - 1] == day) {
          counts[distinct - 1] += c;
        } else {
          days[distinct] = day;
          counts[distinct++] = c;
        }
      }
      return Quartiles.ofSorted(days, counts, distinct);
    }
  }

  /** The modality cells of a value: its modality and {@code alle} for OF3, OF4 (the expansion of {@link #compute}). */
  private static List<String> modalityCells(String indicator, String modality) {
    return BY_MODALITY.contains(indicator) && modality != null ? Arrays.asList(modality, Cells.ALL_MODALITIES)
        : List.of(Cells.ALL_MODALITIES);
  }

  /** The indicators the standard-time table has rows for (a handful; read on the driver). */
  static List<String> indicatorsWithStandards(Dataset<Row> standardTimes) {
    return StandardTimes.typed(standardTimes).select("indicator").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList().stream().distinct().sorted().toList();
  }

  /**
   * One row per (counted pathway, indicator with both markers): {@code pathway_id, family, pathway, region, quarter,
   * date_a, modality, indicator, days, lookup_modality, standard_days, standard_verified, has_standard (the
   * indicator has standard times at all), no_standard (it has, but none for this pathway), within}. Public for
   * lineage and for the report of pathways without a standard time.
   */
  public static Dataset<Row> pathwayValues(Dataset<Row> pathways, Dataset<Row> standardTimes) {
    Cells.require(pathways, "pathways", PATHWAY_COLUMNS);
    Cells.require(pathways, "pathways", INDICATORS.stream().map(Indicators::daysColumn).toArray(String[]::new));
    List<Column> keep = new ArrayList<>();
    for (String c : PATHWAY_COLUMNS) {
      keep.add(col(c));
    }
    keep.add(explode(array(INDICATORS.stream().map(Indicators::valueOf).toArray(Column[]::new))).as("v"));
    Dataset<Row> values = Cells.countedPathways(pathways)
        .select(keep.toArray(Column[]::new))
        .where(col("v.days").isNotNull().and(col("v.applies")))
        .withColumn("indicator", col("v.indicator"))
        .withColumn("days", col("v.days"))
        .drop("v")
        .withColumn("lookup_modality",
            when(col("indicator").isin(BY_MODALITY.toArray()), col("modality")).otherwise(lit(Cells.ALL_MODALITIES)));
    // the indicators with standard times are a handful, known on the driver: a literal list, not a broadcast join
    // (a Spark job of its own, with a shuffle for the distinct)
    List<String> withStandards = indicatorsWithStandards(standardTimes);
    Column hasStandard = withStandards.isEmpty() ? lit(false) : col("indicator").isin(withStandards.toArray());
    return StandardTimes.lookup(values, standardTimes)
        .withColumn("has_standard", hasStandard)
        .withColumn("no_standard", col("has_standard").and(col("standard_days").isNull()))
        .withColumn("within", col("days").leq(col("standard_days")));
  }

  /**
   * The pathways with {@code standard_days_of4} (the OF4 standard time valid on the A date for the pathway's own
   * modality, for VR25) and {@code no_standard_indicators}: the indicators the pathway has a value of whose
   * reference table has standard times, but none for the pathway's (pathway, modality) on its A date. Each of them
   * counts the pathway in {@code n_no_standard} ({@link #pathwayValues}: {@code no_standard}); VR29 reports it to
   * the pathway's region. One broadcast lookup per indicator with standard times (a handful).
   */
  public static Dataset<Row> withMissingStandards(Dataset<Row> pathways, Dataset<Row> standardTimes) {
    List<String> withStandards = indicatorsWithStandards(standardTimes);
    List<String> lookups = new ArrayList<>(List.of("OF4"));
    withStandards.stream().filter(i -> !lookups.contains(i)).forEach(lookups::add);
    Dataset<Row> out = pathways;
    List<Column> missing = new ArrayList<>();
    for (String indicator : lookups) {
      Column lookupModality = BY_MODALITY.contains(indicator) ? col("modality") : lit(Cells.ALL_MODALITIES);
      Dataset<Row> keyed = out.withColumn("indicator", lit(indicator)).withColumn("lookup_modality", lookupModality);
      String days = "standard_days_" + indicator.toLowerCase();
      out = StandardTimes.lookup(keyed, standardTimes).withColumnRenamed("standard_days", days)
          .drop("indicator", "lookup_modality", "standard_verified");
      if (withStandards.contains(indicator)) {
        missing.add(when(hasValue(indicator).and(col(days).isNull()), array(lit(indicator))).otherwise(NO_INDICATORS));
      }
    }
    Column noStandard = missing.isEmpty() ? NO_INDICATORS : concat(missing.toArray(Column[]::new));
    List<String> helpers = lookups.stream().filter(i -> !i.equals("OF4"))
        .map(i -> "standard_days_" + i.toLowerCase()).toList();
    return out.withColumn("no_standard_indicators", noStandard).drop(helpers.toArray(String[]::new));
  }

  private static final Column NO_INDICATORS = array().cast("array<string>");

  static String daysColumn(String indicator) {
    return "days_" + indicator.toLowerCase();
  }

  /** The struct (indicator, days, applies): whether the indicator belongs to the pathway's family. */
  private static Column valueOf(String indicator) {
    return struct(lit(indicator).as("indicator"), col(daysColumn(indicator)).cast("int").as("days"),
        applies(indicator).as("applies"));
  }

  /** Whether the indicator belongs to a pathway of this family (and, for MF, start date). */
  static Column applies(String indicator) {
    if (indicator.startsWith("OF")) {
      return col("family").startsWith(PathwayCodes.ORGAN_PREFIX);
    } else if (indicator.startsWith("DF")) {
      return col("family").equalTo(PathwayCodes.DIAGNOSTIC_PATHWAY);
    }
    return col("family").equalTo(PathwayCodes.METASTASIS_PATHWAY).and(col("date_a").geq(lit(PathwayCodes.MF_FROM)));
  }

  /** Whether a pathway has a value of the indicator: it applies and both of its markers are there. */
  static Column hasValue(String indicator) {
    return col(daysColumn(indicator)).isNotNull().and(applies(indicator));
  }

  private static Column[] cellAnd(String... more) {
    List<Column> cols = new ArrayList<>(CELL.stream().map(c -> col(c)).toList());
    for (String m : more) {
      cols.add(col(m));
    }
    return cols.toArray(Column[]::new);
  }
}
