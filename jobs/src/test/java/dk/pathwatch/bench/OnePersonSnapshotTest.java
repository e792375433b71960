package dk.pathwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.load.Snapshot;
import dk.pathwatch.load.SnapshotLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's copy of a snapshot with one large person: the same rows, the first persons merged into one. */
class OnePersonSnapshotTest {
  @TempDir Path tmp;

  /** P1 holds 5 markers in E1 and E4, P2 3 in E2, P3 2 in E3. */
  private Path source(SparkSession spark) throws Exception {
    Path dir = tmp.resolve("source");
    spark.sql("select * from values "
        + "('E1', 'P1', '1081', '1081', 'S1', 'ALAL01', date'2025-01-02', cast(null as date), cast(null as string)), "
        + "('E2', 'P2', '1084', '1084', 'S2', 'ALAL01', date'2025-02-01', cast(null as date), cast(null as string)), "
        + "('E3', 'P3', '1082', '1082', 'S3', 'ALAL01', date'2025-02-03', cast(null as date), cast(null as string)), "
        + "('E4', 'P1', '1083', '1083', 'S4', 'ALAL01', date'2025-03-01', cast(null as date), cast(null as string)) "
        + "as t(dw_ek_forloeb, cpr_encrypted, region_ans, region_bopael, sorenhed_ans, forloeblabel, dato_start, "
        + "dato_slut, afslutningsmaade)").write().mode(SaveMode.Overwrite).parquet(dir.resolve("forloeb").toString());
    spark.sql("select * from values "
        + "('E1', 'AFB01A', date'2025-01-02', '08:00', date'2025-01-03', 'LPR3'), "
        + "('E1', 'AFB01B', date'2025-01-09', '09:30', date'2025-01-10', 'LPR3'), "
        + "('E1', 'AFB01C1', date'2025-01-20', '10:00', date'2025-01-20', 'LPR3'), "
        + "('E1', 'AFB01F1', date'2025-01-28', '11:00', date'2025-01-29', 'LPR3'), "
        + "('E4', 'AFB03A', date'2025-03-01', '11:00', date'2025-03-02', 'LPR3'), "
        + "('E2', 'AFB26A', date'2025-02-01', null, date'2025-02-01', 'LPR3'), "
        + "('E2', 'AFB26B', date'2025-02-05', '12:00:00', date'2025-02-06', 'LPR3'), "
        + "('E2', 'AFB26X1', date'2025-02-20', '13:00', date'2025-02-21', 'LPR3'), "
        + "('E3', 'AFB10A', date'2025-02-03', '08:00', date'2025-02-03', 'LPR3'), "
        + "('E3', 'AFB10B', date'2025-02-04', '08:00', date'2025-02-04', 'LPR3') "
        + "as t(dw_ek_forloeb, markoer, dato_markoer, tidspunkt_markoer, dato_indberetning, lprindberetningssystem)")
        .write().mode(SaveMode.Overwrite).parquet(dir.resolve("forloebsmarkoerer").toString());
    Files.writeString(dir.resolve("snapshot.json"),
        "{\"extraction_date\": \"2025-06-30\", \"seed\": 1, \"truth_by_rule\": {\"VR01\": 1}}");
    return dir;
  }

  @Test
  void theFirstPersonsHoldingEnoughMarkersBecomeOneAndNothingElseChanges() throws Exception {
    SparkSession spark = SharedSpark.get();
    Path source = source(spark);
    Path copy = tmp.resolve("copy");

    OnePersonSnapshot.Merged merged = OnePersonSnapshot.write(spark, source, copy, 6);

    assertEquals(new OnePersonSnapshot.Merged("P1", 2, 8), merged);
    Map<String, String> personOf = spark.read().parquet(copy.resolve("forloeb").toString()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    assertEquals(Map.of("E1", "P1", "E2", "P1", "E3", "P3", "E4", "P1"), personOf);
    Dataset<Row> sourceEpisodes = spark.read().parquet(source.resolve("forloeb").toString()).drop("cpr_encrypted");
    Dataset<Row> copyEpisodes = spark.read().parquet(copy.resolve("forloeb").toString()).drop("cpr_encrypted");
    assertEquals(0, sourceEpisodes.exceptAll(copyEpisodes).count() + copyEpisodes.exceptAll(sourceEpisodes).count());
    assertEquals(java.util.Arrays.asList(spark.read().parquet(source.resolve("forloeb").toString()).columns()),
        java.util.Arrays.asList(spark.read().parquet(copy.resolve("forloeb").toString()).columns()));
    Dataset<Row> sourceMarkers = spark.read().parquet(source.resolve("forloebsmarkoerer").toString());
    Dataset<Row> copyMarkers = spark.read().parquet(copy.resolve("forloebsmarkoerer").toString());
    assertEquals(10, copyMarkers.count());
    assertEquals(0, sourceMarkers.exceptAll(copyMarkers).count());

    JsonNode meta = new ObjectMapper().readTree(copy.resolve("snapshot.json").toFile());
    assertEquals("2025-06-30", meta.path("extraction_date").asText());
    assertFalse(meta.has("truth_by_rule"), "the generator's truth was that of separate persons");
    assertEquals(6, meta.path("one_person").path("asked").asLong());
    assertEquals(8, meta.path("one_person").path("markers").asLong());
    assertEquals(2, meta.path("one_person").path("persons_merged").asLong());

    // the job's loader takes the copy as it takes the source
    Snapshot loaded = new SnapshotLoader(spark, ProjectFiles.bundled("schemas")).load(copy.toString());
    assertEquals(4, loaded.episodes().count());
    assertTrue(new BenchRunner(new BenchRunner.Options(java.util.List.of(), tmp, "1g", 1, true,
        java.time.Duration.ofMinutes(1), 6, false), JavaLauncher.current(dk.pathwatch.Pathwatch.class), System.out)
        .matchesOnePerson(copy, source, 6));
  }

  @Test
  void askingForMoreMarkersThanThePersonsHoldFailsClearly() throws Exception {
    SparkSession spark = SharedSpark.get();
    Path source = source(spark);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnePersonSnapshot.write(spark, source, tmp.resolve("copy"), 11));
    assertTrue(e.getMessage().contains("10 markers") && e.getMessage().contains("11"), e.getMessage());
  }
}
