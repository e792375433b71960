package dk.pathwatch.indicators;

import dk.pathwatch.common.PathwayCodes;
import dk.pathwatch.disclosure.LinearTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published tables as the attacker sees their structure (SPEC §4), in plain Java: every published count of
 * indicators, activity and mwt as a cell of one {@link LinearTable}, with the relations that hold by definition:
 *
 * <ul>
 *   <li>the regions add up to {@code national} and the pathways to {@code all}, in every count column;</li>
 *   <li>{@code alle} ≥ {@code kirurgi + medicin + straale} (a slack: pathways whose first F has no modality);</li>
 *   <li>activity: {@code started = treated + closed_without_treatment + open_at_cutoff},
 *       {@code disproven ≤ closed_without_treatment}, {@code investigation_started ≤ started};</li>
 *   <li>one count published in two places: OF1 {@code n} = {@code investigation_started} and OF4 {@code n} (alle)
 *       = {@code treated} of an organ pathway; DF1/MF1 = {@code investigation_started} and DF3/MF3 =
 *       {@code disproven} of AFA01/AFD01 (MF from its first quarter, 2022Q3);</li>
 *   <li>mwt: regions add up to {@code national}; {@code n_still_waiting ≤ n}.</li>
 * </ul>
 *
 * Relations are stated between region × pathway cells; those between totals follow from them. Each is checked
 * against the figures as it is added: a figure that breaks one stops the run (the figures would contradict SPEC §4).
 *
 * <p>Shares get a table of their own: the cells hold {@code n_within}, under the same relations (an attacker who
 * sees a share and knows its denominator knows {@code n_within}). A share is protected when it is primary
 * ({@code n − n_no_standard} ≤ 10) or when its count is hidden.
 */
public final class DisclosureModel {
  public static final String INDICATORS = "indicators";
  public static final String ACTIVITY = "activity";
  public static final String MWT = "mwt";
  /** The column of a share cell's key: the share's numerator. */
  public static final String SHARE = "share";
  /** Shares are primary when the pathways behind them are at most this many (SPEC §4). */
  public static final long MAX_PRIMARY_SHARE_BASE = 10;
  /** Quartiles are shown only with a shown n above this. */
  public static final long MAX_N_WITHOUT_QUARTILES = 10;
  /** The first quarter of the MF indicators (A on or after 2022-07-01). */
  static final String MF_FIRST_QUARTER = Grid.quarterOf(PathwayCodes.MF_FROM);

  /** One row of the internal indicators table. */
  public record IndicatorRow(String cellId, String quarter, String region, String pathway, String modality,
      String indicator, long n, Long nWithin, Double share, long nNoStandard) {
    long base() {
      return n - nNoStandard;
    }
  }

  /** One row of the internal activity table: its counts by column name. */
  public record ActivityRow(String cellId, String quarter, String region, String pathway,
      Map<String, Long> counts) {}

  /**
   * One row of the internal mwt table: its key (quarter, region, then the rest of the key) and counts by column
   * name ({@code n}, and {@code n_still_waiting} when the table has it).
   */
  public record MwtRow(String cellId, String quarter, String region, List<String> rest,
      Map<String, Long> counts) {}

  private DisclosureModel() {}

  private static final Logger LOG = LoggerFactory.getLogger(DisclosureModel.class);
  static final String RELAXED_PARTITION = "activity categories do not add up to started";
  static final String RELAXED_LINK = "a count published twice differs";

  /**
   * Relations SPEC §4 states that these figures do not satisfy (figures made before issue #12 made activity a
   * partition of started): the weaker relation that holds is used, and the cells are logged, never silently.
   */
  private static void relaxed(Map<String, List<String>> relaxed, String what, String where) {
    relaxed.computeIfAbsent(what, k -> new ArrayList<>()).add(where);
  }

  private static void logRelaxed(Map<String, List<String>> relaxed) {
    relaxed.forEach((what, where) -> LOG.warn("disclosure model: {} in {} cell(s), e.g. {}; the relation that "
        + "holds is used instead", what, where.size(), where.subList(0, Math.min(3, where.size()))));
  }

