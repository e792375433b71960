package dk.pathwatch.validate;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables rules are evaluated on (SPEC §2), with the columns a rule expression may use and the column
 * that holds the region a violation is reported to. Lint refuses a rule that names a column not listed here,
 * so that a typo is caught before any data is read.
 *
 * <p>A violation is reported to the region responsible for the registration: {@code region_ans} of the episode
 * whose keys the violation carries (for a pathway, its A marker's episode; for a clock, its own episode). A
 * region outside the five, and a dataset finding, go to the registry's own report, never to a region.
 */
public enum Scope {
  MARKER("region_ans", List.of(
      "dw_ek_forloeb", "markoer", "dato_markoer", "tidspunkt_markoer", "dato_indberetning",
      "lprindberetningssystem", "cpr_encrypted", "region_ans", "region_bopael", "sorenhed_ans", "forloeblabel",
      "episode_start", "episode_end", "afslutningsmaade", "episode_found", "code", "known_code",
      "code_case_mismatch", "family",
      "pathway_number", "suffix", "point", "point_rank", "time_valid", "time_of_day", "person_death_date",
      "dup_rank")),
  EPISODE("region_ans", List.of(
      "dw_ek_forloeb", "cpr_encrypted", "region_ans", "region_bopael", "sorenhed_ans", "forloeblabel",
      "dato_start", "dato_slut", "afslutningsmaade", "n_markers", "n_cancer_markers", "families",
      "families_with_a")),
  PATHWAY("region", List.of(
      "pathway_id", "cpr_encrypted", "family", "pathway", "region", "quarter", "date_a", "date_b", "date_c",
      "date_c1", "date_f", "date_x", "end_code", "modality", "restarted", "orphan", "has_b", "has_c1",
      "c2_before_f", "x1_after_f", "x1_after_c1", "modality_tie", "urinary_sub_missing", "urinary_sub_conflict",
      "chronology_broken",
      "open_at_cutoff", "days_open", "max_period_days", "days_of4", "standard_days_of4", "no_standard_indicators",
      "spans_go_live",
      "dw_ek_forloeb", "markoer", "dato_markoer", "tidspunkt_markoer")),
  /** The figures count a clock in the region of residence (SPEC §5); its findings go to the registering region. */
  CLOCK("region_ans", List.of(
      "clock_id", "dw_ek_forloeb", "rule", "date_start", "date_stop", "date_end", "end_code", "raw_days",
      "pause_days", "net_days", "max_days", "category", "still_waiting", "region", "region_ans",
      "region_bopael_invalid", "ignored_starts", "single_start", "unclosed_pause", "overlapping_pauses",
      "limit_missing", "stray_stop", "markoer", "dato_markoer", "tidspunkt_markoer")),
  /** Metrics over whole tables (Deequ); rules name a check, not an expression. */
  DATASET(null, List.of());

  private final String regionColumn;
  private final Set<String> columns;

  Scope(String regionColumn, List<String> columns) {
    this.regionColumn = regionColumn;
    this.columns = Set.copyOf(columns);
  }

  /** The name used in rule files and in {@code validation_errors.scope}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Column of the scope table holding the region a violation is reported to (null for dataset). */
  public String regionColumn() {
    return regionColumn;
  }

  /** Columns a rule expression of this scope may refer to. */
  public Set<String> columns() {
    return columns;
  }

  public static Scope of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
