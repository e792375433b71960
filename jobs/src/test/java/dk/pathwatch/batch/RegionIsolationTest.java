package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Pathwatch;
import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ExitCodes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finding belongs to the region responsible for the registration: {@code region_ans} of the episode whose keys
 * the finding carries, in every scope. Person P1 lives in region 1081 and has episode E1 registered by 1081 and E2
 * registered by 1083; a pathway started in E1 is treated in E2, and a waiting-time clock runs in E2. Episodes
 * with a region outside the five (E8) and dataset findings go to the registry's own report ({@code ukendt}),
 * never to a region. Checked over the published validation_errors table and every region's workbook and HTML.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegionIsolationTest {
  private static final String DATE = "2025-03-31";
  private static final List<String> REPORTS = List.of("1081", "1082", "1083", "1084", "1085", "ukendt");

  @TempDir static Path tmp;
  private Path published;
  private final Map<String, String> regionOfEpisode = new HashMap<>();

  @BeforeAll
  void run() {
    SparkSession spark = SharedSpark.get();
    Path snapshot = tmp.resolve("snapshots/" + DATE);
    spark.sql("select * from values "
        // P1: E1 registered by 1081 (no SOR unit: VR10), E2 by 1083 and ending before it starts (PW02); lives in 1081
        + "('E1', 'P1', '1081', '1081', null, 'ALAL01', date'2025-01-01', cast(null as date)), "
        + "('E2', 'P1', '1083', '1081', 'S3', 'ALAL01', date'2025-01-01', date'2024-12-31'), "
        + "('E8', 'P8', '9999', '1082', 'S8', 'ALAL01', date'2025-01-01', cast(null as date)), "
        + "('E9', cast(null as string), '1084', '1084', 'S9', 'ALAL01', date'2025-01-01', cast(null as date)) "
        + "as t(dw_ek_forloeb, cpr_encrypted, region_ans, region_bopael, sorenhed_ans, forloeblabel, dato_start, "
        + "dato_slut)").selectExpr("*", "cast(null as string) afslutningsmaade")
        .write().mode(SaveMode.Overwrite).parquet(snapshot.resolve("forloeb").toString());
    spark.sql("select * from values "
        + "('E1', 'AFB01A', date'2025-01-02', '25:99'), "      // VR04-TIME (E1); A of the pathway
        + "('E2', 'AFB01F1', date'2025-01-28', '11:00'), "     // F in E2: VR15 (no B), VR16 (no C1) on the pathway
        + "('E2', 'AFB26B', date'2025-02-01', '99:00'), "      // orphan (VR12) and VR04-TIME, both E2
        + "('E2', 'AFV01A1A', date'2025-01-05', '08:00'), "    // UDR clock of E2: 46 days > 14 (VR32)
        + "('E2', 'AFV01B', date'2025-02-20', '08:00'), "
        + "('E8', 'AFB02A', date'2025-01-03', '08:00'), "      // region 9999: VR09
        + "('E9', 'AFB03A', date'2025-01-03', '08:00') "       // no pseudonym: VR07
        + "as t(dw_ek_forloeb, markoer, dato_markoer, tidspunkt_markoer)")
        .selectExpr("*", "dato_markoer dato_indberetning", "'LPR3' lprindberetningssystem")
        .write().mode(SaveMode.Overwrite).parquet(snapshot.resolve("forloebsmarkoerer").toString());
    regionOfEpisode.putAll(Map.of("E1", "1081", "E2", "1083", "E8", "ukendt", "E9", "1084"));

    int exit = Pathwatch.execute("run", "--snapshot", snapshot.toString(), "--output", tmp.resolve("out").toString());
    assertEquals(ExitCodes.OK, exit);
    published = Published.require(tmp.resolve("out"), snapshot, DATE);
  }

  /** rule|scope|dw_ek_forloeb → the report the finding goes to. */
  private Map<String, String> validationErrors() {
    Map<String, String> byFinding = new HashMap<>();
    for (Row r : SharedSpark.get().read().parquet(published.resolve("tables/validation_errors").toString())
        .selectExpr("rule_id", "scope", "dw_ek_forloeb", "region").collectAsList()) {
      String region = r.isNullAt(3) || !REPORTS.contains(r.getString(3)) ? "ukendt" : r.getString(3);
      byFinding.merge(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2), region,
          (a, b) -> a.equals(b) ? a : a + "+" + b);
    }
    return byFinding;
  }

  @Test
  void everyFindingOfEveryScopeGoesToTheRegionThatRegisteredItsEpisode() {
    Map<String, String> found = validationErrors();
    Map<String, String> expected = Map.ofEntries(
        Map.entry("VR04-TIME|marker|E1", "1081"),
        Map.entry("VR04-TIME|marker|E2", "1083"),
        Map.entry("VR09|marker|E8", "ukendt"),
        Map.entry("VR07|marker|E9", "1084"),
        Map.entry("VR10|episode|E1", "1081"),
        Map.entry("PW02|episode|E2", "1083"),
        Map.entry("VR23|episode|E2", "1083"),
        Map.entry("VR15|pathway|E1", "1081"),   // the pathway's keys are its A marker's, in E1
        Map.entry("VR16|pathway|E1", "1081"),
        Map.entry("VR12|pathway|E2", "1083"),   // the orphan's own episode
        Map.entry("VR32|clock|E2", "1083"),     // registered by 1083, though the patient lives in 1081
        Map.entry("DS03|dataset|null", "ukendt"),
        Map.entry("DS06|dataset|null", "ukendt"));
    for (var e : expected.entrySet()) {
      assertEquals(e.getValue(), found.get(e.getKey()), e.getKey() + " in " + found);
    }
    for (var e : found.entrySet()) {
      String episode = e.getKey().split("\\|")[2];
      String owner = episode.equals("null") ? "ukendt" : regionOfEpisode.get(episode);
      assertEquals(owner, e.getValue(), "every finding with an episode key goes to that episode's region: " + e);
    }
  }

  @Test
  void eachWorkbookAndSummaryHoldsOnlyItsOwnRegionsFindings() throws Exception {
    Map<String, Set<String>> expectedRules = Map.of(
        "1081", Set.of("VR04-TIME", "VR10", "VR15", "VR16"),
        "1083", Set.of("VR04-TIME", "PW02", "VR23", "VR12", "VR32"),
        "1084", Set.of("VR07"),
        "ukendt", Set.of("VR09", "DS03", "DS06"),
        "1082", Set.of(), "1085", Set.of());
    Set<String> allRules = new TreeSet<>();
    expectedRules.values().forEach(allRules::addAll);
    for (String report : REPORTS) {
      Path dir = published.resolve("reports/regions/" + report);
      List<String[]> rows = findings(dir.resolve("valideringsrapport_" + report + "_" + DATE + ".xlsx"));
      Set<String> rules = new TreeSet<>();
      for (String[] row : rows) {
        rules.add(row[0]);
        String owner = row[1].isEmpty() ? "ukendt" : regionOfEpisode.get(row[1]);
        assertEquals(report, owner, "workbook " + report + " holds a finding of episode " + row[1] + " (" + row[0] + ")");
      }
      assertEquals(expectedRules.get(report), rules, "rules in workbook " + report);
      String html = Files.readString(dir.resolve("valideringsrapport_" + report + "_" + DATE + ".html"));
      for (String rule : allRules) {
        assertEquals(expectedRules.get(report).contains(rule), html.contains("<td>" + rule + "</td>"),
            rule + " in the summary of " + report);
      }
    }
  }

  /** (rule, dw_ek_forloeb) of every row of sheet "Fejl". */
  private static List<String[]> findings(Path xlsx) throws Exception {
    try (InputStream in = Files.newInputStream(xlsx); ReadableWorkbook wb = new ReadableWorkbook(in)) {
      List<org.dhatim.fastexcel.reader.Row> rows = wb.findSheet("Fejl").orElseThrow().read();
      List<String[]> out = new ArrayList<>();
      for (var r : rows.subList(1, rows.size())) {
        out.add(new String[] {r.getCellText(0), r.getCellText(3)});
      }
      return out;
    }
  }
}
