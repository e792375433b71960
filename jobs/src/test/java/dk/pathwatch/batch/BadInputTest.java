package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.ExitCodes;
import dk.pathwatch.Pathwatch;
import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job in-process on small broken snapshots, one test per kind of bad input (README "Bad input"):
 * the exit code, a message that names the file, table, column or rule, and that nothing is published where
 * the outcome is a failure or a BLOCKER; for findings that only exclude or flag rows, the validation_errors
 * line that reports them.
 */
class BadInputTest {
  private static final String DATE = "2025-03-31";
  private final SparkSession spark = SharedSpark.get();

  @TempDir Path tmp;

  /** Exit code and everything the run printed (stdout and stderr). */
  record Outcome(int exitCode, String output) {}

  private Path snapshot() {
    return TinySnapshot.write(spark, tmp.resolve("snapshots/" + DATE));
  }

  private Path out() {
    return tmp.resolve("out");
  }

  /** The published run readers find (CURRENT), or the place's path when nothing is published. */
  private Path published() {
    Path snapshot = tmp.resolve("snapshots/" + DATE);
    if (!Files.exists(snapshot)) {
      return out().resolve(DATE);
    }
    Path run = Published.current(out(), snapshot, DATE);
    return run != null ? run : Published.place(out(), snapshot, DATE).resolve(dk.pathwatch.publish.RunLayout.POINTER);
  }

  private Path rejected() {
    return Published.rejected(out(), tmp.resolve("snapshots/" + DATE), DATE);
  }

  private Outcome run(Path snapshot, String... more) {
    String[] base = {"--snapshot", snapshot.toString(), "--output", out().toString()};
    return runArgs(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
  }

  private Outcome runArgs(String... runArgs) {
    String[] args = Stream.concat(Stream.of("run"), Stream.of(runArgs)).toArray(String[]::new);
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(new TeeStream(captured, oldOut), true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      return new Outcome(Pathwatch.execute(args), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** Replaces a table of the snapshot by a change of its rows. */
  private void rewrite(Path snapshot, String table, UnaryOperator<Dataset<Row>> change) {
    Dataset<Row> rows = change.apply(spark.read().parquet(snapshot.resolve(table).toString())).localCheckpoint();
    rows.write().mode(SaveMode.Overwrite).parquet(snapshot.resolve(table).toString());
  }

  private static Path firstParquetFile(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
  }

  private void assertNothingPublished() {
    assertFalse(Files.exists(published()), "nothing published at " + published());
  }

  private void assertFails(Outcome o, int exitCode, String... named) {
    assertEquals(exitCode, o.exitCode(), o.output());
    for (String n : named) {
      assertTrue(o.output().contains(n), "the message names '" + n + "':\n" + o.output());
    }
    assertFalse(o.output().contains("\tat org.apache"), "no stack trace for a known input problem:\n" + o.output());
    assertNothingPublished();
  }

  private Dataset<Row> errors(Path run) {
    return spark.read().parquet(run.resolve("tables/validation_errors").toString());
  }

  private JsonNode manifest(Path run) throws Exception {
    return new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
  }

  // ---- the snapshot itself ------------------------------------------------------------------------------

  @Test
  void missingSnapshotFolderIsNothingToDo() {
    Outcome o = run(tmp.resolve("snapshots/" + DATE));
    assertEquals(ExitCodes.NO_SNAPSHOT, o.exitCode(), o.output());
    assertTrue(o.output().contains("no snapshot at " + tmp.resolve("snapshots/" + DATE)), o.output());
    assertNothingPublished();
  }

  @Test
  void emptySnapshotFolderNamesTheMissingTable() throws Exception {
    Path snapshot = Files.createDirectories(tmp.resolve("snapshots/" + DATE));
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "table forloebsmarkoerer",
        snapshot.resolve("forloebsmarkoerer") + " is missing");
  }

  @Test
  void tableFolderWithoutDataFilesNamesTheFolder() throws Exception {
    Path snapshot = snapshot();
    try (Stream<Path> files = Files.list(snapshot.resolve("forloeb"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "table forloeb", "holds no Parquet file");
  }

  @Test
  void tableWithZeroRowsIsABlocker() throws Exception {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloebsmarkoerer", t -> t.where("false"));
    assertFails(run(snapshot), ExitCodes.BLOCKED, "DS04", "marker table is empty");
    Path rejected = rejected();
    assertEquals("BLOCKED", manifest(rejected).path("status").asText());
    assertEquals("DS04", manifest(rejected).path("blocked_by").path(0).path("rule_id").asText());
  }

  @Test
  void nonParquetFileIsNamed() throws Exception {
    Path snapshot = snapshot();
    Files.writeString(snapshot.resolve("forloebsmarkoerer/export.csv"), "dw_ek_forloeb;markoer\nE1;AFB01A\n");
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "table forloebsmarkoerer",
        snapshot.resolve("forloebsmarkoerer/export.csv") + " is not a Parquet file");
  }

  @Test
  void truncatedParquetFileIsNamed() throws Exception {
    Path snapshot = snapshot();
    Path file = firstParquetFile(snapshot.resolve("forloeb"));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "table forloeb", file.getFileName().toString(),
        "truncated or not Parquet");
  }

  @Test
  void corruptParquetFooterIsNamed() throws Exception {
    Path snapshot = snapshot();
    Path file = firstParquetFile(snapshot.resolve("forloebsmarkoerer"));
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 4; i < bytes.length / 3; i++) {
      bytes[i] = (byte) 0x5A; // reaches into the footer of a file this small; PAR1 at both ends stays
    }
    Files.write(file, bytes);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "table forloebsmarkoerer: cannot read Parquet",
        file.getFileName().toString());
  }

  @Test
  void corruptParquetPagesAreNamed() throws Exception {
    Path snapshot = snapshot();
    Path file = firstParquetFile(snapshot.resolve("forloebsmarkoerer"));
    byte[] bytes = Files.readAllBytes(file);
    java.util.Arrays.fill(bytes, 4, 12, (byte) 0); // the first page header: footer and PAR1 stay sound
    Files.write(file, bytes);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "input unreadable", file.getFileName().toString());
  }

