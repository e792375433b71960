package dk.pathwatch.generate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator through Spark: what lands on disk. */
class SnapshotGeneratorTest {
  private static final LocalDate EXTRACTION = LocalDate.of(2025, 6, 30);
  private static SparkSession spark;
  @TempDir static Path tmp;
  private static Path faulty;
  private static GeneratorResult faultyResult;

  @BeforeAll
  static void writeDefaultSnapshot() {
    spark = SharedSpark.get();
    faulty = tmp.resolve("faulty");
    faultyResult = SnapshotGenerator.generate(spark, options(faulty, 600, 1, 0.05));
  }

  private static GeneratorOptions options(Path out, long pathways, long seed, double rate) {
    return new GeneratorOptions(out, pathways, seed, EXTRACTION, GeneratorOptions.uniformRates(rate), null);
  }

  private static Dataset<Row> read(Path dir, String table) {
    return spark.read().parquet(dir.resolve(table).toString());
  }

  private static List<String> sortedRows(Path dir, String table) {
    return read(dir, table).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void tablesHaveTheColumnsAndTypesOfSpecSection1() {
    assertEquals("dw_ek_forloeb:string,markoer:string,dato_markoer:date,tidspunkt_markoer:string,"
        + "dato_indberetning:date,lprindberetningssystem:string", columns(faulty, "forloebsmarkoerer"));
    assertEquals("dw_ek_forloeb:string,cpr_encrypted:string,region_ans:string,region_bopael:string,"
        + "sorenhed_ans:string,forloeblabel:string,dato_start:date,dato_slut:date,afslutningsmaade:string",
        columns(faulty, "forloeb"));
    assertEquals("sorenhed:string,region:string,gyldig_fra:date,gyldig_til:date", columns(faulty, "organisationer"));
    assertEquals("rule_id:string,dw_ek_forloeb:string,markoer:string,dato_markoer:date,tidspunkt_markoer:string,"
        + "note:string", columns(faulty, "truth"));
  }

  private static String columns(Path dir, String table) {
    StructField[] fields = read(dir, table).schema().fields();
    return java.util.Arrays.stream(fields).map(f -> f.name() + ":" + f.dataType().typeName())
        .collect(Collectors.joining(","));
  }

  @Test
  void sameSeedSameRowsOtherSeedOtherRows() {
    Path again = tmp.resolve("again");
    Path other = tmp.resolve("other");
    SnapshotGenerator.generate(spark, options(again, 600, 1, 0.05));
    SnapshotGenerator.generate(spark, options(other, 600, 2, 0.05));
    for (String table : List.of("forloebsmarkoerer", "forloeb", "truth")) {
      assertEquals(sortedRows(faulty, table), sortedRows(again, table), table);
      assertNotEquals(sortedRows(faulty, table), sortedRows(other, table), table);
    }
  }

  @Test
  void manifestDescribesTheSnapshot() throws Exception {
    JsonNode m = new ObjectMapper().readTree(faulty.resolve("snapshot.json").toFile());
    assertEquals("2025-06-30", m.get("extraction_date").asText());
    assertEquals(1, m.get("seed").asLong());
    assertEquals(600, m.get("pathways").asLong());
    assertEquals(0.05, m.get("fault_rates").get("VR04-TIME").asDouble());
    assertEquals(SnapshotGenerator.VERSION, m.get("generator_version").asText());
    assertEquals(read(faulty, "forloebsmarkoerer").count(), m.get("row_counts").get("forloebsmarkoerer").asLong());
    assertEquals(read(faulty, "truth").count(), m.get("row_counts").get("truth").asLong());
    assertEquals(faultyResult.rowCounts().get("forloeb"), m.get("row_counts").get("forloeb").asLong());
  }

  @Test
  void keysAndCodesLookLikeTheRegister() {
    Dataset<Row> episodes = read(faulty, "forloeb");
    assertEquals(0, episodes.filter(col("dw_ek_forloeb").rlike("^[0-9]+$").unary_$bang()).count());
    assertEquals(0, episodes.filter(col("cpr_encrypted").isNotNull()
        .and(col("cpr_encrypted").rlike("^[0-9a-f]{16}$").unary_$bang())).count());
    Dataset<Row> markers = read(faulty, "forloebsmarkoerer");
    assertEquals(Set.of("LPR3"), markers.select("lprindberetningssystem").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toSet()));
    assertTrue(markers.filter(col("tidspunkt_markoer").isNull()).count() > 0);
    assertTrue(markers.filter(col("tidspunkt_markoer").rlike("^..:..:..$")).count() > 0);
    assertTrue(markers.filter(col("markoer").startsWith("AFV02")).count() > 0, "pauses");
    Set<String> families = markers.filter(col("markoer").rlike("^AFB[0-9]{2}A$")).select("markoer").distinct()
        .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    assertTrue(families.containsAll(Set.of("AFB01A", "AFB12A", "AFB13A", "AFB16A", "AFB26A")), families.toString());
  }

