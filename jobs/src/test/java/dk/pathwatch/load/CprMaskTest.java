package dk.pathwatch.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CprMaskTest {
  private final SparkSession spark = SharedSpark.get();

  @ParameterizedTest
  @CsvSource({
      "0101801234, 010180-****",
      "010180-1234, 010180-****",
      "010180 1234, 010180-****",
      "3112999999, 311299-****",
      "note 2902001234 x, note 290200-**** x",
      "P_0101801234, P_010180-****",
      "'0101801234,0202802345', '010180-****,020280-****'"})
  void cprLikeValuesAreMaskedToTheirBirthDate(String raw, String masked) {
    assertEquals(masked, CprMask.mask(raw));
    assertEquals(masked, CprMask.mask(masked), "masking twice changes nothing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1000000000123", "3213801234", "0113801234", "0001801234", "01018012345",
      "a0101801234", "0101801234b", "9f3a0101801234c2", "AFB01A", "08:00", "1081", "ALAL01",
      "1081011000016008", "010180-123"})
  void otherValuesAreLeftAlone(String value) {
    assertEquals(value, CprMask.mask(value));
  }

  /** Every string column of every input table is masked by the loader; rows, other values and types are kept. */
  @Test
  void theLoaderMasksEveryStringColumnOfEveryTable(@TempDir Path tmp) {
    Path snapshot = tmp.resolve("2025-03-31");
    spark.sql("select * from values "
        + "('0303803456', '0101801234', '1081', '0909809012', '040480-4567', '1212801234', date'2025-01-02', "
        + "cast(null as date), '0505805678'), "
        + "('E2', 'P2', '1084', '1084', 'S2', 'ALAL01', date'2025-02-01', cast(null as date), cast(null as string)) "
        + "as t(dw_ek_forloeb, cpr_encrypted, region_ans, region_bopael, sorenhed_ans, forloeblabel, dato_start, "
        + "dato_slut, afslutningsmaade)").write().mode(SaveMode.Overwrite).parquet(snapshot.resolve("forloeb").toString());
    spark.sql("select * from values "
        + "('0303803456', '0808808901', date'2025-01-02', '0707807890', date'2025-01-03', '060680-6789'), "
        + "('E2', 'AFB26A', date'2025-02-01', '08:00', date'2025-02-01', 'LPR3') "
        + "as t(dw_ek_forloeb, markoer, dato_markoer, tidspunkt_markoer, dato_indberetning, lprindberetningssystem)")
        .write().mode(SaveMode.Overwrite).parquet(snapshot.resolve("forloebsmarkoerer").toString());
    spark.sql("select '1111801234' sorenhed, '1081' region, date'2020-01-01' gyldig_fra, cast(null as date) gyldig_til")
        .write().mode(SaveMode.Overwrite).parquet(snapshot.resolve("organisationer").toString());

    Snapshot loaded = new SnapshotLoader(spark, ProjectFiles.bundled("schemas")).load(snapshot.toString());
    List<String> values = new ArrayList<>();
    for (var table : List.of(loaded.markers(), loaded.episodes(), loaded.organisations().orElseThrow())) {
      for (Row r : table.collectAsList()) {
        for (int i = 0; i < r.length(); i++) {
          values.add(String.valueOf(r.get(i)));
        }
      }
    }
    Pattern cprLike = Pattern.compile(CprMask.CPR_LIKE);
    assertFalse(values.stream().anyMatch(v -> cprLike.matcher(v).find()), values.toString());
    for (String masked : List.of("030380-****", "010180-****", "090980-****", "040480-****", "121280-****",
        "050580-****", "080880-****", "070780-****", "060680-****", "111180-****")) {
      assertTrue(values.contains(masked), masked + " in " + values);
    }
    assertTrue(values.containsAll(List.of("E2", "P2", "AFB26A", "08:00", "LPR3", "ALAL01", "2025-02-01", "1084")));
    assertEquals(2, loaded.markers().count());
    assertEquals("date", loaded.markers().schema().apply("dato_markoer").dataType().simpleString());
  }
}