  @Test
  void missingColumnNamesTableAndColumn() {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloeb", t -> t.drop("region_ans"));
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "table forloeb: column region_ans is missing");
  }

  @Test
  void wrongColumnTypeNamesTableColumnAndTypes() {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloebsmarkoerer", t -> t.withColumn("dato_markoer", expr("cast(dato_markoer as string)")));
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID,
        "table forloebsmarkoerer: column dato_markoer has type string, expected date");
  }

  @Test
  void extraColumnsAreIgnoredAndListedInTheManifest() throws Exception {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloebsmarkoerer", t -> t.selectExpr("*", "'x' as note", "42 as batch_no"));
    Outcome o = run(snapshot);
    assertEquals(ExitCodes.OK, o.exitCode(), o.output());
    JsonNode extra = manifest(published()).path("inputs").path("forloebsmarkoerer").path("extra_columns");
    assertEquals("[\"note\",\"batch_no\"]", extra.toString());
    assertEquals(7, manifest(published()).path("inputs").path("forloebsmarkoerer").path("rows").asLong());
  }

  @Test
  void allNullColumnIsReportedAndItsRowsExcluded() throws Exception {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloeb", t -> t.withColumn("cpr_encrypted", expr("cast(null as string)")));
    Outcome o = run(snapshot);
    assertEquals(ExitCodes.OK, o.exitCode(), o.output());
    Dataset<Row> errors = errors(published());
    assertEquals(1, errors.where("rule_id = 'DS06' and severity = 'WARNING' and message_en like "
        + "'cpr_encrypted is missing in 2 episodes%'").count());
    assertEquals(7, errors.where("rule_id = 'VR07' and severity = 'ERROR'").count(), "every marker excluded");
    JsonNode accounting = manifest(published()).path("accounting").path(0);
    assertEquals(7, accounting.path("rows_excluded_by_error").asLong(), accounting.toString());
    assertEquals(0, accounting.path("rows_used").asLong(), accounting.toString());
  }

  @Test
  void duplicatedEpisodeKeysAreABlocker() throws Exception {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloeb", t -> t.unionByName(t.where("dw_ek_forloeb = 'E1'")
        .withColumn("cpr_encrypted", expr("'P9'"))));
    assertFails(run(snapshot), ExitCodes.BLOCKED, "DS02", "dw_ek_forloeb is not unique",
        "_rejected/");
    Path rejected = rejected();
    JsonNode manifest = manifest(rejected);
    assertEquals("BLOCKED", manifest.path("status").asText());
    assertEquals("DS02", manifest.path("blocked_by").path(0).path("rule_id").asText());
    assertTrue(Files.exists(rejected.resolve("reports/regions/1081/valideringsrapport_1081_" + DATE + ".xlsx")));
    assertFalse(Files.exists(rejected.resolve("tables")), "no tables beside a rejected run");
  }

  // ---- values ---------------------------------------------------------------------------------------------

  @Test
  void datesFarInTheFutureOrPastAreExcludedOrFlagged() {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloebsmarkoerer", t -> t.withColumn("dato_markoer", expr("case markoer "
        + "when 'AFB01F1' then date'9999-12-31' when 'AFB26X1' then date'1900-01-01' else dato_markoer end")));
    Outcome o = run(snapshot);
    assertEquals(ExitCodes.OK, o.exitCode(), o.output());
    Dataset<Row> errors = errors(published());
    assertEquals(1, errors.where("rule_id = 'VR05' and severity = 'ERROR' and markoer = 'AFB01F1' "
        + "and dato_markoer = date'9999-12-31' and region = '1081'").count());
    assertEquals(1, errors.where("rule_id = 'VR05-EARLY' and severity = 'WARNING' and markoer = 'AFB26X1' "
        + "and region = '1084'").count());
    Row pathway = spark.read().parquet(published().resolve("tables/pathways").toString())
        .where("family = 'AFB01'").first();
    assertTrue(pathway.isNullAt(pathway.fieldIndex("date_f")), "the excluded F does not count");
  }

  /**
   * Dates before the Gregorian switch (1582) from a writer that is not Spark (no Spark metadata in the file):
   * Spark's default refuses to read or write them; the job reads them as the proleptic calendar they are in.
   */
  @Test
  void ancientDatesFromAnotherWriterAreReadNotRefused() throws Exception {
    Path snapshot = snapshot();
    Path markers = snapshot.resolve("forloebsmarkoerer");
    try (Stream<Path> files = Files.list(markers)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    writeMarkersWithoutSpark(markers.resolve("part-0.parquet"));
    Outcome o = run(snapshot);
    assertEquals(ExitCodes.OK, o.exitCode(), o.output());
    assertEquals(1, errors(published()).where("rule_id = 'VR05-EARLY' and dato_markoer = date'0001-01-01' "
        + "and markoer = 'AFB01B'").count());
  }

  /** Markers as another tool (pyarrow, a database export) would write them: plain Parquet, no Spark metadata. */
  private static void writeMarkersWithoutSpark(Path file) throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType("message m { optional binary dw_ek_forloeb (STRING); "
        + "optional binary markoer (STRING); optional int32 dato_markoer (DATE); "
        + "optional binary tidspunkt_markoer (STRING); optional int32 dato_indberetning (DATE); "
        + "optional binary lprindberetningssystem (STRING); }");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    Object[][] rows = {{"E1", "AFB01A", "2025-01-02"}, {"E1", "AFB01B", "0001-01-01"}, {"E2", "AFB26A", "2025-02-01"}};
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
        new org.apache.hadoop.fs.Path(file.toUri())).withType(schema).withConf(new Configuration()).build()) {
      for (Object[] r : rows) {
        int day = (int) java.time.LocalDate.parse((String) r[2]).toEpochDay();
        writer.write(groups.newGroup().append("dw_ek_forloeb", (String) r[0]).append("markoer", (String) r[1])
            .append("dato_markoer", day).append("tidspunkt_markoer", "08:00").append("dato_indberetning", day)
            .append("lprindberetningssystem", "LPR3"));
      }
    }
  }

  @Test
  void veryLongStringsAreReportedAndTheWorkbookStaysReadable() throws Exception {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloebsmarkoerer", t -> t
        .withColumn("lprindberetningssystem", expr("case markoer when 'AFB26B' then repeat('x', 100000) "
            + "else lprindberetningssystem end"))
        .withColumn("markoer", expr("case markoer when 'AFB01B' then repeat('AFB01B', 20000) else markoer end")));
    Outcome o = run(snapshot);
    assertEquals(ExitCodes.OK, o.exitCode(), o.output());
    Dataset<Row> errors = errors(published());
    assertEquals(1, errors.where("rule_id = 'VR01' and severity = 'ERROR' and length(markoer) = 120000").count());
    Path workbook = published().resolve("reports/regions/1081/valideringsrapport_1081_" + DATE + ".xlsx");
    String cell = cellOfRule(workbook, "VR01", 4);
    assertTrue(cell.length() <= 32_767 && cell.startsWith("AFB01BAFB01B"), "cell cut to Excel's limit: "
        + cell.length());
  }

  @Test
  void nonUtf8AndControlCharactersAreReportedAndTheReportsStayReadable() throws Exception {
    Path snapshot = snapshot();
    // C3 28 is an invalid UTF-8 sequence, FF never occurs in UTF-8, 01 is a control character XML forbids
    rewrite(snapshot, "forloebsmarkoerer", t -> t.withColumn("markoer", expr("case markoer when 'AFB01B' "
        + "then cast(unhex('41464230C328FF01') as string) else markoer end")));
    Outcome o = run(snapshot);
    assertEquals(ExitCodes.OK, o.exitCode(), o.output());
    assertEquals(1, errors(published()).where("rule_id = 'VR01' and severity = 'ERROR' and region = '1081' "
        + "and dw_ek_forloeb = 'E1' and dato_markoer = date'2025-01-09'").count());
    Path workbook = published().resolve("reports/regions/1081/valideringsrapport_1081_" + DATE + ".xlsx");
    String cell = cellOfRule(workbook, "VR01", 4);
    assertTrue(cell.startsWith("AFB0") && cell.contains("\uFFFD"), "invalid bytes shown as U+FFFD: " + cell);
    String html = Files.readString(workbook.resolveSibling("valideringsrapport_1081_" + DATE + ".html"));
    assertTrue(html.contains("VR01"), "the HTML summary lists the rule");
  }

  /** The cell in column {@code column} of the first row of sheet "Fejl" whose rule is {@code rule}. */
  private static String cellOfRule(Path workbook, String rule, int column) throws Exception {
    try (InputStream in = Files.newInputStream(workbook); ReadableWorkbook wb = new ReadableWorkbook(in)) {
      var sheet = wb.findSheet("Fejl").orElseThrow();
      for (var row : sheet.read()) {
        if (rule.equals(row.getCellText(0))) {
          return row.getCellText(column);
        }
      }
    }
    throw new AssertionError("no " + rule + " row in " + workbook);
  }

  @Test
  void regionWithZeroRowsIsFlaggedByTheVolumeCheck() {
    Path first = TinySnapshot.write(spark, tmp.resolve("snapshots/2025-03-30"));
    Outcome o1 = run(first);
    assertEquals(ExitCodes.OK, o1.exitCode(), o1.output());
    Path second = snapshot();
    rewrite(second, "forloebsmarkoerer", t -> t.where("dw_ek_forloeb <> 'E2'"));
    Outcome o2 = run(second);
    assertEquals(ExitCodes.OK, o2.exitCode(), o2.output());
    Dataset<Row> errors = errors(published());
    assertEquals(1, errors.where("rule_id = 'DS05' and severity = 'WARNING' and region = '1084' "
        + "and message_en like '%dropped by 1.0000%'").count(), "1084 had 3 markers, now none");
    assertEquals(0, errors.where("rule_id = 'DS05' and region = '1081'").count());
  }

  // ---- the environment ------------------------------------------------------------------------------------

  @Test
  void unwritableOutputFolderExits7() throws Exception {
    Path snapshot = snapshot();
    Path file = Files.writeString(tmp.resolve("afile"), "not a folder");
    Outcome o = runArgs("--snapshot", snapshot.toString(), "--output", file.resolve("out").toString());
    assertEquals(ExitCodes.OUTPUT_UNWRITABLE, o.exitCode(), o.output());
    assertTrue(o.output().contains("output folder " + file.resolve("out") + " is not writable"), o.output());
  }

  @Test
  void unreachableJobRepositoryExits6Quickly() {
    Path snapshot = snapshot();
    long start = System.nanoTime();
    Outcome o = run(snapshot, "--job-repository", "jdbc:postgresql://127.0.0.1:1/x");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(ExitCodes.REPOSITORY_UNAVAILABLE, o.exitCode(), o.output());
    assertTrue(o.output().contains("JobRepository database jdbc:postgresql://127.0.0.1:1/x cannot be reached"),
        o.output());
    assertTrue(seconds < 5, "gave up after " + seconds + " s");
    assertNothingPublished();
  }

  @Test
  void cutoffAfterTheExtractionDateIsABadArgument() {
    Path snapshot = snapshot();
    assertFails(run(snapshot, "--cutoff", "2025-04-01"), ExitCodes.BAD_ARGUMENTS,
        "--cutoff 2025-04-01 is after the extraction date 2025-03-31");
  }

  @Test
  void unreadableExtractionDateInSnapshotJsonIsABadArgument() throws Exception {
    Path snapshot = snapshot();
    Files.writeString(snapshot.resolve("snapshot.json"), "{\"extraction_date\": \"31-03-2025\"}");
    assertFails(run(snapshot), ExitCodes.BAD_ARGUMENTS, "snapshot.json", "'31-03-2025' is not a date");
  }

  /** Copies what the run prints to the real stdout as well, so that the Surefire report keeps the log. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
