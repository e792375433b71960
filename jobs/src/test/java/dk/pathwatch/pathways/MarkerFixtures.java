package dk.pathwatch.pathways;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.ReferenceTable;
import dk.pathwatch.load.MarkerView;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Handcrafted used markers for the pathway and clock tests: marker lines {@code "E1 AFB01A 2024-01-02 10:00"}
 * (time {@code -} = null) on four fixed episodes, run through the real marker view and filtered as the caller
 * does ({@code dup_rank = 1}).
 *
 * <p>Episodes: E1 person P1, region 1081, residence 1082; E2 person P1, region 1083, no residence; E3 person P2,
 * region 1084, residence 1084; E4 person P3, region 1082, residence 1085; C01…C20 one person each (Q1…Q20),
 * region 1083, no residence.
 */
final class MarkerFixtures {
  private MarkerFixtures() {}

  static SparkSession spark() {
    return SharedSpark.get();
  }

  static Dataset<Row> used(String... lines) {
    SparkSession spark = spark();
    StructType schema = new StructType()
        .add("dw_ek_forloeb", DataTypes.StringType, false)
        .add("markoer", DataTypes.StringType, false)
        .add("dato_markoer", DataTypes.DateType, false)
        .add("tidspunkt_markoer", DataTypes.StringType)
        .add("dato_indberetning", DataTypes.DateType)
        .add("lprindberetningssystem", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      Date date = Date.valueOf(f[2]);
      rows.add(RowFactory.create(f[0], f[1], date, f.length < 4 || f[3].equals("-") ? null : f[3], date, "LPR3"));
    }
    Dataset<Row> markers = spark.createDataFrame(rows, schema);
    Dataset<Row> episodes = spark.sql("select * from values "
        + "('E1','P1','1081','1082'), ('E2','P1','1083',null), ('E3','P2','1084','1084'), ('E4','P3','1082','1085') "
        + "as t(dw_ek_forloeb, cpr_encrypted, region_ans, region_bopael) union all "
        + "select concat('C', lpad(cast(id as string), 2, '0')), concat('Q', cast(id as string)), '1083', null "
        + "from range(1, 21)")
        .selectExpr("*", "'S1' sorenhed_ans", "'ALAL01' forloeblabel", "date'2010-01-01' dato_start",
            "cast(null as date) dato_slut", "cast(null as string) afslutningsmaade");
    Dataset<Row> sks = ReferenceTable.read(ProjectFiles.bundled("validation-rules").resolve("reference"),
        "sks_codes").toDataFrame(spark);
    return MarkerView.withDuplicateRank(MarkerView.build(markers, episodes, sks), lit(true))
        .filter(col("dup_rank").equalTo(1));
  }

  /** A column of a result row as text (null stays null). */
  static String s(Row r, String column) {
    Object v = r.getAs(column);
    return v == null ? null : v.toString();
  }

  static Integer i(Row r, String column) {
    return r.getAs(column);
  }

  static boolean b(Row r, String column) {
    return r.<Boolean>getAs(column);
  }
}