  @Test
  void regionsFollowPopulationShares() {
    Path dir = tmp.resolve("regions");
    SnapshotGenerator.generate(spark, options(dir, 5000, 3, 0));
    Dataset<Row> starts = read(dir, "forloebsmarkoerer").filter(col("markoer").rlike("^AF(A01|D01|B[0-9]{2})A$"))
        .join(read(dir, "forloeb"), "dw_ek_forloeb");
    long total = starts.count();
    assertTrue(total > 4500, "pathways with an A: " + total);
    Map<String, Double> expected = Map.of("1081", 0.10, "1082", 0.23, "1083", 0.21, "1084", 0.32, "1085", 0.14);
    for (Row r : starts.groupBy("region_ans").count().collectAsList()) {
      double share = r.getLong(1) / (double) total;
      assertEquals(expected.get(r.getString(0)), share, 0.03, "share of " + r.getString(0));
    }
    long same = read(dir, "forloeb").filter(col("region_bopael").equalTo(col("region_ans"))).count();
    assertTrue(same > 0.8 * read(dir, "forloeb").count(), "region_bopael mostly region_ans");
  }

  @Test
  void everyFaultKindIsInTheTruthAtRateOne() {
    Path dir = tmp.resolve("all-faults");
    GeneratorResult result = SnapshotGenerator.generate(spark, options(dir, 1500, 4, 1.0));
    Set<String> missing = new TreeSet<>();
    for (FaultKind k : FaultKind.values()) {
      if (!result.truthByRule().containsKey(k.truthRuleId())) {
        missing.add(k.ruleId());
      }
    }
    assertEquals(Set.of(), missing, result.truthByRule().toString());
  }

  @Test
  void cleanSnapshotHasAnEmptyTruth() {
    Path dir = tmp.resolve("clean");
    GeneratorResult result = SnapshotGenerator.generate(spark, options(dir, 3000, 5, 0));
    assertEquals(0L, result.rowCounts().get("truth"));
    assertEquals(0, read(dir, "truth").count());
    assertTrue(result.rowCounts().get("forloebsmarkoerer") > 10_000);
  }

  @Test
  void asOfDropsLaterRegistrations() {
    LocalDate asOf = LocalDate.of(2024, 3, 31);
    Path full = tmp.resolve("asof-full");
    Path early = tmp.resolve("asof-early");
    SnapshotGenerator.generate(spark, options(full, 800, 6, 0.02));
    SnapshotGenerator.generate(spark, options(early, 800, 6, 0.02).withAsOf(asOf));
    Dataset<Row> earlyMarkers = read(early, "forloebsmarkoerer");
    assertEquals(0, earlyMarkers.filter(col("dato_indberetning").gt(asOf.toString())
        .or(col("dato_markoer").gt(asOf.toString()))).count());
    assertEquals(0, read(early, "forloeb").filter(col("dato_start").gt(asOf.toString())
        .or(col("dato_slut").gt(asOf.toString()))).count());
    Dataset<Row> expected = read(full, "forloebsmarkoerer").filter(col("dato_indberetning").leq(asOf.toString())
        .and(col("dato_markoer").isNull().or(col("dato_markoer").leq(asOf.toString()))));
    assertEquals(expected.count(), earlyMarkers.count());
    assertEquals(0, expected.except(earlyMarkers).count());
    assertTrue(earlyMarkers.count() < read(full, "forloebsmarkoerer").count());
    assertEquals(0, read(early, "truth").filter(col("rule_id").isin("VR05", "VR27")).count());
  }
}
