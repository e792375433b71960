package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.CapturedRun;
import dk.pathwatch.Published;
import dk.pathwatch.Rules;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import dk.pathwatch.common.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  private CapturedRun run(Path snapshot, String... more) {
    String[] base = {"--snapshot", snapshot.toString(), "--output", out().toString()};
    return runArgs(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
  }

  private CapturedRun runArgs(String... runArgs) {
    return CapturedRun.of(Stream.concat(Stream.of("run"), Stream.of(runArgs)).toArray(String[]::new));
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

  private void assertFails(CapturedRun o, int exitCode, String... named) {
    assertEquals(exitCode, o.exitCode(), o.output());
    for (String n : named) {
      assertTrue(o.output().contains(n), "the message names '" + n + "':\n" + o.output());
    }
    assertFalse(o.output().contains("\tat "), "no stack trace for a known input problem:\n" + o.output());
    assertNothingPublished();
  }

  /**
   * Refused before the job was launched: no step ran, so no row was read or counted (no staging folder, no
   * manifest anywhere, not even under {@code _rejected}).
   */
  private void assertRefusedBeforeTheJob(CapturedRun o) {
    assertFalse(o.output().contains("step load: started"), "no step ran:\n" + o.output());
    assertFalse(Files.exists(out().resolve("_staging/" + DATE)), "no staging folder");
    assertFalse(Files.exists(out().resolve("_rejected")), "no rejected run");
  }

  /** The published run read {@code markers} and {@code episodes} rows and accounted for every one of them. */
  private void assertAccounted(Path run, long markers, long episodes) throws Exception {
    JsonNode m = manifest(run);
    assertEquals(markers, m.path("inputs").path("forloebsmarkoerer").path("rows").asLong(), m.toString());
    assertEquals(episodes, m.path("inputs").path("forloeb").path("rows").asLong(), m.toString());
    long[] read = {markers, episodes};
    for (int i = 0; i < 2; i++) {
      JsonNode a = m.path("accounting").path(i);
      assertEquals(read[i], a.path("rows_read").asLong(), a.toString());
      assertEquals(read[i], a.path("rows_used").asLong() + a.path("rows_excluded_by_error").asLong()
          + a.path("rows_beyond_cutoff").asLong(), a.toString());
    }
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
    CapturedRun o = run(tmp.resolve("snapshots/" + DATE));
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
  void tableFolderWithoutDataFilesNamesTheFolderAndWhatItHolds() throws Exception {
    Path snapshot = snapshot();
    try (Stream<Path> files = Files.list(snapshot.resolve("forloeb"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        Files.delete(f);
      }
    }
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "table forloeb: folder " + snapshot.resolve("forloeb")
        + " holds no Parquet file (only _SUCCESS, which are not data)");
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
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "table forloebsmarkoerer: file ",
        file.getFileName().toString() + " has a broken footer (");
  }

  @Test
  void corruptParquetPagesAreNamed() throws Exception {
    Path snapshot = snapshot();
    Path file = firstParquetFile(snapshot.resolve("forloebsmarkoerer"));
    byte[] bytes = Files.readAllBytes(file);
    java.util.Arrays.fill(bytes, 4, 12, (byte) 0); // the first page header: footer and PAR1 stay sound
    Files.write(file, bytes);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    CapturedRun o = run(snapshot);
    assertEquals(ExitCodes.INPUT_INVALID, o.exitCode(), o.output());
    assertTrue(o.output().contains("pathwatch: input unreadable: file " + file + ": "), o.output());
    // only found by reading the pages, in a Spark task: Spark logs the task failure; the job adds no trace
    assertFalse(o.output().contains("\tat org.springframework"), "no step stack trace:\n" + o.output());
    assertNothingPublished();
  }

  @Test
  void missingColumnNamesTableAndColumn() {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloeb", t -> t.drop("region_ans"));
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "table forloeb: file ",
        "column region_ans is missing (expected type string)");
  }

  @Test
  void wrongColumnTypeNamesTableColumnAndTypes() {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloebsmarkoerer", t -> t.withColumn("dato_markoer", expr("cast(dato_markoer as string)")));
    assertFails(run(snapshot), ExitCodes.INPUT_INVALID, "table forloebsmarkoerer: file ",
        "column dato_markoer has type string (Parquet BINARY STRING), expected date");
  }

  @Test
  void extraColumnsAreIgnoredAndListedInTheManifest() throws Exception {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloebsmarkoerer", t -> t.selectExpr("*", "'x' as note", "42 as batch_no"));
    CapturedRun o = run(snapshot);
    assertEquals(ExitCodes.OK, o.exitCode(), o.output());
    JsonNode extra = manifest(published()).path("inputs").path("forloebsmarkoerer").path("extra_columns");
    assertEquals("[\"note\",\"batch_no\"]", extra.toString());
    assertEquals(7, manifest(published()).path("inputs").path("forloebsmarkoerer").path("rows").asLong());
  }

  @Test
  void allNullColumnIsReportedAndItsRowsExcluded() throws Exception {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloeb", t -> t.withColumn("cpr_encrypted", expr("cast(null as string)")));
    CapturedRun o = run(snapshot);
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

  // ---- part files: each one's footer against the schema ------------------------------------------------

  /** Adds one more part file to a table, written by Spark from {@code rows} with their own schema. */
  private Path addPart(Path snapshot, String table, Dataset<Row> rows) throws Exception {
    Path scratch = tmp.resolve("scratch-" + System.nanoTime());
    rows.coalesce(1).write().parquet(scratch.toString());
    return Files.move(firstParquetFile(scratch), snapshot.resolve(table).resolve("part-99999-odd.snappy.parquet"));
  }

  /** A run on a snapshot with an odd part file is refused before the job, naming table, that file and the column. */
  private void assertPartRefused(Path snapshot, String table, Path part, String problem) {
    CapturedRun o = run(snapshot);
    assertFails(o, ExitCodes.INPUT_INVALID, "table " + table + ": file " + part + ": " + problem);
    assertRefusedBeforeTheJob(o);
  }

  @Test
  void aMarkerPartWithoutTheMarkerDateIsRefusedNamingTableFileAndColumn() throws Exception {
    Path snapshot = snapshot();
    Path odd = addPart(snapshot, "forloebsmarkoerer", spark.sql(TinySnapshot.MARKERS_SQL).drop("dato_markoer"));
    assertPartRefused(snapshot, "forloebsmarkoerer", odd, "column dato_markoer is missing (expected type date)");
  }

  @Test
  void anEpisodePartWithoutThePersonIsRefused() throws Exception {
    Path snapshot = snapshot();
    Path odd = addPart(snapshot, "forloeb", spark.sql(TinySnapshot.EPISODES_SQL).drop("cpr_encrypted")
        .withColumn("dw_ek_forloeb", expr("dw_ek_forloeb || 'b'")));
    assertPartRefused(snapshot, "forloeb", odd, "column cpr_encrypted is missing (expected type string)");
  }

  @Test
  void anEpisodePartWithAnIntegerRegionIsRefusedNotCoerced() throws Exception {
    Path snapshot = snapshot();
    Path odd = addPart(snapshot, "forloeb", spark.sql(TinySnapshot.EPISODES_SQL)
        .withColumn("region_ans", expr("cast(region_ans as int)")));
    assertPartRefused(snapshot, "forloeb", odd, "column region_ans has type int (Parquet INT32), expected string");
  }

  @Test
  void aPartWithStringDatesIsRefusedInOneLine() throws Exception {
    Path snapshot = snapshot();
    Path odd = addPart(snapshot, "forloebsmarkoerer", spark.sql(TinySnapshot.MARKERS_SQL)
        .withColumn("dato_markoer", expr("cast(dato_markoer as string)")));
    assertPartRefused(snapshot, "forloebsmarkoerer", odd,
        "column dato_markoer has type string (Parquet BINARY STRING), expected date");
  }

  @Test
  void int96DatesAreRefusedInOneLine() throws Exception {
    Path snapshot = snapshot();
    Path odd;
    spark.conf().set("spark.sql.parquet.outputTimestampType", "INT96");
    try {
      odd = addPart(snapshot, "forloebsmarkoerer", spark.sql(TinySnapshot.MARKERS_SQL)
          .withColumn("dato_markoer", expr("cast(dato_markoer as timestamp)")));
    } finally {
      spark.conf().unset("spark.sql.parquet.outputTimestampType");
    }
    assertPartRefused(snapshot, "forloebsmarkoerer", odd,
        "column dato_markoer has type timestamp (Parquet INT96), expected date");
  }

  @Test
  void aZeroColumnParquetFileIsRefusedNamingIt() throws Exception {
    Path snapshot = snapshot();
    Path empty = snapshot.resolve("forloeb/part-00009-empty.parquet");
    writeZeroColumnFile(empty);
    CapturedRun o = run(snapshot);
    assertFails(o, ExitCodes.INPUT_INVALID, "table forloeb: file " + empty.toUri().getPath(),
        "has no columns");
    assertRefusedBeforeTheJob(o);
  }

  /**
   * Summary files left by an older writer ({@code _common_metadata}, {@code _metadata}) describe a schema the
   * part files no longer have; Spark would take the schema from them. They are ignored (and named in the log).
   */
  @Test
  void staleSummaryFilesAreIgnoredAndNamed() throws Exception {
    Path snapshot = snapshot();
    String stale = "message spark_schema { optional binary dw_ek_forloeb (STRING); optional binary markoer (STRING); "
        + "optional binary dato_markoer (STRING); }";
    writeWithoutSpark(snapshot.resolve("forloebsmarkoerer/_common_metadata"), stale, List.of());
    writeWithoutSpark(snapshot.resolve("forloebsmarkoerer/_metadata"), stale, List.of());
    CapturedRun o = run(snapshot);
    assertEquals(ExitCodes.OK, o.exitCode(), o.output());
    assertTrue(o.output().contains("ignoring the summary file " + snapshot.resolve("forloebsmarkoerer")
        .toUri().getPath() + "_common_metadata"), o.output());
    assertAccounted(published(), 7, 2);
  }

  /** Hive-style partition folders are read: a declared column from the folder names, another one ignored. */
  @Test
  void hivePartitionFoldersAreRead() throws Exception {
    Path snapshot = snapshot();
    Path markers = snapshot.resolve("forloebsmarkoerer");
    Path episodes = snapshot.resolve("forloeb");
    spark.read().parquet(markers.toString()).withColumn("year", expr("year(dato_markoer)")).localCheckpoint()
        .write().mode(SaveMode.Overwrite).partitionBy("year").parquet(markers.toString());
    spark.read().parquet(episodes.toString()).localCheckpoint()
        .write().mode(SaveMode.Overwrite).partitionBy("region_ans").parquet(episodes.toString());
    assertTrue(Files.isDirectory(markers.resolve("year=2025")) && Files.isDirectory(episodes.resolve(
        "region_ans=1081")), "partitioned as a Hive table");
    CapturedRun o = run(snapshot);
    assertEquals(ExitCodes.OK, o.exitCode(), o.output());
    assertAccounted(published(), 7, 2);
    JsonNode inputs = manifest(published()).path("inputs");
    assertEquals("[\"year\"]", inputs.path("forloebsmarkoerer").path("extra_columns").toString());
    assertEquals(0, errors(published()).where("rule_id = 'VR09'").count(), "region_ans read from the folders");
    assertEquals("1081", spark.read().parquet(published().resolve("tables/pathways").toString())
        .where("family = 'AFB01'").first().getAs("region"));
  }

  @Test
  void aSubFolderThatIsNoPartitionIsRefusedNamingIt() throws Exception {
    Path snapshot = snapshot();
    Path sub = Files.createDirectories(snapshot.resolve("forloeb/backup"));
    Files.copy(firstParquetFile(snapshot.resolve("forloeb")), sub.resolve("part-0.parquet"));
    CapturedRun o = run(snapshot);
    assertFails(o, ExitCodes.INPUT_INVALID, "table forloeb: sub-folder " + sub,
        "not a partition folder (name=value)");
    assertRefusedBeforeTheJob(o);
  }

  @Test
  void partFilesUnderDifferentPartitionFoldersAreRefused() throws Exception {
    Path snapshot = snapshot();
    Path partitioned = Files.createDirectories(snapshot.resolve("forloeb/region_ans=1081"));
    Path moved = Files.move(firstParquetFile(snapshot.resolve("forloeb")), partitioned.resolve("part-0.parquet"));
    addPart(snapshot, "forloeb", spark.sql(TinySnapshot.EPISODES_SQL).where("dw_ek_forloeb = 'E2'"));
    CapturedRun o = run(snapshot);
    assertFails(o, ExitCodes.INPUT_INVALID, "table forloeb: file " + moved
        + " is under partition folders [region_ans], file ", " under none: every part file must sit under the same");
    assertRefusedBeforeTheJob(o);
  }

  /** A Parquet file with no column and no row, as pyarrow writes an empty table (parquet-mr refuses to). */
  private static void writeZeroColumnFile(Path file) throws Exception {
    org.apache.parquet.format.FileMetaData meta = new org.apache.parquet.format.FileMetaData(1,
        List.of(new org.apache.parquet.format.SchemaElement("schema").setNum_children(0)), 0L, List.of());
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    org.apache.parquet.format.Util.writeFileMetaData(meta, footer);
    byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(magic);
      out.write(footer.toByteArray());
      out.write(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(footer.size()).array());
      out.write(magic);
    }
  }

  /** A Parquet file as another tool (pyarrow, a database export) writes it: no Spark metadata. */
  private static void writeWithoutSpark(Path file, String schemaText, List<Group> rows) throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType(schemaText);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
        .withType(schema).withConf(new Configuration()).build()) {
      for (Group g : rows) {
        writer.write(g);
      }
    }
  }

  // ---- values ---------------------------------------------------------------------------------------------

  @Test
  void datesFarInTheFutureOrPastAreExcludedOrFlagged() {
    Path snapshot = snapshot();
    rewrite(snapshot, "forloebsmarkoerer", t -> t.withColumn("dato_markoer", expr("case markoer "
        + "when 'AFB01F1' then date'9999-12-31' when 'AFB26X1' then date'1900-01-01' else dato_markoer end")));
    CapturedRun o = run(snapshot);
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
    CapturedRun o = run(snapshot);
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
    CapturedRun o = run(snapshot);
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
    CapturedRun o = run(snapshot);
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
    CapturedRun o1 = run(first);
    assertEquals(ExitCodes.OK, o1.exitCode(), o1.output());
    Path second = snapshot();
    rewrite(second, "forloebsmarkoerer", t -> t.where("dw_ek_forloeb <> 'E2'"));
    CapturedRun o2 = run(second);
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
    CapturedRun o = runArgs("--snapshot", snapshot.toString(), "--output", file.resolve("out").toString());
    assertEquals(ExitCodes.OUTPUT_UNWRITABLE, o.exitCode(), o.output());
    assertTrue(o.output().contains("output folder " + file.resolve("out") + " is not writable"), o.output());
  }

  @Test
  void unreachableJobRepositoryExits6Quickly() {
    Path snapshot = snapshot();
    long start = System.nanoTime();
    CapturedRun o = run(snapshot, "--job-repository", "jdbc:postgresql://127.0.0.1:1/x");
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

  // ---- paths and snapshot.json -----------------------------------------------------------------------------

  /**
   * Hadoop and Spark read paths as glob patterns: a folder named with [ ] { } * ? must be read as written, by the
   * load, every step, the metrics history and the previous run's tables (a first run with an earlier cut-off).
   */
  @Test
  void globCharactersInSnapshotAndOutputPathsWorkEndToEnd() throws Exception {
    Path base = tmp.resolve("odd [1]{a,b} *?");
    Path snapshot = TinySnapshot.write(spark, base.resolve("snapshots [x]/" + DATE));
    Path output = base.resolve("out {y} [z]");
    String[] args = {"--snapshot", snapshot.toString(), "--output", output.toString()};
    CapturedRun earlier = runArgs(Stream.concat(Stream.of(args), Stream.of("--cutoff", "2025-03-30"))
        .toArray(String[]::new));
    assertEquals(ExitCodes.OK, earlier.exitCode(), earlier.output());
    CapturedRun o = runArgs(args);
    assertEquals(ExitCodes.OK, o.exitCode(), o.output());
    Path run = Published.require(output, snapshot, DATE);
    assertAccounted(run, 7, 2);
    assertTrue(Files.isDirectory(run.resolve("tables/pathways")), "tables published");
    assertFalse(Files.exists(Path.of(Published.layout(output, snapshot, DATE).stagingParent())),
        "no staging left behind");
    assertTrue(Files.readString(run.resolve("reports/regions/1081/valideringsrapport_1081_" + DATE + ".html"))
        .contains("/cutoff=2025-03-30/run-"), "the previous run was found and read");
    CapturedRun again = runArgs(args);
    assertEquals(ExitCodes.OK, again.exitCode(), again.output());
    assertTrue(again.output().contains("already done"), again.output());
  }

  @Test
  void aTruncatedSnapshotJsonIsBadInput() throws Exception {
    Path snapshot = snapshot();
    Files.writeString(snapshot.resolve("snapshot.json"), "{\"extraction_date\": \"2025-03-");
    CapturedRun o = run(snapshot);
    assertFails(o, ExitCodes.INPUT_INVALID, snapshot.resolve("snapshot.json") + ":1:30: not a valid JSON object "
        + "(truncated?): Unexpected end-of-input");
    assertRefusedBeforeTheJob(o);
  }

  // ---- rule files and reference data, checked before any data is read -------------------------------------

  /** A copy of the bundled validation-rules folder (rules/ and reference/) to break. */
  private Path rulesCopy() throws Exception {
    return Rules.copy(tmp.resolve("validation-rules"));
  }

  static Stream<Arguments> badReferenceRows() {
    return Stream.of(
        Arguments.of("sks_codes.tsv", "AFB01Q\tjunk\tyesterday\t\tsomewhere", "valid_from 'yesterday' is not a date"),
        Arguments.of("sks_codes.tsv", "AFB01A\tagain\t\t\tsomewhere", "code AFB01A: validity overlaps line 13"),
        Arguments.of("regions.tsv", "1086\tRegion Bornholm\tDK06\tsoon\t\t\tx", "lpr3_go_live 'soon' is not a date"),
        Arguments.of("regions.tsv", "garbage", "1 cell(s), the header has 7"),
        Arguments.of("standard_times.tsv", "AFB01\tkirurgi\tOF4\tmany\t2012-10-01\t\ttrue\tx",
            "standard_days 'many' is not a whole number above 0"),
        Arguments.of("mwt_limits.tsv", "UDR\t10\t2024-01-01\t\ttrue\tx", "rule UDR: validity overlaps line 2"),
        Arguments.of("mwt_limits.tsv", "XYZ\t14\t\t\ttrue\tx", "rule 'XYZ' is not one of [UDR, BEH, HEN, EFT]"));
  }

  @ParameterizedTest
  @MethodSource("badReferenceRows")
  void aBadReferenceRowIsRefusedBeforeAnyDataIsRead(String file, String row, String reason) throws Exception {
    Path rules = rulesCopy();
    Path table = rules.resolve("reference/" + file);
    int line = Files.readAllLines(table).size() + 1;
    Files.writeString(table, row + "\n", java.nio.file.StandardOpenOption.APPEND);
    CapturedRun o = run(snapshot(), "--rules", rules.toString());
    assertFails(o, ExitCodes.RULES_INVALID, table + ":" + line + ": " + reason);
    assertRefusedBeforeTheJob(o);
  }

  @Test
  void aRulesFolderThatDoesNotExistIsABadArgument() {
    CapturedRun o = run(snapshot(), "--rules", tmp.resolve("nope").toString());
    assertFails(o, ExitCodes.BAD_ARGUMENTS, "--rules: folder not found: " + tmp.resolve("nope"));
    assertRefusedBeforeTheJob(o);
  }

  @Test
  void aPathwayBlockerRuleBlocksThePathwaysStep() throws Exception {
    // the pathways step reads validation_errors for blockers only when its scopes have a BLOCKER rule (issue #16)
    Path rules = rulesCopy();
    Path pathway = rules.resolve("rules/pathway.yaml");
    String restarted = "    severity: WARNING\n    title: Pathway restarted by a second A\n    when: not orphan and restarted";
    assertTrue(Files.readString(pathway).contains(restarted));
    Files.writeString(pathway, Files.readString(pathway).replace(restarted,
        "    severity: BLOCKER\n    title: Pathway restarted by a second A\n    when: not orphan"));
    assertFails(run(snapshot(), "--rules", rules.toString()), ExitCodes.BLOCKED, "VR13");
    JsonNode blockedBy = manifest(rejected()).path("blocked_by");
    assertEquals("VR13", blockedBy.path(0).path("rule_id").asText());
    assertEquals("pathway", blockedBy.path(0).path("scope").asText());
  }

  @Test
  void aBrokenRuleFileIsRefusedBeforeAnyDataIsRead() throws Exception {
    Path rules = rulesCopy();
    Path marker = rules.resolve("rules/marker.yaml");
    Files.writeString(marker, Files.readString(marker).replaceFirst("severity: ERROR", "severity: FATAL"));
    CapturedRun o = run(snapshot(), "--rules", rules.toString());
    assertFails(o, ExitCodes.RULES_INVALID, "marker.yaml:");
    assertRefusedBeforeTheJob(o);
  }

}
