package dk.pathwatch.validate;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.ReferenceTable;
import dk.pathwatch.common.RunParameters;
import dk.pathwatch.load.MarkerView;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Small handcrafted scope tables for the rule tests. Every fixture row carries a label (in a column no rule
 * reads) naming the rule it is a bad or good example for, e.g. {@code VR05-bad}.
 * Run parameters: extraction date 2025-04-30, cut-off 2025-03-31.
 */
final class RuleFixtures {
  static final RunParameters RUN = new RunParameters(LocalDate.of(2025, 4, 30), LocalDate.of(2025, 3, 31));

  private RuleFixtures() {}

  static SparkSession spark() {
    return SharedSpark.get();
  }

  static Dataset<Row> sksCodes() {
    return ReferenceTable.read(ProjectFiles.bundled("validation-rules").resolve("reference"), "sks_codes")
        .toDataFrame(spark());
  }

  /**
   * Episodes: E1 clean, E2 without cpr, E3 in region 1099, E4 patient died 2025-02-01, E5 a clean episode of E3's
   * person, E6 a second clean episode of E1's person.
   */
  static Dataset<Row> episodes() {
    return spark().sql("select * from values "
        + "('E1','P1','1081','1081','S1','ALAL01',date'2025-01-01',cast(null as date),cast(null as string)),"
        + "('E2',null,'1082','1082','S2','ALAL01',date'2025-01-01',null,null),"
        + "('E3','P3','1099','1083','S3','ALAL01',date'2025-01-01',null,null),"
        + "('E4','P4','1084','1084','S4','ALAL01',date'2025-01-01',date'2025-02-01','ALAC70'),"
        + "('E5','P3','1083','1083','S3','ALAL01',date'2025-01-01',null,null),"
        + "('E6','P1','1081','1081','S1','ALAL01',date'2025-01-01',null,null)"
        + " as t(dw_ek_forloeb, cpr_encrypted, region_ans, region_bopael, sorenhed_ans, forloeblabel,"
        + " dato_start, dato_slut, afslutningsmaade)");
  }

  /**
   * Marker rows: (episode, code, date, time, registration date, label); the label goes into
   * {@code lprindberetningssystem}, which no rule reads.
   */
  static Dataset<Row> markers() {
    String rows = String.join(",\n", List.of(
        m("E1", "AFB01A", "2025-01-10", "10:00", "2025-01-11", "clean"),
        m("E1", "AFB99Q", "2025-01-10", "10:00", "2025-01-11", "VR01-bad"),
        m("E1", "afb01b", "2025-01-10", "10:00", "2025-01-11", "VR01-CASE-bad"),
        m("E1", "AFB01B ", "2025-01-10", "10:00", "2025-01-11", "VR01-CASE-bad-space"),
        m("E1", "AFB01C", "2025-01-12", "10:00", "2025-01-12", "VR02-bad"),
        m("E1", "AFB01C1", "2025-01-12", "10:00", "2025-01-12", "VR02-good"),
        m("E1", "AFB14A", "2025-01-12", "10:00", "2025-01-12", "VR03-bad"),
        m("E1", "XYZ", "2025-01-12", "10:00", "2025-01-12", "VR03-good"),
        m("E1", "AFB01B", null, "10:00", "2025-01-12", "VR04-bad"),
        m("E1", "AFB01B", "2025-01-13", "25:00", "2025-01-13", "VR04-TIME-bad"),
        m("E1", "AFB01B", "2025-01-13", null, "2025-01-13", "VR04-TIME-good"),
        m("E1", "AFB01B", "2025-05-01", "10:00", null, "VR05-bad"),
        m("E1", "AFB01B", "2025-04-30", "10:00", null, "VR05-good"),
        m("E1", "AFB01B", "2012-09-30", "10:00", null, "VR05-EARLY-bad"),
        m("E1", "AFB01B", "2012-10-01", "10:00", null, "VR05-EARLY-good"),
        m("EX", "AFB01B", "2025-01-14", "10:00", null, "VR06-bad"),
        m("E2", "AFB01B", "2025-01-14", "10:00", null, "VR07-bad"),
        m("E3", "AFB01B", "2025-01-14", "10:00", null, "VR09-bad"),
        m("E1", "AFB01X1", "2025-01-20", "09:00", "2025-01-20", "VR11-good"),
        m("E1", "AFB01X1", "2025-01-20", "09:00:00", "2025-01-21", "VR11-bad"),
        // duplicates are ranked among the copies that exist for the run: an excluded (VR09) or late (VR27) copy
        // registered first hides nothing, and a waiting-time marker is a duplicate within its episode only
        m("E3", "AFB01C1", "2025-01-16", "10:00", "2025-01-16", "VR09-bad-first-copy"),
        m("E5", "AFB01C1", "2025-01-16", "10:00", "2025-01-17", "VR11-good-after-excluded"),
        m("E1", "AFB01C1", "2025-03-10", "10:00", null, "VR11-good-after-late"),
        m("E1", "AFB01C1", "2025-03-10", "10:00", "2025-04-05", "VR27-bad-first-copy"),
        m("E1", "AFV01A1A", "2025-01-18", "10:00", "2025-01-18", "VR11-good-episode"),
        m("E6", "AFV01A1A", "2025-01-18", "10:00", "2025-01-19", "VR11-good-other-episode"),
        m("E4", "AFB01B", "2025-02-02", "10:00", null, "VR24-bad"),
        m("E4", "AFB01A", "2025-02-01", "10:00", null, "VR24-good"),
        m("E1", "AFB01F1", "2025-04-15", "10:00", "2025-04-15", "VR26-bad"),
        m("E1", "AFB01F1", "2025-03-31", "10:00", "2025-03-31", "VR26-good"),
        m("E1", "AFB01B", "2025-03-01", "10:00", "2025-04-02", "VR27-bad"),
        m("E1", "AFB01B", "2025-03-01", "11:00", "2025-03-31", "VR27-good"),
        m("E1", "AFV02K", "2025-01-15", "10:00", null, "VR36-bad"),
        m("E1", "AFV02K1", "2025-01-15", "10:00", null, "VR36-good")));
    return spark().sql("select dw_ek_forloeb, markoer, cast(d as date) dato_markoer, tidspunkt_markoer,"
        + " cast(r as date) dato_indberetning, lprindberetningssystem from values " + rows
        + " as t(dw_ek_forloeb, markoer, d, tidspunkt_markoer, r, lprindberetningssystem)");
  }

