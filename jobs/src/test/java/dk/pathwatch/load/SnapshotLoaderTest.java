package dk.pathwatch.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLoaderTest {
  private final SparkSession spark = SharedSpark.get();

  private void writeEpisodes(Path dir) {
    spark.sql("select 'E1' dw_ek_forloeb, 'P1' cpr_encrypted, '1081' region_ans, '1081' region_bopael, "
            + "'S1' sorenhed_ans, 'ALAL01' forloeblabel, date'2024-01-01' dato_start, cast(null as date) dato_slut, "
            + "cast(null as string) afslutningsmaade")
        .write().mode(SaveMode.Overwrite).parquet(dir.resolve("forloeb").toString());
  }

  private SnapshotLoader loader() {
    return new SnapshotLoader(spark, ProjectFiles.bundled("schemas"));
  }

  @Test
  void readsAValidSnapshotAndIgnoresExtraColumns(@TempDir Path dir) {
    writeEpisodes(dir);
    spark.sql("select 'E1' dw_ek_forloeb, 'AFB01A' markoer, date'2024-01-02' dato_markoer, '10:00' tidspunkt_markoer, "
            + "date'2024-01-03' dato_indberetning, 'LPR3' lprindberetningssystem, 42 extra")
        .write().parquet(dir.resolve("forloebsmarkoerer").toString());
    Snapshot s = loader().load(dir.toString());
    assertEquals(1, s.markers().count());
    assertEquals(6, s.markers().columns().length);
    assertEquals(java.util.List.of("extra"), s.extraColumns().get("forloebsmarkoerer"));
    assertTrue(s.organisations().isEmpty());
  }

  @Test
  void refusesAMissingColumnNamingTableAndColumn(@TempDir Path dir) {
    writeEpisodes(dir);
    spark.sql("select 'E1' dw_ek_forloeb, 'AFB01A' markoer, '10:00' tidspunkt_markoer, "
            + "date'2024-01-03' dato_indberetning, 'LPR3' lprindberetningssystem")
        .write().parquet(dir.resolve("forloebsmarkoerer").toString());
    PathwatchException e = assertThrows(PathwatchException.class, () -> loader().load(dir.toString()));
    assertEquals(ExitCodes.INPUT_INVALID, e.exitCode());
    assertTrue(e.getMessage().contains("forloebsmarkoerer") && e.getMessage().contains("dato_markoer"), e.getMessage());
  }

  @Test
  void refusesAWrongType(@TempDir Path dir) {
    writeEpisodes(dir);
    spark.sql("select 'E1' dw_ek_forloeb, 'AFB01A' markoer, '2024-01-02' dato_markoer, '10:00' tidspunkt_markoer, "
            + "date'2024-01-03' dato_indberetning, 'LPR3' lprindberetningssystem")
        .write().parquet(dir.resolve("forloebsmarkoerer").toString());
    PathwatchException e = assertThrows(PathwatchException.class, () -> loader().load(dir.toString()));
    assertTrue(e.getMessage().contains("dato_markoer has type string (Parquet BINARY STRING), expected date"),
        e.getMessage());
  }

  @Test
  void missingSnapshotFolderMeansNothingToDo(@TempDir Path dir) {
    PathwatchException e = assertThrows(PathwatchException.class,
        () -> loader().load(dir.resolve("2025-01-01").toString()));
    assertEquals(ExitCodes.NO_SNAPSHOT, e.exitCode());
  }

  @Test
  void refusesANonParquetFileNamingIt(@TempDir Path dir) throws Exception {
    writeEpisodes(dir);
    Files.createDirectories(dir.resolve("forloebsmarkoerer"));
    Files.writeString(dir.resolve("forloebsmarkoerer/notes.csv"), "a,b\n");
    PathwatchException e = assertThrows(PathwatchException.class, () -> loader().load(dir.toString()));
    assertTrue(e.getMessage().contains("notes.csv"), e.getMessage());
  }
}
