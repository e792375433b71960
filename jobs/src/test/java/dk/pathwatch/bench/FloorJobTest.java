package dk.pathwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.pathwatch.PlanNodes;
import dk.pathwatch.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The floor job's OF4 against values worked out by hand. */
class FloorJobTest {
  private static final String EPISODES = "select * from values "
      + "('E1', 'P1', '1081'), ('E2', 'P2', '1081'), ('E3', 'P3', '1081'), ('E4', 'P4', '1081'), "
      + "('E5', 'P5', '1081'), ('E6', 'P6', '1084'), ('E7', 'P7', '1082'), ('E7B', 'P7', '1085'), "
      + "('E8', cast(null as string), '1081') "
      + "as t(dw_ek_forloeb, cpr_encrypted, region_ans)";

  /**
   * AFB01 in 1081, quarter 2025Q1: P1 26 days, P2 40 (B ignored), P3 none (its F follows the X that closed the
   * pathway), P4 10 (then restarted by a new A in Q2: 29 days), P5 10 (a later F ignored). Sorted 10, 10, 26, 40:
   * median (10 + 26) / 2 = 18. P6 is urinary (AFB13 A, AFB14 F): family AFB13, 30 days, region 1084. P7's A is on
   * a 1082 episode and its F on a 1085 one: region 1082, 10 days. Ignored: P1's A on a missing episode E9, E8
   * without a person, a marker without date, a DF marker (AFA01).
   */
  private static final String MARKERS = "select * from values "
      + "('E1', 'AFB01A', date'2025-01-02', '08:00'), ('E1', 'AFB01F1', date'2025-01-28', '09:00'), "
      + "('E9', 'AFB01A', date'2025-01-20', '08:00'), "
      + "('E2', 'AFB01A', date'2025-01-10', null), ('E2', 'AFB01B', date'2025-01-15', '10:00'), "
      + "('E2', 'AFB01F2', date'2025-02-19', '10:00'), "
      + "('E3', 'AFB01A', date'2025-02-01', '08:00'), ('E3', 'AFB01X1', date'2025-02-10', '08:00'), "
      + "('E3', 'AFB01F1', date'2025-03-01', '08:00'), "
      + "('E4', 'AFB01A', date'2025-03-05', '08:00'), ('E4', 'AFB01F1', date'2025-03-15', '08:00'), "
      + "('E4', 'AFB01A', date'2025-04-01', '08:00'), ('E4', 'AFB01F3', date'2025-04-30', '08:00'), "
      + "('E5', 'afb01a ', date'2025-01-03', '08:00'), ('E5', 'AFB01F1', date'2025-01-13', '08:00'), "
      + "('E5', 'AFB01F2', date'2025-01-20', '08:00'), "
      + "('E6', 'AFB13A', date'2025-01-05', '08:00'), ('E6', 'AFB14F1', date'2025-02-04', '08:00'), "
      + "('E7', 'AFB26A', date'2025-02-01', '08:00'), ('E7B', 'AFB26F2', date'2025-02-11', '08:00'), "
      + "('E8', 'AFB01A', date'2025-01-02', '08:00'), ('E8', 'AFB01F1', date'2025-01-05', '08:00'), "
      + "('E1', 'AFB01F1', cast(null as date), '08:00'), "
      + "('E1', 'AFA01A', date'2025-01-02', '08:00'), ('E1', 'AFA01F1', date'2025-01-04', '08:00') "
      + "as t(dw_ek_forloeb, markoer, dato_markoer, tidspunkt_markoer)";

  @Test
  void of4PerQuarterRegionAndFamilyMatchesTheHandComputedFigures() {
    SparkSession spark = SharedSpark.get();
    Dataset<Row> of4 = FloorJob.of4(spark.sql(MARKERS), spark.sql(EPISODES));
    List<String> rows = of4.orderBy("quarter", "region", "family").collectAsList().stream()
        .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2) + " n=" + r.getLong(3)
            + " median=" + r.getDouble(4))
        .toList();
    assertEquals(List.of(
        "2025Q1 1081 AFB01 n=4 median=18.0",
        "2025Q1 1082 AFB26 n=1 median=10.0",
        "2025Q1 1084 AFB13 n=1 median=30.0",
        "2025Q2 1081 AFB01 n=1 median=29.0"), rows);
    assertEquals("quarter:string,region:string,family:string,n:bigint,median:double",
        String.join(",", java.util.Arrays.stream(of4.schema().fields())
            .map(f -> f.name() + ":" + f.dataType().simpleString()).toList()));
  }

  /** Fair floor (issue #16): every marker goes to its person through one exchange and is sorted there once. */
  @Test
  void everyMarkerIsMovedToItsPersonAndSortedOnce() {
    SparkSession spark = SharedSpark.get();
    Dataset<Row> markers = spark.sql(MARKERS);
    Dataset<Row> of4 = FloorJob.of4(markers, spark.sql(EPISODES));
    of4.collectAsList();
    PlanNodes plan = PlanNodes.of(of4);
    assertEquals(1, plan.sorts().size(), plan.toString());
    assertEquals(1, plan.shufflesBy("person").size(), plan.toString());
    assertEquals(markers.count(), PlanNodes.rowsWritten(plan.shufflesBy("person").get(0)),
        "every marker row, not only the organ pathways' A, F and X");
  }

  @Test
  void oddCountTakesTheMiddleValue() {
    SparkSession spark = SharedSpark.get();
    Dataset<Row> episodes = spark.sql("select * from values ('E1', 'P1', '1083'), ('E2', 'P2', '1083'), "
        + "('E3', 'P3', '1083') as t(dw_ek_forloeb, cpr_encrypted, region_ans)");
    Dataset<Row> markers = spark.sql("select * from values "
        + "('E1', 'AFB12A', date'2024-10-01', '08:00'), ('E1', 'AFB12F1', date'2024-10-06', '08:00'), "
        + "('E2', 'AFB12A', date'2024-11-01', '08:00'), ('E2', 'AFB12F1', date'2024-11-08', '08:00'), "
        + "('E3', 'AFB12A', date'2024-12-01', '08:00'), ('E3', 'AFB12F1', date'2025-01-30', '08:00') "
        + "as t(dw_ek_forloeb, markoer, dato_markoer, tidspunkt_markoer)");
    Row r = FloorJob.of4(markers, episodes).collectAsList().get(0);
    assertEquals("2024Q4", r.getString(0));
    assertEquals(3L, r.getLong(3));
    assertEquals(7.0, r.getDouble(4));
  }
}
