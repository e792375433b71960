package dk.pathwatch.indicators;

import dk.pathwatch.common.PathwayCodes;
import dk.pathwatch.common.ReferenceTable;
import dk.pathwatch.pathways.ClockBuilder;
import dk.pathwatch.pathways.PathwayBuilder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grid of the aggregates: every cell the internal {@code indicators}, {@code activity} and {@code mwt} tables
 * write, zeros included (SPEC §4, "every cell of the grid is written"). Plain Java over the reference data; the
 * aggregates add a zero row for each grid cell their data lacks ({@link Cells#withGrid}), and keep any data cell
 * outside it.
 *
 * <ul>
 *   <li><b>Quarters</b>: those of the data, not a calendar range: for indicators and activity the quarters with at
 *       least one counted pathway (the quarter of its A), for mwt those with at least one counted clock. SPEC §4
 *       asks for zeros where a region, pathway or modality has no pathways in a quarter, not for empty quarters, and
 *       a range would grow without bound on one marker dated 1900.</li>
 *   <li><b>Regions</b>: the codes of {@code regions.tsv} and {@code national}.</li>
 *   <li><b>Pathways</b>: every pathway number of the SKS list ({@code AFA01}, {@code AFD01}, {@code AFB01}…
 *       {@code AFB33}, including the urinary {@code AFB13} and its sub-pathways {@code AFB14}, {@code AFB15},
 *       {@code AFB32}) with a code valid in the quarter, and {@code all}; a sub-pathway also has its family's
 *       codes (its A, B and X are {@code AFB13…}).</li>
 *   <li><b>Indicators</b> only where they exist for the pathway: OF1–OF4 for {@code AFBnn}, DF1–DF3 for
 *       {@code AFA01}, MF1–MF3 for {@code AFD01} from the quarter of 2022-07-01 on, and only when the SKS list has
 *       codes for both of the indicator's points (so {@code AFB13}, whose C and F codes all name a sub-pathway, has
 *       OF1 only). {@code all} has an indicator when some pathway has it.</li>
 *   <li><b>Modalities</b>: {@code alle} for every indicator; OF3 and OF4 also each modality the pathway has an F
 *       code of (F1/F1A kirurgi, F2 medicin, F3/F3A straale); {@code all} the modalities of any pathway.</li>
 *   <li><b>Activity</b>: every pathway that can start (an A code of its own or its family's) and {@code all}.</li>
 *   <li><b>mwt</b>: the rules of {@code mwt_limits.tsv} × the categories of SPEC §5, a reason only with
 *       {@code overskredet_regler_overholdt} (one per pause type, never empty: such an overrun has pauses),
 *       {@code igangvaerende} only in the cut-off's quarter (a running clock belongs to that quarter).</li>
 * </ul>
 */
public final class Grid {
  private static final Pattern PATHWAY_CODE = Pattern.compile("^AF(A01|D01|B[0-9]{2})(.*)$");
  /** The points of each indicator (SPEC §4): from, to. */
  private static final Map<String, List<Predicate<String>>> POINTS = indicatorPoints();

  /** A code of a pathway: its suffix after the pathway number, and its validity (null = open). */
  public record Code(String pathway, String suffix, LocalDate validFrom, LocalDate validTo) {
    boolean validIn(LocalDate from, LocalDate to) {
      return (validFrom == null || !validFrom.isAfter(to)) && (validTo == null || !validTo.isBefore(from));
    }
  }

  private final List<String> regions;
  private final Map<String, List<Code>> codesByPathway;
  private final List<String> rules;
  private final String cutoffQuarter;

  /**
   * @param regions region codes (without {@code national})
   * @param codes the pathway codes of the SKS list
   * @param rules the waiting-time rules
   * @param cutoff the run's cut-off (running clocks belong to its quarter)
   */
  public Grid(List<String> regions, List<Code> codes, List<String> rules, LocalDate cutoff) {
    this.regions = List.copyOf(regions);
    this.codesByPathway = new TreeMap<>();
    for (Code c : codes) {
      codesByPathway.computeIfAbsent(c.pathway(), k -> new ArrayList<>()).add(c);
    }
    this.rules = List.copyOf(rules);
    this.cutoffQuarter = quarterOf(cutoff);
  }

  /** The grid of a reference folder: {@code regions}, {@code sks_codes} and {@code mwt_limits}. */
  public static Grid load(Path referenceDir, LocalDate cutoff) {
    ReferenceTable regions = ReferenceTable.read(referenceDir, "regions");
    ReferenceTable sks = ReferenceTable.read(referenceDir, "sks_codes");
    ReferenceTable limits = ReferenceTable.read(referenceDir, "mwt_limits");
    List<String> regionCodes = column(regions, "code").stream().distinct().toList();
    List<Code> codes = new ArrayList<>();
    int from = sks.header().indexOf("valid_from");
    int to = sks.header().indexOf("valid_to");
    for (String[] row : sks.rows()) {
      Matcher m = PATHWAY_CODE.matcher(row[sks.header().indexOf("code")]);
      if (m.matches()) {
        codes.add(new Code(m.group().substring(0, 5), m.group(2), date(row[from]), date(row[to])));
      }
    }
    List<String> ruleNames = column(limits, "rule").stream().distinct().sorted().toList();
    return new Grid(regionCodes, codes, ruleNames, cutoff);
  }

  /** {@code 2025Q2}: the quarter format of every table. */
  public static String quarterOf(LocalDate date) {
    return date.getYear() + "Q" + ((date.getMonthValue() - 1) / 3 + 1);
  }

  static LocalDate quarterStart(String quarter) {
    int q = Integer.parseInt(quarter.substring(5));
    return LocalDate.of(Integer.parseInt(quarter.substring(0, 4)), (q - 1) * 3 + 1, 1);
  }

  /** The indicator cells: quarter, region, pathway, modality, indicator (the order of {@link Indicators#CELL}). */
  public List<List<String>> indicatorCells(Collection<String> quarters) {
    List<List<String>> cells = new ArrayList<>();
    for (String quarter : new TreeSet<>(quarters)) {
      Map<String, Set<String>> all = new TreeMap<>();
      List<List<String>> perPathway = new ArrayList<>();
      for (String pathway : codesByPathway.keySet()) {
        List<Code> valid = validCodes(pathway, quarter);
        for (String indicator : Indicators.INDICATORS) {
          if (!exists(indicator, pathway, valid, quarter)) {
            continue;
          }
          for (String modality : modalities(indicator, valid)) {
            perPathway.add(List.of(pathway, modality, indicator));
            all.computeIfAbsent(indicator, k -> new TreeSet<>()).add(modality);
          }
        }
      }
      all.forEach((indicator, modalities) -> modalities.forEach(
          modality -> perPathway.add(List.of(Cells.ALL_PATHWAYS, modality, indicator))));
      for (String region : regionsAndNational()) {
        for (List<String> p : perPathway) {
          cells.add(List.of(quarter, region, p.get(0), p.get(1), p.get(2)));
        }
      }
    }
    return cells;
  }

  /** The activity cells: quarter, region, pathway (the order of {@link Activity#CELL}). */
  public List<List<String>> activityCells(Collection<String> quarters) {
    List<List<String>> cells = new ArrayList<>();
    for (String quarter : new TreeSet<>(quarters)) {
      List<String> pathways = new ArrayList<>();
      for (String pathway : codesByPathway.keySet()) {
        if (validCodes(pathway, quarter).stream().anyMatch(c -> c.suffix().equals("A"))) {
          pathways.add(pathway);
        }
      }
      pathways.add(Cells.ALL_PATHWAYS);
      for (String region : regionsAndNational()) {
        for (String pathway : pathways) {
          cells.add(List.of(quarter, region, pathway));
        }
      }
    }
    return cells;
  }

  /** The mwt cells: quarter, region, rule, category, reason (the order of {@link MwtAggregates#CELL}). */
  public List<List<String>> mwtCells(Collection<String> quarters) {
    List<List<String>> cells = new ArrayList<>();
    for (String quarter : new TreeSet<>(quarters)) {
      for (String region : regionsAndNational()) {
        for (String rule : rules) {
          for (String category : ClockBuilder.CATEGORIES) {
            if (category.equals(ClockBuilder.IGANGVAERENDE) && !quarter.equals(cutoffQuarter)) {
              continue;
            }
            List<String> reasons = category.equals(ClockBuilder.OVERSKREDET) ? ClockBuilder.REASONS
                : java.util.Collections.singletonList(null);
            for (String reason : reasons) {
              cells.add(java.util.Arrays.asList(quarter, region, rule, category, reason));
            }
          }
        }
      }
    }
    return cells;
  }

  private List<String> regionsAndNational() {
    List<String> out = new ArrayList<>(regions);
    out.add(Cells.NATIONAL);
    return out;
  }

  /** The pathway's codes valid in the quarter, with its family's for a urinary sub-pathway. */
  private List<Code> validCodes(String pathway, String quarter) {
    LocalDate from = quarterStart(quarter);
    LocalDate to = from.plusMonths(3).minusDays(1);
    List<Code> out = new ArrayList<>();
    for (String p : new LinkedHashSet<>(List.of(pathway, PathwayCodes.family(pathway)))) {
      codesByPathway.getOrDefault(p, List.of()).stream().filter(c -> c.validIn(from, to)).forEach(out::add);
    }
    return out;
  }

  private static boolean exists(String indicator, String pathway, List<Code> valid, String quarter) {
    boolean family = indicator.startsWith("OF") ? PathwayCodes.isOrgan(pathway)
        : indicator.startsWith("DF") ? pathway.equals(PathwayCodes.DIAGNOSTIC_PATHWAY)
        : pathway.equals(PathwayCodes.METASTASIS_PATHWAY) && !quarterStart(quarter).plusMonths(3).minusDays(1).isBefore(
            PathwayCodes.MF_FROM);
    return family && POINTS.get(indicator).stream()
        .allMatch(point -> valid.stream().anyMatch(c -> point.test(c.suffix())));
  }

  private static List<String> modalities(String indicator, List<Code> valid) {
    List<String> out = new ArrayList<>(List.of(Cells.ALL_MODALITIES));
    if (Indicators.BY_MODALITY.contains(indicator)) {
      for (String modality : PathwayBuilder.MODALITIES) {
        if (valid.stream().anyMatch(c -> modality.equals(PathwayBuilder.modalityOf(c.suffix())))) {
          out.add(modality);
        }
      }
    }
    return out;
  }

  private static Map<String, List<Predicate<String>>> indicatorPoints() {
    Predicate<String> a = s -> s.equals("A");
    Predicate<String> b = s -> s.equals("B");
    Predicate<String> c = s -> s.startsWith("C");
    Predicate<String> c1 = s -> s.equals("C1") || s.equals("C1A");
    Predicate<String> f = s -> s.startsWith("F");
    Predicate<String> x1 = s -> s.equals("X1");
    Map<String, List<Predicate<String>>> m = new TreeMap<>();
    m.put("OF1", List.of(a, b));
    m.put("OF2", List.of(b, c));
    m.put("OF3", List.of(c1, f));
    m.put("OF4", List.of(a, f));
    for (String family : List.of("DF", "MF")) {
      m.put(family + "1", List.of(a, b));
      m.put(family + "2", List.of(b, x1));
      m.put(family + "3", List.of(a, x1));
    }
    return m;
  }

  private static List<String> column(ReferenceTable table, String name) {
    int i = table.header().indexOf(name);
    return table.rows().stream().map(r -> r[i]).filter(v -> !v.isEmpty()).toList();
  }

  private static LocalDate date(String text) {
    return text == null || text.isEmpty() ? null : LocalDate.parse(text);
  }
}
