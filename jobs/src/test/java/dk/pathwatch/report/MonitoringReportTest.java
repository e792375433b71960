package dk.pathwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.publish.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring page, now drawn from each published table read once and worked on in plain Java, is the page the
 * Spark aggregations of 378bfee drew ({@link MonitoringReportInSpark}), byte for byte, on handcrafted published
 * tables with hidden cells of both kinds, null shares, several quarters and rules with and without violations.
 */
class MonitoringReportTest {
  private static final String[] REGIONS = {"1081", "1082", "1083", "1084", "1085", "national"};
  private static final String[] FLAGS = {null, null, null, "primary", "secondary"};
  private final SparkSession spark = SharedSpark.get();
  private final Random random = new Random(16);

  @Test
  void thePageIsThePageTheSparkAggregationsDrew(@TempDir Path tmp) throws Exception {
    String tables = tmp.resolve("tables").toString();
    write(tables, "indicators_published", "quarter string, region string, pathway string, modality string, "
        + "indicator string, n long, n_within long, share_within double, q1 double, median double, q3 double, "
        + "n_no_standard long, suppressed_n string, suppressed_share string, cell_id string", indicators());
    write(tables, "activity_published", "quarter string, region string, pathway string, started long, "
        + "investigation_started long, disproven long, treated long, closed_without_treatment long, "
        + "open_at_cutoff long, cell_id string, suppressed_started string, suppressed_treated string", activity());
    write(tables, "mwt_published", "quarter string, region string, rule string, category string, reason string, "
        + "n long, n_still_waiting long, cell_id string, suppressed_n string, suppressed_n_still_waiting string",
        mwt());
    write(tables, "validation_results", "rule_id string, region string, rows_checked long, violations long",
        results());
    OutputFiles files = new OutputFiles(spark.sparkContext().hadoopConfiguration());
    var info = new RegionReports.RunInfo("fixture", LocalDate.of(2025, 7, 5), LocalDate.of(2025, 6, 30), null);
    new MonitoringReportInSpark(spark, files).write(tables, tmp.resolve("before").toString(), info,
        RegionReportsTest.REGIONS);
    new MonitoringReport(spark, files).write(tables, tmp.resolve("after").toString(), info,
        RegionReportsTest.REGIONS);
    String before = Files.readString(tmp.resolve("before/monitoring.html"));
    String after = Files.readString(tmp.resolve("after/monitoring.html"));
    assertTrue(before.contains("<td>primary") || before.matches("(?s).*<td class=\"num\">[1-9]\\d*</td>.*"),
        "the fixture hides cells");
    assertTrue(before.contains("VR02") && !before.contains("VR03"), "only rules with violations are listed");
    assertEquals(before, after);
  }

  private void write(String tables, String name, String ddl, List<Row> rows) {
    spark.createDataFrame(rows, StructType.fromDDL(ddl)).coalesce(1).write().parquet(tables + "/" + name);
  }

  private List<Row> indicators() {
    List<Row> rows = new ArrayList<>();
    for (String quarter : List.of("2025Q1", "2025Q2")) {
      for (String region : REGIONS) {
        for (String pathway : List.of("AFB01", "AFB02", "AFA01", "AFD01", "all")) {
          for (String indicator : List.of("OF1", "OF4", "DF3", "MF3")) {
            for (String modality : List.of("alle", "kirurgi")) {
              String flag = FLAGS[random.nextInt(FLAGS.length)];
              String shareFlag = flag != null ? flag : FLAGS[random.nextInt(FLAGS.length)];
              long n = 1 + random.nextInt(60);
              boolean share = shareFlag == null && random.nextInt(6) > 0;
              rows.add(RowFactory.create(quarter, region, pathway, modality, indicator, flag == null ? n : null,
                  null, share ? random.nextInt(101) / 100.0 : null, share ? 1.0 + random.nextInt(9) : null,
                  share ? 10.5 + random.nextInt(9) : null, share ? 20.0 + random.nextInt(9) : null, 0L, flag,
                  shareFlag, String.join("|", quarter, region, pathway, modality, indicator)));
            }
          }
        }
      }
    }
    return rows;
  }

  private List<Row> activity() {
    List<Row> rows = new ArrayList<>();
    for (String quarter : List.of("2025Q2", "2025Q1")) {
      for (String region : REGIONS) {
        for (String pathway : List.of("AFB01", "all")) {
          String started = FLAGS[random.nextInt(FLAGS.length)];
          String treated = FLAGS[random.nextInt(FLAGS.length)];
          rows.add(RowFactory.create(quarter, region, pathway, started == null ? 20L + random.nextInt(50) : null,
              12L, 3L, treated == null ? 7L + random.nextInt(5) : null, 5L, 4L, quarter + "|" + region + "|"
                  + pathway, started, treated));
        }
      }
    }
    return rows;
  }

  private List<Row> mwt() {
    List<Row> rows = new ArrayList<>();
    for (String quarter : List.of("2025Q1", "2025Q2")) {
      for (String region : REGIONS) {
        for (String rule : List.of("UDR", "BEH")) {
          for (String category : MonitoringReport.MWT_CATEGORIES) {
            for (String reason : category.startsWith("overskredet") ? List.of("klinisk", "kapacitet")
                : java.util.Collections.<String>singletonList(null)) {
              String flag = FLAGS[random.nextInt(FLAGS.length)];
              rows.add(RowFactory.create(quarter, region, rule, category, reason,
                  flag == null ? (long) random.nextInt(40) : null, 0L, quarter + "|" + region, flag, null));
            }
          }
        }
      }
    }
    return rows;
  }

  private List<Row> results() {
    List<Row> rows = new ArrayList<>();
    for (String region : REGIONS) {
      rows.add(RowFactory.create("VR02", region, 100L, (long) random.nextInt(4)));
      rows.add(RowFactory.create("VR03", region, 100L, 0L));
      rows.add(RowFactory.create("PW04", region, 50L, region.equals("1081") ? 2L : null));
    }
    return rows;
  }
}