  /** The key of a cell: {@code table.column|cell_id}. */
  public static String key(String table, String column, String cellId) {
    return table + "." + column + "|" + cellId;
  }

  /** Every published count of the three tables and the relations among them. */
  public static LinearTable counts(List<IndicatorRow> indicators, List<ActivityRow> activity, List<MwtRow> mwt) {
    LinearTable t = new LinearTable();
    Map<String, Integer> cells = new HashMap<>();
    for (IndicatorRow r : indicators) {
      cells.put(key(INDICATORS, "n", r.cellId()), t.count(key(INDICATORS, "n", r.cellId()), r.n(),
          indicatorLevel(r, indicators)));
    }
    addIndicatorRelations(t, indicators, r -> cells.get(key(INDICATORS, "n", r.cellId())));
    Map<String, List<String>> relaxed = new LinkedHashMap<>();
    addActivity(t, activity, cells, relaxed);
    addLinks(t, activity, cells, relaxed);
    addMwt(t, mwt, relaxed);
    logRelaxed(relaxed);
    return t;
  }

  /**
   * The shares of the indicators that have standard times: one cell per indicator cell holding {@code n_within}
   * with its denominator {@code n − n_no_standard}; primary when the denominator is 1–10 or the cell's count is
   * hidden ({@code countHidden}); fixed at 0 where no share exists.
   */
  public static LinearTable shares(List<IndicatorRow> indicators, java.util.function.Predicate<String> countHidden) {
    LinearTable t = new LinearTable();
    List<IndicatorRow> withStandard = indicators.stream().filter(r -> r.nWithin() != null).toList();
    Map<String, Integer> cells = new HashMap<>();
    for (IndicatorRow r : withStandard) {
      boolean exists = r.share() != null;
      boolean primary = r.base() <= MAX_PRIMARY_SHARE_BASE || countHidden.test(r.cellId());
      String key = key(INDICATORS, SHARE, r.cellId());
      cells.put(key, t.share(key, r.nWithin(), Math.max(r.base(), 0), indicatorLevel(r, withStandard), primary,
          !exists));
    }
    addIndicatorRelations(t, withStandard, r -> cells.get(key(INDICATORS, SHARE, r.cellId())));
    return t;
  }

  /** One per total dimension: national, all, and alle where the indicator has modalities. */
  private static int indicatorLevel(IndicatorRow r, List<IndicatorRow> all) {
    int level = (Cells.NATIONAL.equals(r.region()) ? 1 : 0) + (Cells.ALL_PATHWAYS.equals(r.pathway()) ? 1 : 0);
    return level + (Cells.ALL_MODALITIES.equals(r.modality()) && Indicators.BY_MODALITY.contains(r.indicator())
        ? 1 : 0);
  }

  private static void addIndicatorRelations(LinearTable t, List<IndicatorRow> rows,
      Function<IndicatorRow, Integer> cell) {
    Map<String, List<IndicatorRow>> byQuarterIndicator = group(rows, r -> r.quarter() + "|" + r.indicator());
    for (List<IndicatorRow> g : byQuarterIndicator.values()) {
      sums(t, g, r -> r.pathway() + "|" + r.modality(), IndicatorRow::region, Cells.NATIONAL, cell);
      sums(t, g, r -> r.region() + "|" + r.modality(), IndicatorRow::pathway, Cells.ALL_PATHWAYS, cell);
      Map<String, List<IndicatorRow>> byRegionPathway = group(g.stream()
          .filter(r -> !Cells.NATIONAL.equals(r.region()) && !Cells.ALL_PATHWAYS.equals(r.pathway())).toList(),
          r -> r.region() + "|" + r.pathway());
      for (List<IndicatorRow> rp : byRegionPathway.values()) {
        IndicatorRow alle = rp.stream().filter(r -> Cells.ALL_MODALITIES.equals(r.modality())).findFirst()
            .orElse(null);
        List<Integer> parts = rp.stream().filter(r -> !Cells.ALL_MODALITIES.equals(r.modality())).map(cell)
            .toList();
        if (alle != null && !parts.isEmpty()) {
          t.atLeastSum(cell.apply(alle), parts, t.key(cell.apply(alle)) + "|no modality");
        }
      }
    }
  }

