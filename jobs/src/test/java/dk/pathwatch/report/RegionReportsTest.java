package dk.pathwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.publish.OutputFiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionReportsTest {
  private final SparkSession spark = SharedSpark.get();

  static final Map<String, String> REGIONS = new LinkedHashMap<>(Map.of(
      "1081", "Region Nordjylland", "1082", "Region Midtjylland", "1083", "Region Syddanmark",
      "1084", "Region Hovedstaden", "1085", "Region Sjælland"));

  private Dataset<Row> errors(String values) {
    return spark.sql("select * from values " + values + " as t(rule_id, severity, scope, region, dw_ek_forloeb, "
        + "markoer, dato_markoer, tidspunkt_markoer, pathway_id, message_da, cpr_encrypted)");
  }

  @Test
  void eachRegionGetsOnlyItsOwnRowsAndAQuietRegionIsToldSo(@TempDir Path tmp) throws Exception {
    Dataset<Row> current = errors(
        "('VR02', 'WARNING', 'marker', '1081', 'E1', 'AFB01C', date'2025-01-02', '08:00', null, 'Gruppekode', 'P1'),"
        + "('VR02', 'WARNING', 'marker', '1081', 'E2', 'AFB01F', date'2025-01-03', '09:00', null, 'Gruppekode', 'P2'),"
        + "('VR09', 'ERROR', 'marker', '9999', 'E3', 'AFB01A', date'2025-01-04', '10:00', null, 'Region', 'P3'),"
        + "('VR15', 'WARNING', 'pathway', '1083', 'E4', 'AFB26A', date'2025-01-05', null, 'pw1', 'F uden B', 'P4'),"
        + "('VR26', 'INFO', 'marker', '1084', 'E5', 'AFB26A', date'2025-01-05', null, null, 'Info', 'P5'),"
        + "('VR15', 'WARNING', 'pathway', '1085', 'E6', 'AFB26A', date'2025-01-06', null, 'pw2', 'F uden B', 'P6'),"
        + "('VR15', 'WARNING', 'pathway', '1082', 'E7', 'AFB26A', date'2025-01-07', null, 'pw3', 'F uden B', 'P7')");
    Dataset<Row> previous = errors(
        "('VR02', 'WARNING', 'marker', '1081', 'E1', 'AFB01C', date'2024-12-02', '08:00', null, 'Gruppekode', 'P1')");
    var run = new RegionReports.RunInfo("2025-03-31", LocalDate.parse("2025-03-31"), LocalDate.parse("2025-03-31"),
        "/out/2025-02-28/cutoff=2025-02-28");
    Map<String, Object> written = new RegionReports(spark, new OutputFiles(spark.sparkContext().hadoopConfiguration()))
        .write(current, previous, REGIONS, run, tmp.toString());

    assertEquals(6, written.size(), "five regions and the unknown-region report");
    Map<String, List<String>> expectedKeys = Map.of("1081", List.of("E1", "E2"), "1082", List.of("E7"),
        "1083", List.of("E4"), "1084", List.of(), "1085", List.of("E6"), RegionReports.UNKNOWN_REGION, List.of("E3"));
    for (var e : expectedKeys.entrySet()) {
      Path xlsx = tmp.resolve("regions/" + e.getKey() + "/valideringsrapport_" + e.getKey() + "_2025-03-31.xlsx");
      assertEquals(e.getValue(), findingKeys(xlsx), "rows of " + e.getKey());
    }
    String quiet = Files.readString(tmp.resolve("regions/1084/valideringsrapport_1084_2025-03-31.html"));
    assertTrue(quiet.contains("Ingen fejl eller advarsler"), "INFO findings are not reported to regions");
    String north = Files.readString(tmp.resolve("regions/1081/valideringsrapport_1081_2025-03-31.html"));
    assertTrue(north.contains("+1"), "two VR02 now, one before: change +1");
  }

  /** dw_ek_forloeb of every row of sheet "Fejl", checking the Danish header on the way. */
  private static List<String> findingKeys(Path xlsx) throws Exception {
    try (InputStream in = Files.newInputStream(xlsx); ReadableWorkbook wb = new ReadableWorkbook(in)) {
      Sheet sheet = wb.findSheet("Fejl").orElseThrow();
      List<org.dhatim.fastexcel.reader.Row> rows = sheet.read();
      assertEquals("Forløbselement (dw_ek_forloeb)", rows.get(0).getCellText(3));
      List<String> keys = new ArrayList<>();
      for (var r : rows.subList(1, rows.size())) {
        keys.add(r.getCellText(3));
      }
      return keys.stream().sorted().collect(Collectors.toList());
    }
  }
}