  /** The marker scope table of the fixture rows (dup_rank ranked as the job ranks it, with the bundled rules). */
  static Dataset<Row> markerView() {
    return MarkerScope.build(MarkerView.build(markers(), episodes(), sksCodes()),
        RuleSet.load(RuleSet.rulesFolder(null)), RUN);
  }

  private static String m(String ep, String code, String date, String time, String reg, String label) {
    return "(" + q(ep) + "," + q(code) + "," + q(date) + "," + q(time) + "," + q(reg) + "," + q(label) + ")";
  }

  /** Episodes for the episode rules, labelled by dw_ek_forloeb, and their markers. */
  static Dataset<Row> episodeScope() {
    Dataset<Row> episodes = spark().sql("select * from values "
        + "('VR08-bad','P1','1081','1081','S1','ALAL02',date'2025-01-01',cast(null as date),cast(null as string)),"
        + "('VR08-good','P1','1081','1081','S1','ALAL02',date'2025-01-01',null,null),"
        + "('VR10-bad','P1','1081','1081',null,'ALAL01',date'2025-01-01',null,null),"
        + "('VR10-good','P1','1081','1081',null,'ALAL01',date'2025-01-01',null,null),"
        + "('VR23-bad','P1','1081','1081','S1','ALAL01',date'2025-01-01',null,null),"
        + "('VR23-good','P1','1081','1081','S1','ALAL01',date'2025-01-01',null,null),"
        + "('PW02-bad','P1','1081','1081','S1','ALAL01',date'2025-01-02',date'2025-01-01',null),"
        + "('PW02-good','P1','1081','1081','S1','ALAL01',date'2025-01-02',date'2025-01-02',null)"
        + " as t(dw_ek_forloeb, cpr_encrypted, region_ans, region_bopael, sorenhed_ans, forloeblabel,"
        + " dato_start, dato_slut, afslutningsmaade)");
    String rows = String.join(",\n", List.of(
        m("VR08-bad", "AFB01A", "2025-01-10", "10:00", null, ""),
        m("VR08-good", "AFV01A1A", "2025-01-10", "10:00", null, ""),
        m("VR10-bad", "AFB01A", "2025-01-10", "10:00", null, ""),
        m("VR23-bad", "AFB01A", "2025-01-10", "10:00", null, ""),
        m("VR23-bad", "AFB26B", "2025-01-11", "10:00", null, ""),
        m("VR23-good", "AFB01A", "2025-01-10", "10:00", null, ""),
        m("VR23-good", "AFB26A", "2025-01-11", "10:00", null, ""),
        m("VR23-good", "AFB26B", "2025-01-12", "10:00", null, "")));
    Dataset<Row> markers = spark().sql("select dw_ek_forloeb, markoer, cast(d as date) dato_markoer,"
        + " tidspunkt_markoer, cast(r as date) dato_indberetning, lprindberetningssystem from values " + rows
        + " as t(dw_ek_forloeb, markoer, d, tidspunkt_markoer, r, lprindberetningssystem)");
    return EpisodeScope.build(episodes, MarkerView.build(markers, episodes, sksCodes()));
  }

