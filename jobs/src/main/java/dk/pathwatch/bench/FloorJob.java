package dk.pathwatch.bench;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.median;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dk.pathwatch.common.PathwayCodes;
import dk.pathwatch.common.SparkPaths;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's floor: the least a Spark job must do to get one of the job's figures from a snapshot, with
 * no rules, no validation, no Spring Batch and one output table, but with the same data movement the full job
 * cannot avoid. It reads every marker row, joins each to its episode, moves every marker to its person (one
 * exchange) and sorts each person's markers (one sort, family, date, time, point, code), computes OF4 (A to first
 * F, SPEC §4) per quarter of the A date × region of the A's episode × family — the number of pathways and their
 * exact median in days — and writes that one table. The full job's time over this one says what the job's
 * correctness and bookkeeping cost on top of plain Spark (issue #16: a fair floor sorts every marker, not only the
 * organ pathways' A, F and X).
 *
 * <p>Pathways as in SPEC §3.4, simplified: per (person, family), markers ordered by date, time, point and code;
 * an A opens a pathway, an X closes it, the first F of an open pathway ends its OF4. Only organ families
 * ({@code AFBnn}, urinary numbers folded into {@code AFB13}) have OF4; markers without a date or a person are
 * sorted with the rest but open no pathway.
 */
public final class FloorJob {
  /** The one output table, under the output folder. */
  public static final String TABLE = "of4";
  private static final Logger LOG = LoggerFactory.getLogger(FloorJob.class);

  private FloorJob() {}

  /**
   * Reads {@code snapshot}/forloebsmarkoerer and /forloeb, writes {@code output}/of4 (Parquet, replaced) and
   * returns its row count.
   */
  public static long run(SparkSession spark, String snapshot, String output) {
    long start = System.nanoTime();
    String base = snapshot.replaceAll("/+$", "");
    Dataset<Row> markers = SparkPaths.parquet(spark, base + "/forloebsmarkoerer");
    Dataset<Row> episodes = SparkPaths.parquet(spark, base + "/forloeb");
    String target = output.replaceAll("/+$", "") + "/" + TABLE;
    of4(markers, episodes).write().mode(SaveMode.Overwrite).parquet(target);
    long rows = SparkPaths.parquet(spark, target).count();
    LOG.info("floor: {} rows in {} after {} s", rows, target, Math.round((System.nanoTime() - start) / 1e8) / 10.0);
    return rows;
  }

  /**
   * OF4 per quarter × region × family.
   *
   * @param markers {@code forloebsmarkoerer} rows (reads dw_ek_forloeb, markoer, dato_markoer,
   *     tidspunkt_markoer)
   * @param episodes {@code forloeb} rows (reads dw_ek_forloeb, cpr_encrypted, region_ans)
   * @return {@code quarter} (e.g. {@code 2025Q1}), {@code region}, {@code family}, {@code n} (long),
   *     {@code median} (double, days; the mean of the two middle values for an even n)
   */
  public static Dataset<Row> of4(Dataset<Row> markers, Dataset<Row> episodes) {
    Column number = substring(col("code"), 1, 5);
    Column organ = col("code").startsWith(PathwayCodes.ORGAN_PREFIX);
    Dataset<Row> joined = markers
        .select(col("dw_ek_forloeb"), col("markoer"), col("dato_markoer").as("date"),
            col("tidspunkt_markoer").as("time"))
        .join(episodes.select("dw_ek_forloeb", "cpr_encrypted", "region_ans"), "dw_ek_forloeb", "left");
    // every marker moves to its person and is sorted there, as in the full job's walk; a marker without a person
    // (no episode, or an episode without cpr_encrypted) is its episode's, so none is filtered out before the sort
    Dataset<Row> sorted = joined
        .withColumn("person", coalesce(col("cpr_encrypted"), concat(lit("episode:"), col("dw_ek_forloeb"))))
        .repartition(col("person"))
        .withColumn("code", upper(trim(col("markoer"))))
        .withColumn("family", when(number.isin(PathwayCodes.URINARY_NUMBERS.toArray()), lit(PathwayCodes.URINARY_FAMILY)).otherwise(number))
        .withColumn("point", substring(col("code"), 6, 1))
        .sortWithinPartitions(personAnd(walkOrder()));

    // A < F < X also as letters, so the point orders markers of the same date and time as SPEC §3.4 does. The
    // window's order is the sort's, so it needs no sort of its own.
    WindowSpec walk = Window.partitionBy("person", "family").orderBy(walkOrder())
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column valid = organ.and(col("date").isNotNull()).and(col("cpr_encrypted").isNotNull());
    Column isA = valid.and(col("point").equalTo("A"));
    Column opensOrCloses = valid.and(col("point").isin("A", "X"));
    Dataset<Row> walked = sorted
        .withColumn("pathway_no", sum(when(isA, 1).otherwise(0)).over(walk))
        .withColumn("last_open_or_close", last(when(opensOrCloses, col("point")), true).over(walk))
        .withColumn("a_date", last(when(isA, col("date")), true).over(walk))
        .withColumn("region", last(when(isA, col("region_ans")), true).over(walk));

    Dataset<Row> perPathway = walked
        .where(valid.and(col("point").equalTo("F")).and(col("last_open_or_close").equalTo("A")))
        .groupBy("cpr_encrypted", "family", "pathway_no", "a_date", "region")
        .agg(min("date").as("f_date"))
        .withColumn("days", datediff(col("f_date"), col("a_date")))
        .withColumn("quarter", concat(year(col("a_date")).cast("string"), lit("Q"),
            quarter(col("a_date")).cast("string")));

    return perPathway.groupBy("quarter", "region", "family")
        // median is Spark's exact percentile at 0.5: the mean of the two middle values for an even count
        .agg(count(lit(1)).as("n"), median(col("days")).as("median"));
  }

  /** Date, time, point and code: the window's order, and after person and family the partition's sort. */
  private static Column[] walkOrder() {
    return new Column[] {col("date"), col("time").asc_nulls_first(), col("point"), col("code")};
  }

  private static Column[] personAnd(Column[] order) {
    Column[] all = new Column[order.length + 2];
    all[0] = col("person");
    all[1] = col("family");
    System.arraycopy(order, 0, all, 2, order.length);
    return all;
  }
}
