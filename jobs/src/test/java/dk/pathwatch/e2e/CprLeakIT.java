package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.load.CprMask;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPR-like values in every string column of every input table (and in an ignored extra column, and as an extra
 * column's name) never reach an output in clear: the real jar's stdout and stderr, and every file it leaves under
 * the output folder — Parquet tables decoded row by row, workbooks cell by cell, HTML, JSON, the Deequ metrics and
 * the H2 JobRepository as text — hold no CPR-like value, while the masked forms are there (the keys still join).
 * A snapshot whose {@code cpr_encrypted} holds CPR numbers is blocked by DS07, which says how many, not which.
 */
class CprLeakIT {
  private static final String DATE = "2025-03-31";
  private static final Pattern CPR_LIKE = Pattern.compile(CprMask.CPR_LIKE);
  /** The raw values of the fixture; each also in its other spelling (with or without the hyphen). */
  private static final List<String> RAW = List.of("0101801234", "020280-2345", "0303803456", "040480-4567",
      "0505805678", "060680-6789", "0707807890", "0808808901", "0909809012", "1111801234", "1212801234",
      "0102801234");

  @TempDir Path tmp;

  /** Episodes; {@code pseudonyms} are the two cpr_encrypted values. */
  private static String episodes(String p1, String p2) {
    return "select * from values "
        + "('0303803456', '" + p1 + "', '1081', '1081', '040480-4567', 'ALAL01', date'2025-01-02', cast(null as date), "
        + "'0505805678'), "
        + "('E2', '" + p2 + "', '1084', '0909809012', 'S2', 'ALAL01', date'2025-02-01', cast(null as date), "
        + "cast(null as string)) "
        + "as t(dw_ek_forloeb, cpr_encrypted, region_ans, region_bopael, sorenhed_ans, forloeblabel, dato_start, "
        + "dato_slut, afslutningsmaade)";
  }

  private static final String MARKERS = "select *, '1212801234' note, 'x' `0102801234` from values "
      + "('0303803456', 'AFB01A', date'2025-01-02', '08:00', date'2025-01-03', '060680-6789'), "
      + "('0303803456', 'AFB01B', date'2025-01-09', '0707807890', date'2025-01-10', 'LPR3'), "
      + "('0303803456', 'AFB01F1', date'2025-01-28', '11:00', date'2025-01-29', 'LPR3'), "
      + "('0303803456', '0808808901', date'2025-01-28', '11:00', date'2025-01-29', 'LPR3'), "
      + "('E2', 'AFB26A', date'2025-02-01', null, date'2025-02-01', 'LPR3'), "
      + "('E2', 'AFB26X1', date'2025-02-20', '13:00', date'2025-02-21', 'LPR3') "
      + "as t(dw_ek_forloeb, markoer, dato_markoer, tidspunkt_markoer, dato_indberetning, lprindberetningssystem)";

  private Path snapshot(String name, String p1, String p2) {
    SparkSession spark = SharedSpark.get();
    Path dir = tmp.resolve(name).resolve(DATE);
    spark.sql(episodes(p1, p2)).write().mode(SaveMode.Overwrite).parquet(dir.resolve("forloeb").toString());
    spark.sql(MARKERS).write().mode(SaveMode.Overwrite).parquet(dir.resolve("forloebsmarkoerer").toString());
    spark.sql("select '1111801234' sorenhed, '1081' region, date'2020-01-01' gyldig_fra, cast(null as date) gyldig_til")
        .write().mode(SaveMode.Overwrite).parquet(dir.resolve("organisationer").toString());
    return dir;
  }

  @Test
  void cprLikeValuesInAnyColumnAreMaskedInEveryOutputAndLog() throws Exception {
    Path out = tmp.resolve("out");
    Path snapshot = snapshot("pseudonymised", "P1", "P2");
    JarRunner.Result r = JarRunner.run(List.of("run", "--snapshot", snapshot.toString(), "--output", out.toString()));
    assertEquals(0, r.exitCode(), r.output());
    assertNoCprLike("the run's stdout and stderr", r.output());
    assertTrue(r.output().contains("010280-****"), "the extra column's name is logged masked:\n" + r.output());

    List<String> seen = assertNoCprLikeUnder(out);
    String all = String.join("\n", seen);
    // the columns that reach an output: the episode key, a malformed time and an unknown code (validation_errors),
    // the region of residence (pathways); the others (SOR unit, end reason, reporting system) reach none
    for (String masked : List.of("030380-****", "070780-****", "080880-****", "090980-****")) {
      assertTrue(all.contains(masked), masked + " is in the outputs, masked");
    }
    Path published = Published.require(out, snapshot, DATE);
    long pathways = SharedSpark.get().read().parquet(published.resolve("tables/pathways").toString()).where("dw_ek_forloeb = '030380-****'").count();
    assertEquals(1, pathways, "the masked episode key still joins markers to their episode");

    // the statisticians' lineage tool prints keys and pseudonyms of a cell's pathways and markers
    String cell = SharedSpark.get().read().parquet(published.resolve("tables/pathways").toString())
        .where("dw_ek_forloeb = '030380-****'").selectExpr("cell_ids[0]").first().getString(0);
    JarRunner.Result trace = JarRunner.run(List.of("trace", "--run", published.toString(), "--cell", cell));
    assertEquals(0, trace.exitCode(), trace.output());
    assertTrue(trace.output().contains("030380-****"), trace.output());
    assertNoCprLike("trace output", trace.output());
  }

  @Test
  void aSnapshotThatIsNotPseudonymisedIsBlockedAndCountedNotShown() throws Exception {
    Path out = tmp.resolve("out-blocked");
    Path snapshot = snapshot("raw", "0101801234", "020280-2345");
    JarRunner.Result r = JarRunner.run(List.of("run", "--snapshot", snapshot.toString(), "--output", out.toString()));
    assertEquals(3, r.exitCode(), r.output());
    assertTrue(r.output().contains("BLOCKED by DS07 (dataset check): cpr_encrypted looks like a CPR number "
        + "(DDMMYY-SSSS) in 2 episodes"), r.output());
    assertNoCprLike("the run's stdout and stderr", r.output());
    assertNull(Published.current(out, snapshot, DATE), "nothing published");
    List<String> seen = assertNoCprLikeUnder(out);
    assertTrue(String.join("\n", seen).contains("in 2 episodes"), "the registry's report and the manifest count them");
    Path rejected = Published.rejected(out, snapshot, DATE);
    assertNotNull(rejected, "the blocked run is kept under _rejected");
    String registry = Files.readString(rejected.resolve("reports/regions/ukendt/valideringsrapport_ukendt_" + DATE
        + ".html"));
    assertTrue(registry.contains("<td>DS07</td>"), registry);
  }

  /** Fails naming the value and where it was; returns every text it looked at. */
  private static List<String> assertNoCprLikeUnder(Path out) throws Exception {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(out)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        byte[] bytes = Files.readAllBytes(f);
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String value : rawSpellings()) {
          assertTrue(!raw.contains(value), "raw value " + value + " in the bytes of " + f);
        }
        String text;
        if (name.endsWith(".parquet")) {
          text = String.join("\n", SharedSpark.get().read().parquet(f.toString()).toJSON().collectAsList());
        } else if (name.endsWith(".xlsx")) {
          text = workbookText(f);
        } else if (name.endsWith(".json") || name.endsWith(".html") || name.endsWith(".txt")) {
          text = new String(bytes, StandardCharsets.UTF_8);
        } else {
          continue; // binary (H2 pages, checksums): the raw values were looked for above
        }
        assertNoCprLike(f.toString(), text);
        texts.add(text);
      }
    }
    return texts;
  }

  private static List<String> rawSpellings() {
    List<String> all = new ArrayList<>();
    for (String v : RAW) {
      String digits = v.replace("-", "");
      all.add(digits);
      all.add(digits.substring(0, 6) + "-" + digits.substring(6));
    }
    return all;
  }

  private static void assertNoCprLike(String where, String text) {
    Matcher m = CPR_LIKE.matcher(text);
    if (m.find()) {
      int from = Math.max(0, m.start() - 80);
      throw new AssertionError("CPR-like value " + m.group() + " in " + where + ": ..."
          + text.substring(from, Math.min(text.length(), m.end() + 80)) + "...");
    }
  }

  private static String workbookText(Path xlsx) throws Exception {
    StringBuilder text = new StringBuilder();
    try (InputStream in = Files.newInputStream(xlsx); ReadableWorkbook wb = new ReadableWorkbook(in)) {
      for (var sheet : wb.getSheets().toList()) {
        for (var row : sheet.read()) {
          for (var cell : row) {
            text.append(cell == null ? "" : cell.getText()).append('\t');
          }
          text.append('\n');
        }
      }
    }
    return text.toString();
  }
}