  /**
   * Within each group of {@code groupKey}, the row whose {@code dim} is {@code total} is the sum of the others.
   */
  private static <R> void sums(LinearTable t, List<R> rows, Function<R, String> groupKey, Function<R, String> dim,
      String total, Function<R, Integer> cell) {
    for (List<R> g : group(rows, groupKey).values()) {
      R totalRow = g.stream().filter(r -> total.equals(dim.apply(r))).findFirst().orElse(null);
      List<Integer> parts = g.stream().filter(r -> !total.equals(dim.apply(r))).map(cell).toList();
      if (totalRow != null && !parts.isEmpty()) {
        t.sum(cell.apply(totalRow), parts);
      } else if (totalRow == null && !parts.isEmpty()) {
        throw new IllegalStateException("disclosure model: no " + total + " cell over " + parts.stream()
            .map(t::key).toList());
      }
    }
  }

  private static void addActivity(LinearTable t, List<ActivityRow> rows, Map<String, Integer> cells,
      Map<String, List<String>> relaxed) {
    List<String> columns = rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).counts().keySet());
    for (ActivityRow r : rows) {
      int level = (Cells.NATIONAL.equals(r.region()) ? 1 : 0) + (Cells.ALL_PATHWAYS.equals(r.pathway()) ? 1 : 0);
      for (String c : columns) {
        String key = key(ACTIVITY, c, r.cellId());
        cells.put(key, t.count(key, r.counts().get(c), level));
      }
    }
    for (String c : columns) {
      Function<ActivityRow, Integer> cell = r -> cells.get(key(ACTIVITY, c, r.cellId()));
      Map<String, List<ActivityRow>> byQuarter = group(rows, ActivityRow::quarter);
      for (List<ActivityRow> q : byQuarter.values()) {
        sums(t, q, ActivityRow::pathway, ActivityRow::region, Cells.NATIONAL, cell);
        sums(t, q, ActivityRow::region, ActivityRow::pathway, Cells.ALL_PATHWAYS, cell);
      }
    }
    for (ActivityRow r : rows) {
      if (Cells.NATIONAL.equals(r.region()) || Cells.ALL_PATHWAYS.equals(r.pathway())) {
        continue;
      }
      Function<String, Integer> cell = c -> cells.get(key(ACTIVITY, c, r.cellId()));
      if (columns.containsAll(List.of("started", "treated", "closed_without_treatment", "open_at_cutoff"))) {
        partOf(relaxed, t, cell.apply("started"), List.of(cell.apply("treated"), cell.apply("closed_without_treatment"),
            cell.apply("open_at_cutoff")), true, key(ACTIVITY, "started_in_no_category", r.cellId()));
      }
      if (columns.containsAll(List.of("closed_without_treatment", "disproven"))) {
        partOf(relaxed, t, cell.apply("closed_without_treatment"), List.of(cell.apply("disproven")), false,
            key(ACTIVITY, "closed_not_disproven", r.cellId()));
      }
      if (columns.containsAll(List.of("started", "investigation_started"))) {
        partOf(relaxed, t, cell.apply("started"), List.of(cell.apply("investigation_started")), false,
            key(ACTIVITY, "started_without_b", r.cellId()));
      }
    }
  }

  /**
   * {@code total = Σ parts} when {@code partition}, else {@code total ≥ Σ parts} — or, where the figures do not
   * satisfy it, the weaker relation that they do (logged).
   */
  private static void partOf(Map<String, List<String>> relaxed, LinearTable t, int total, List<Integer> parts, boolean partition, String slackKey) {
    long rest = t.rest(total, parts);
    if (partition && rest == 0) {
      t.sum(total, parts);
    } else if (rest >= 0) {
      if (partition) {
        relaxed(relaxed, RELAXED_PARTITION, t.key(total));
      }
      t.atLeastSum(total, parts, slackKey);
    } else {
      relaxed(relaxed, "a part exceeds its whole", t.key(total) + " < " + parts.stream().map(t::key).toList());
    }
  }

  /** The counts published in two places (SPEC §3–§4: the same pathways by definition), per region × pathway. */
  private static void addLinks(LinearTable t, List<ActivityRow> activity, Map<String, Integer> cells,
      Map<String, List<String>> relaxed) {
    for (ActivityRow a : activity) {
      if (Cells.NATIONAL.equals(a.region()) || Cells.ALL_PATHWAYS.equals(a.pathway())) {
        continue;
      }
      for (Map.Entry<String, String> link : links(a.pathway(), a.quarter()).entrySet()) {
        Integer act = cells.get(key(ACTIVITY, link.getValue(), a.cellId()));
        if (act == null) {
          continue;
        }
        String indicatorCell = indicatorCellId(a.quarter(), a.region(), a.pathway(), Cells.ALL_MODALITIES,
            link.getKey());
        Integer ind = cells.get(key(INDICATORS, "n", indicatorCell));
        long indValue = ind == null ? 0 : t.value(ind);
        if (ind != null && indValue == t.value(act)) {
          t.equal(ind, act);
        } else if (indValue != t.value(act)) {
          relaxed(relaxed, RELAXED_LINK, link.getKey() + " n ≠ " + link.getValue() + " in " + indicatorCell);
        }
      }
    }
  }

  /** The {@code cell_id} of an indicator cell ({@link Indicators#CELL} joined as {@link Cells#cellId} does). */
  public static String indicatorCellId(String quarter, String region, String pathway, String modality,
      String indicator) {
    return String.join(Cells.CELL_ID_SEPARATOR, quarter, region, pathway, modality, indicator);
  }

  /** Indicator → activity column equal to its n for a pathway, by family (SPEC §3 points, §4 indicators). */
  static Map<String, String> links(String pathway, String quarter) {
    Map<String, String> m = new LinkedHashMap<>();
    if (PathwayCodes.isOrgan(pathway)) {
      m.put("OF1", "investigation_started");
      m.put("OF4", "treated");
    } else if (pathway.equals(PathwayCodes.DIAGNOSTIC_PATHWAY)) {
      m.put("DF1", "investigation_started");
      m.put("DF3", "disproven");
    } else if (pathway.equals(PathwayCodes.METASTASIS_PATHWAY) && quarter.compareTo(MF_FIRST_QUARTER) >= 0) {
      m.put("MF1", "investigation_started");
      m.put("MF3", "disproven");
    }
    return m;
  }

  private static void addMwt(LinearTable t, List<MwtRow> rows, Map<String, List<String>> relaxed) {
    Map<String, Integer> cells = new HashMap<>();
    List<String> columns = rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).counts().keySet());
    for (MwtRow r : rows) {
      for (String c : columns) {
        String key = key(MWT, c, r.cellId());
        cells.put(key, t.count(key, r.counts().get(c), Cells.NATIONAL.equals(r.region()) ? 1 : 0));
      }
    }
    for (String c : columns) {
      sums(t, rows, r -> r.quarter() + "|" + r.rest(), MwtRow::region, Cells.NATIONAL,
          r -> cells.get(key(MWT, c, r.cellId())));
    }
    if (columns.containsAll(List.of("n", "n_still_waiting"))) {
      for (MwtRow r : rows) {
        if (!Cells.NATIONAL.equals(r.region())) {
          partOf(relaxed, t, cells.get(key(MWT, "n", r.cellId())), List.of(cells.get(key(MWT, "n_still_waiting",
              r.cellId()))), false, key(MWT, "n_stopped", r.cellId()));
        }
      }
    }
  }

  private static <R> Map<String, List<R>> group(List<R> rows, Function<R, String> by) {
    Map<String, List<R>> m = new LinkedHashMap<>();
    for (R r : rows) {
      m.computeIfAbsent(by.apply(r), k -> new ArrayList<>()).add(r);
    }
    return m;
  }
}
