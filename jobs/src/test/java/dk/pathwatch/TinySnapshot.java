package dk.pathwatch;

import java.nio.file.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** A handcrafted snapshot of a few rows, for tests of the job's plumbing and of bad input. */
public final class TinySnapshot {
  private TinySnapshot() {}

  public static final String EPISODES_SQL = "select * from values "
      + "('E1', 'P1', '1081', '1081', 'S1', 'ALAL01', date'2025-01-02', cast(null as date), cast(null as string)), "
      + "('E2', 'P2', '1084', '1084', 'S2', 'ALAL01', date'2025-02-01', cast(null as date), cast(null as string)) "
      + "as t(dw_ek_forloeb, cpr_encrypted, region_ans, region_bopael, sorenhed_ans, forloeblabel, dato_start, "
      + "dato_slut, afslutningsmaade)";

  public static final String MARKERS_SQL = "select * from values "
      + "('E1', 'AFB01A', date'2025-01-02', '08:00', date'2025-01-03', 'LPR3'), "
      + "('E1', 'AFB01B', date'2025-01-09', '09:30', date'2025-01-10', 'LPR3'), "
      + "('E1', 'AFB01C1', date'2025-01-20', '10:00', date'2025-01-20', 'LPR3'), "
      + "('E1', 'AFB01F1', date'2025-01-28', '11:00', date'2025-01-29', 'LPR3'), "
      + "('E2', 'AFB26A', date'2025-02-01', null, date'2025-02-01', 'LPR3'), "
      + "('E2', 'AFB26B', date'2025-02-05', '12:00:00', date'2025-02-06', 'LPR3'), "
      + "('E2', 'AFB26X1', date'2025-02-20', '13:00', date'2025-02-21', 'LPR3') "
      + "as t(dw_ek_forloeb, markoer, dato_markoer, tidspunkt_markoer, dato_indberetning, lprindberetningssystem)";

  /** Writes the snapshot to {@code dir} and returns it. */
  public static Path write(SparkSession spark, Path dir) {
    spark.sql(EPISODES_SQL).write().mode(SaveMode.Overwrite).parquet(dir.resolve("forloeb").toString());
    spark.sql(MARKERS_SQL).write().mode(SaveMode.Overwrite).parquet(dir.resolve("forloebsmarkoerer").toString());
    return dir;
  }
}
