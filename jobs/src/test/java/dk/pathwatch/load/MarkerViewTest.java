package dk.pathwatch.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.upper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.PathwayCodes;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The marker view's classification and known-code check without regular expressions or lambdas per row (issue #16):
 * each gives what the regular expressions and the lambda over a code's periods gave.
 */
class MarkerViewTest {
  private static final StructType CODES = new StructType().add("code", DataTypes.StringType)
      .add("dato_markoer", DataTypes.DateType);

  private static SparkSession spark() {
    return SharedSpark.get();
  }

  private static Dataset<Row> codes(String... codes) {
    List<Row> rows = new ArrayList<>();
    for (String c : codes) {
      rows.add(RowFactory.create(c, java.sql.Date.valueOf("2024-05-01")));
    }
    return spark().createDataFrame(rows, CODES);
  }

  private static final String[] TRICKY = {"AFB02B", "afb02b", " AFB02B", "AFB02B ", "\tAFB02B\r\n", "\u000BAFV01A\f",
      "AF B02", "  ", "", "\u00A0AFB02B", "\u2003AFB02B", "AFB13C1", "AFB32F", "AFA01A", "AFD01X", "AFD01C", "AFV01A",
      "AFB1", "AFBX1A", "AFB0ZA", "AFC01A", "æfb02b", "AFB", "AFB13", "AFA01", "AFD01", "AFA02A", "AFB\uFF11\uFF12A",
      "AFB\uD835\uDFCF2A", "AFV", "AFV03A", "AFVB13", null};

  @Test
  void theNormalisedCodeIsTheCodeUpperCasedWithoutJavasWhiteSpaceAtEitherEnd() {
    Column regex = upper(regexp_replace(col("code"), "^\\s+|\\s+$", ""));
    List<Row> rows = codes(TRICKY).select(col("code"), regex.as("regex"), MarkerView.normalisedCode().as("trimmed"))
        .collectAsList();
    for (Row r : rows) {
      assertEquals(r.get(1), r.get(2), "code [" + r.get(0) + "]");
    }
  }

  @Test
  void familyPathwayNumberSuffixAndPointAreWhatThePathwayCodePatternsGave() {
    String pattern = "^AF(A01|D01|B[0-9][0-9])";
    Column pathwayCode = col("code").rlike(pattern);
    Column family = org.apache.spark.sql.functions.when(col("code").rlike("^(AFB13|AFB14|AFB15|AFB32)"), "AFB13")
        .when(pathwayCode, col("code").substr(1, 5)).when(col("code").startsWith("AFV"), "AFV");
    Column suffix = org.apache.spark.sql.functions.when(pathwayCode, org.apache.spark.sql.functions.expr(
        "substring(code, 6)"));
    Column first = suffix.substr(1, 1);
    List<String> all = new ArrayList<>(java.util.Arrays.asList(TRICKY));
    PathwayCodes.URINARY_NUMBERS.forEach(n -> all.add(n + "C"));
    Dataset<Row> classified = MarkerView.classify(codes(all.toArray(String[]::new))
        .withColumn("episode_found", org.apache.spark.sql.functions.lit(true))
        .withColumn("tidspunkt_markoer", org.apache.spark.sql.functions.lit("09:00")));
    List<Row> rows = classified.select(col("code"), col("pathway_number"), col("suffix"), col("point"),
        org.apache.spark.sql.functions.when(pathwayCode, col("code").substr(1, 5)).as("n"), suffix.as("s"),
        org.apache.spark.sql.functions.when(first.isin("A", "B", "C", "F", "X", "P"), first).as("p"),
        col("family"), family.as("f"))
        .collectAsList();
    for (Row r : rows) {
      assertEquals(List.of(nullable(r.get(4)), nullable(r.get(5)), nullable(r.get(6)), nullable(r.get(8))),
          List.of(nullable(r.get(1)), nullable(r.get(2)), nullable(r.get(3)), nullable(r.get(7))),
          "code [" + r.get(0) + "]");
    }
    assertEquals("AFB13", classified.where(col("code").equalTo("AFB32F")).first().getAs("family"));
  }

  private static Object nullable(Object o) {
    return o == null ? "<null>" : o;
  }

  private static Dataset<Row> sks(String... rows) {
    StructType schema = new StructType().add("code", DataTypes.StringType).add("text", DataTypes.StringType)
        .add("valid_from", DataTypes.StringType).add("valid_to", DataTypes.StringType)
        .add("source", DataTypes.StringType);
    List<Row> data = new ArrayList<>();
    for (String r : rows) {
      String[] c = r.split(",", -1);
      data.add(RowFactory.create(c[0], "t", c[1].isEmpty() ? null : c[1], c[2].isEmpty() ? null : c[2], "s"));
    }
    return spark().createDataFrame(data, schema);
  }

  @Test
  void aCodeIsKnownOnTheDaysOfOneOfItsVersionsAndEachMarkerIsKeptOnce() {
    Dataset<Row> sks = sks("AFB02B,,2019-12-31", "AFB02B,2021-01-01,", "AFB03B,,");
    StructType schema = new StructType().add("code", DataTypes.StringType).add("dato_markoer", DataTypes.DateType);
    List<Row> markers = new ArrayList<>();
    for (String[] m : new String[][] {{"AFB02B", "2019-06-01"}, {"AFB02B", "2020-06-01"}, {"AFB02B", "2021-06-01"},
        {"afb02b ", "2021-06-01"}, {"AFB02B", null}, {"AFB03B", null}, {" afb03b", "2024-01-01"}, {"AFB99B", "2024-01-01"}}) {
      markers.add(RowFactory.create(m[0], m[1] == null ? null : java.sql.Date.valueOf(m[1])));
    }
    List<Row> rows = MarkerView.markKnownCodes(spark().createDataFrame(markers, schema), sks)
        .select("known_code", "code_case_mismatch").collectAsList();
    List<String> got = rows.stream().map(r -> r.getBoolean(0) + "/" + r.getBoolean(1)).toList();
    assertEquals(List.of("true/false", "false/false", "true/false", "false/true", "false/false", "true/false",
        "false/true", "false/false"), got);
  }

  @Test
  void versionsOfACodeValidOnOneDayAreRefused() {
    Dataset<Row> sks = sks("AFB02B,,2020-12-31", "AFB02B,2020-12-31,");
    Dataset<Row> markers = codes("AFB02B");
    assertThrows(IllegalArgumentException.class, () -> MarkerView.markKnownCodes(markers, sks));
  }
}
