package dk.pathwatch.generate;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Spark schemas of the written tables (SPEC §1, and the truth of docs/architecture.md), and row builders. */
public final class SnapshotSchemas {
  public static final String MARKERS = "forloebsmarkoerer";
  public static final String EPISODES = "forloeb";
  public static final String ORGANISATIONS = "organisationer";
  public static final String TRUTH = "truth";

  public static final StructType MARKER_SCHEMA = schema(
      "dw_ek_forloeb", "string", "markoer", "string", "dato_markoer", "date", "tidspunkt_markoer", "string",
      "dato_indberetning", "date", "lprindberetningssystem", "string");
  public static final StructType EPISODE_SCHEMA = schema(
      "dw_ek_forloeb", "string", "cpr_encrypted", "string", "region_ans", "string", "region_bopael", "string",
      "sorenhed_ans", "string", "forloeblabel", "string", "dato_start", "date", "dato_slut", "date",
      "afslutningsmaade", "string");
  public static final StructType ORGANISATION_SCHEMA = schema(
      "sorenhed", "string", "region", "string", "gyldig_fra", "date", "gyldig_til", "date");
  public static final StructType TRUTH_SCHEMA = schema(
      "rule_id", "string", "dw_ek_forloeb", "string", "markoer", "string", "dato_markoer", "date",
      "tidspunkt_markoer", "string", "note", "string");

  private SnapshotSchemas() {}

  private static StructType schema(String... nameType) {
    StructField[] fields = new StructField[nameType.length / 2];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = DataTypes.createStructField(nameType[2 * i],
          "date".equals(nameType[2 * i + 1]) ? DataTypes.DateType : DataTypes.StringType, true);
    }
    return new StructType(fields);
  }

  static Row marker(GenMarker m) {
    return RowFactory.create(m.episode, m.code, sql(m.date), m.time, sql(m.reported), m.system);
  }

  static Row episode(GenEpisode e) {
    return RowFactory.create(e.key, e.cpr, e.regionAns, e.regionBopael, e.sorUnit, e.label, sql(e.start),
        sql(e.end), e.endReason);
  }

  static Row truth(TruthRow t) {
    return RowFactory.create(t.ruleId(), t.episode(), t.code(), sql(t.date()), t.time(), t.note());
  }

  static Row organisation(Object[] cells) {
    return RowFactory.create(cells[0], cells[1], sql((LocalDate) cells[2]), sql((LocalDate) cells[3]));
  }

  private static Date sql(LocalDate d) {
    return d == null ? null : Date.valueOf(d);
  }
}
