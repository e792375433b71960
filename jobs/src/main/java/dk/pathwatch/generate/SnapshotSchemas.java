package dk.pathwatch.generate;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Spark schemas of the written tables (SPEC §1, and the truth of docs/architecture.md), and their cells. */
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

  /** The tables generated per person, in the order {@link #cells} numbers them. */
  static final List<String> GENERATED_TABLES = List.of(MARKERS, EPISODES, TRUTH);
  static final List<StructType> GENERATED_SCHEMAS = List.of(MARKER_SCHEMA, EPISODE_SCHEMA, TRUTH_SCHEMA);

  private SnapshotSchemas() {}

  private static StructType schema(String... nameType) {
    StructField[] fields = new StructField[nameType.length / 2];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = DataTypes.createStructField(nameType[2 * i],
          "date".equals(nameType[2 * i + 1]) ? DataTypes.DateType : DataTypes.StringType, true);
    }
    return new StructType(fields);
  }

  /**
   * Hands each row of person {@code id} to {@code sink} as (index in {@link #GENERATED_TABLES}, cells in the
   * table's column order, dates as {@link LocalDate}).
   */
  static void cells(UnitGenerator units, long id, CellSink sink) {
    Person p = units.generate(id);
    for (GenMarker m : p.markers) {
      sink.accept(0, new Object[] {m.episode, m.code, m.date, m.time, m.reported, m.system});
    }
    for (GenEpisode e : p.episodes) {
      sink.accept(1, new Object[] {e.key, e.cpr, e.regionAns, e.regionBopael, e.sorUnit, e.label, e.start, e.end,
          e.endReason});
    }
    for (TruthRow t : units.truth(p)) {
      sink.accept(2, new Object[] {t.ruleId(), t.episode(), t.code(), t.date(), t.time(), t.note()});
    }
  }

  /** Receives generated rows: the table's index and the row's cells. */
  @FunctionalInterface
  interface CellSink {
    void accept(int table, Object[] cells);
  }
}