  /** A clean treated AFB01 pathway; the label is {@code pathway_id}. */
  static Map<String, String> goodPathway() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("pathway_id", "'clean'");
    p.put("cpr_encrypted", "'P1'");
    p.put("family", "'AFB01'");
    p.put("pathway", "'AFB01'");
    p.put("region", "'1081'");
    p.put("quarter", "'2025Q1'");
    p.put("date_a", "date'2025-01-01'");
    p.put("date_b", "date'2025-01-05'");
    p.put("date_c", "date'2025-01-10'");
    p.put("date_c1", "date'2025-01-10'");
    p.put("date_f", "date'2025-01-20'");
    p.put("date_x", "cast(null as date)");
    p.put("end_code", "cast(null as string)");
    p.put("modality", "'kirurgi'");
    for (String flag : List.of("restarted", "orphan", "c2_before_f", "x1_after_f", "x1_after_c1", "modality_tie",
        "urinary_sub_missing", "urinary_sub_conflict", "chronology_broken", "open_at_cutoff", "spans_go_live")) {
      p.put(flag, "false");
    }
    p.put("has_b", "true");
    p.put("has_c1", "true");
    p.put("days_open", "cast(null as int)");
    p.put("max_period_days", "19");
    p.put("days_of4", "19");
    p.put("standard_days_of4", "30");
    p.put("no_standard_indicators", "cast(array() as array<string>)");
    p.put("dw_ek_forloeb", "'E1'");
    p.put("markoer", "'AFB01A'");
    p.put("dato_markoer", "date'2025-01-01'");
    p.put("tidspunkt_markoer", "'10:00'");
    return p;
  }

  /** A clock inside its limit; the label is {@code clock_id}. */
  static Map<String, String> goodClock() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("clock_id", "'clean'");
    c.put("dw_ek_forloeb", "'E1'");
    c.put("rule", "'UDR'");
    c.put("date_start", "date'2025-01-01'");
    c.put("date_stop", "date'2025-01-11'");
    c.put("date_end", "cast(null as date)");
    c.put("end_code", "'AFV01B'");
    c.put("raw_days", "10");
    c.put("pause_days", "0");
    c.put("net_days", "10");
    c.put("max_days", "14");
    c.put("category", "'inden_for'");
    c.put("still_waiting", "false");
    c.put("region", "'1081'");
    c.put("region_bopael_invalid", "false");
    c.put("ignored_starts", "0");
    c.put("single_start", "false");
    c.put("stray_stop", "false");
    c.put("unclosed_pause", "false");
    c.put("overlapping_pauses", "false");
    c.put("limit_missing", "false");
    c.put("markoer", "'AFV01A1A'");
    c.put("dato_markoer", "date'2025-01-01'");
    c.put("tidspunkt_markoer", "'10:00'");
    return c;
  }

  /**
   * One row per variant: the base row with the variant's overrides (label column → label).
   *
   * @param variants label → overrides (column → SQL expression)
   */
  static Dataset<Row> rows(Map<String, String> base, String labelColumn, Map<String, Map<String, String>> variants) {
    List<String> selects = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> v : variants.entrySet()) {
      Map<String, String> row = new LinkedHashMap<>(base);
      row.putAll(v.getValue());
      row.put(labelColumn, q(v.getKey()));
      selects.add("select " + row.entrySet().stream().map(e -> e.getValue() + " as " + e.getKey())
          .collect(Collectors.joining(", ")));
    }
    return spark().sql(String.join(" union all ", selects));
  }

  static String q(String s) {
    return s == null ? "null" : "'" + s + "'";
  }
}
