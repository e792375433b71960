package dk.pathwatch.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives the generator truth from one person's finished rows: every violation a correct validator finds in
 * them, with the definitions below. Deriving it (rather than writing down what was injected) makes the truth
 * also hold where a fault sets off a second rule, and for {@code --as-of} snapshots, where later
 * registrations are missing.
 *
 * <p>Definitions (extraction date X): marker rules on every row: VR01 code not in SKS (compared exactly);
 * VR01-CASE not in SKS, but would be in upper case without leading or trailing white space; VR02 bare group code
 * ({@code AFBnnC/F/X}, {@code AFA01X}, {@code AFD01X}); VR03 pathway number and suffix both exist but not
 * together; VR04 no date; VR04-TIME time present but not {@code HH:MM[:SS]}; VR05 date after X; VR05-EARLY
 * date before 2012-10-01; VR06 episode missing; VR07 episode without cpr; VR08 AFA/AFB/AFD marker on an
 * episode labelled other than ALAL01; VR09 region_ans outside 1081–1085; VR10 no sorenhed_ans; VR11 every
 * copy after the first registered of the same person, code, date and time of day, among the copies that exist for
 * the run (no ERROR rule, registered and dated by X; SPEC §3.3; a person is the cpr, or where it is missing the
 * episode alone; an AFV marker belongs to its episode's clocks, so its episode is part of the key); VR24 date after
 * the person's death (same person key); VR27 dated on or before X, registered after X. DS02: an episode key
 * delivered more than once.
 *
 * <p>Pathway rules, on the walk of SPEC §3 over the markers no ERROR rule leaves out: VR12 orphan B/C/F/X
 * (SPEC §3.4); VR13 pathway closed by a new A; VR14 first C before first B, or first F before first C or
 * first B (dates); VR15 F
 * without B; VR16 F without C1/C1A; VR17 an F after a C2*; VR18 closing X1 after an F; VR19 closing X1 after a
 * C1/C1A; VR20 no F, no X, not restarted, A more than 180 days before X; VR21 two modalities at the first F's
 * date and time; VR22 urinary pathway whose C/F markers name two or more of AFB14/AFB15/AFB32, or that has
 * an F and names none; VR25 a period (OF1–OF4, or A→B, B→X1, A→X1 for AFA01/AFD01) over 365 days. Clock rules
 * (SPEC §5, per episode, exact duplicates once): PW01 a start of a running clock (for EFT a referral or
 * consent while it runs); PW03 an EFT clock started by only one of AFV01E3 and AFV01C9 (it starts there when a
 * stop, an end or X comes before the other); PW04 a stop marker (AFV01B, AFV01F, AFV01F1) that stops no open
 * clock; VR35 (reported as VR35-UNCLOSED) a clock that stopped (or was ended by
 * AFV01X1–X3) after at least one day, and a pause of SPEC §5 that never ends (paired per type) began
 * before the stop date: the pause is counted up to the stop. A clock still running may be in a pause that
 * has not ended yet: not VR35.
 *
 * <p>Not covered: VR25's "OF4 over 3 × the standard time" (the generator has no standard times; clean
 * pathways are short enough in practice).
 */
final class TruthOracle {
  static final LocalDate MODEL_START = LocalDate.of(2012, 10, 1);
  static final Set<String> VALID_REGIONS = Set.of(Catalog.REGIONS);
  /** The pauses of SPEC §5 (AFV03A1/A2 are not among them). */
  private static final Map<String, String> PAUSE_END = Map.of("AFV02K1", "AFV02K2", "AFV02K1C", "AFV02K2C",
      "AFV02L1", "AFV02L2", "AFV02M1", "AFV02M2");
  private static final Map<String, String> CLOCK_START = Map.of("AFV01A1A", "UDR", "AFV01C8", "BEH",
      "AFV01E1A", "HEN");

  private final Catalog catalog;
  private final LocalDate extraction;

  TruthOracle(Catalog catalog, LocalDate extraction) {
    this.catalog = catalog;
    this.extraction = extraction;
  }

  /**
   * Marker rules give one row per violating marker row (two identical rows that both break a rule give two
   * truth rows, as a validator reports them); pathway and clock rules one row per pathway or clock.
   */
  List<TruthRow> truth(List<GenMarker> markers, List<GenEpisode> episodes) {
    List<TruthRow> rows = new ArrayList<>();
    Set<TruthRow> out = new LinkedHashSet<>();
    Map<String, GenEpisode> byKey = new HashMap<>();
    Map<String, Integer> keyCount = new LinkedHashMap<>();
    for (GenEpisode e : episodes) {
      byKey.putIfAbsent(e.key, e);
      keyCount.merge(e.key, 1, Integer::sum);
    }
    keyCount.forEach((key, n) -> {
      if (n > 1) {
        rows.add(TruthRow.ofEpisode("DS02", key, "episode key delivered " + n + " times"));
      }
    });
    Map<String, LocalDate> deaths = new HashMap<>();
    for (GenEpisode e : byKey.values()) {
      if ("ALAC70".equals(e.endReason) && e.end != null) {
        deaths.merge(personKey(e.key, e), e.end, Dates::min);
      }
    }
    for (GenMarker m : markers) {
      markerRules(m, byKey.get(m.episode), deaths, rows);
    }
    List<GenMarker> usable = new ArrayList<>();
    for (GenMarker m : markers) {
      if (usable(m, byKey.get(m.episode))) {
        usable.add(m);
      }
    }
    duplicates(usable, byKey, rows);
    List<GenMarker> once = dedupe(usable, byKey);
    pathways(once, byKey, out);
    clocks(once, out);
    rows.addAll(out);
    return rows;
  }

  private void markerRules(GenMarker m, GenEpisode e, Map<String, LocalDate> deaths, List<TruthRow> out) {
    if (!catalog.known(m.code)) {
      out.add(TruthRow.ofMarker("VR01", m, "code not in SKS"));
    }
    if (!catalog.known(m.code) && catalog.known(normalised(m.code))) {
      out.add(TruthRow.ofMarker("VR01-CASE", m, "code in SKS only in upper case without spaces"));
    }
    if (bareGroupCode(m.code)) {
      out.add(TruthRow.ofMarker("VR02", m, "bare group code"));
    }
    if (catalog.impossibleCombination(m.code)) {
      out.add(TruthRow.ofMarker("VR03", m, "pathway number and suffix do not combine"));
    }
    if (m.date == null) {
      out.add(TruthRow.ofMarker("VR04", m, "no marker date"));
    }
    if (m.time != null && !Times.valid(m.time)) {
      out.add(TruthRow.ofMarker("VR04-TIME", m, "malformed time"));
    }
    if (m.date != null && m.date.isAfter(extraction)) {
      out.add(TruthRow.ofMarker("VR05", m, "dated after the extraction date"));
    }
    if (m.date != null && m.date.isBefore(MODEL_START)) {
      out.add(TruthRow.ofMarker("VR05-EARLY", m, "dated before 2012-10-01"));
    }
    if (m.date != null && !m.date.isAfter(extraction) && m.reported != null && m.reported.isAfter(extraction)) {
      out.add(TruthRow.ofMarker("VR27", m, "registered after the extraction date"));
    }
    if (e == null) {
      out.add(TruthRow.ofMarker("VR06", m, "episode not found"));
      return;
    }
    if (missingCpr(e)) {
      out.add(TruthRow.ofMarker("VR07", m, "episode without cpr_encrypted"));
    }
    if (!"ALAL01".equals(e.label) && (m.code.startsWith("AFA") || m.code.startsWith("AFB")
        || m.code.startsWith("AFD"))) {
      out.add(TruthRow.ofMarker("VR08", m, "episode label " + e.label));
    }
    if (e.regionAns == null || !VALID_REGIONS.contains(e.regionAns)) {
      out.add(TruthRow.ofMarker("VR09", m, "region_ans " + e.regionAns));
    }
    if (e.sorUnit == null) {
      out.add(TruthRow.ofMarker("VR10", m, "no sorenhed_ans"));
    }
    LocalDate death = deaths.get(personKey(m.episode, e));
    if (death != null && m.date != null && m.date.isAfter(death)) {
      out.add(TruthRow.ofMarker("VR24", m, "dated after death " + death));
    }
  }

  /** Registration first; episode key and raw time only make the order total (as the marker view's dup_rank). */
  static final Comparator<GenMarker> REGISTRATION_ORDER = Comparator
      .comparing((GenMarker m) -> m.reported, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(m -> m.episode)
      .thenComparing(m -> m.time, Comparator.nullsFirst(Comparator.naturalOrder()));

  static boolean missingCpr(GenEpisode e) {
    return e.cpr == null || e.cpr.isBlank();
  }

  /** The person of a row: the cpr, or where it is missing (no episode, or none on it) the episode alone. */
  static String personKey(String episode, GenEpisode e) {
    return e == null || missingCpr(e) ? "episode:" + episode : "cpr:" + e.cpr;
  }

  /** A code as it would match after upper-casing and trimming white space (SPEC §3.3: it does not). */
  static String normalised(String code) {
    return code == null ? null : code.replaceAll("^\\s+|\\s+$", "").toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * The owner of a row for exact duplicates: the person ({@link #personKey}), and for a waiting-time marker also its
   * episode, whose clocks it belongs to (SPEC §5).
   */
  static String duplicateOwner(GenMarker m, GenEpisode e) {
    String person = personKey(m.episode, e);
    return m.code != null && m.code.startsWith("AFV") ? person + "|episode:" + m.episode : person;
  }

  private static RowKey duplicateKey(GenMarker m, Map<String, GenEpisode> byKey) {
    return RowKey.of(duplicateOwner(m, byKey.get(m.episode)), m.code, m.date, m.timeOfDay());
  }

  /** VR11: same owner, code, date and time of day among the usable rows; the first registered is the original. */
  private static void duplicates(List<GenMarker> markers, Map<String, GenEpisode> byKey, List<TruthRow> out) {
    Map<RowKey, List<GenMarker>> groups = new HashMap<>();
    for (GenMarker m : markers) {
      groups.computeIfAbsent(duplicateKey(m, byKey), k -> new ArrayList<>()).add(m);
    }
    for (List<GenMarker> group : groups.values()) {
      if (group.size() < 2) {
        continue;
      }
      group.sort(REGISTRATION_ORDER);
      for (int i = 1; i < group.size(); i++) {
        out.add(TruthRow.ofMarker("VR11", group.get(i), "exact duplicate"));
      }
    }
  }

  /** Not left out by an ERROR rule (SPEC §3.3), and existing at the cut-off (= extraction date). */
  private boolean usable(GenMarker m, GenEpisode e) {
    return catalog.known(m.code) && m.date != null && !m.date.isAfter(extraction)
        && (m.reported == null || !m.reported.isAfter(extraction))
        && e != null && !missingCpr(e) && e.regionAns != null && VALID_REGIONS.contains(e.regionAns);
  }

  /** Exact duplicates (person, code, date, time of day) count once: the first registered. */
  private static List<GenMarker> dedupe(List<GenMarker> usable, Map<String, GenEpisode> byKey) {
    Set<RowKey> seen = new HashSet<>();
    List<GenMarker> out = new ArrayList<>();
    List<GenMarker> sorted = new ArrayList<>(usable);
    sorted.sort(REGISTRATION_ORDER);
    for (GenMarker m : sorted) {
      if (seen.add(duplicateKey(m, byKey))) {
        out.add(m);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- pathways

  /** {@code ^(AFB[0-9]{2}[CFX]|AFA01X|AFD01X)$}, by hand: it runs for every row. */
  static boolean bareGroupCode(String code) {
    if (code.length() != 6) {
      return false;
    }
    char last = code.charAt(5);
    return code.startsWith("AFB") && digit(code.charAt(3)) && digit(code.charAt(4))
        && (last == 'C' || last == 'F' || last == 'X')
        || code.equals("AFA01X") || code.equals("AFD01X");
  }

  /**
   * The family of a pathway code: {@code AFB13} for {@code ^AFB(13|14|15|32)}, else the first five characters
   * of a code that starts {@code ^AF(A01|D01|B[0-9]{2})}, else null (generated codes hold no line breaks, so
   * the patterns' {@code .*} tail needs no test).
   */
  static String family(String code) {
    if (code.length() < 5 || !code.startsWith("AF")) {
      return null;
    }
    String head = code.substring(0, 5);
    switch (head) {
      case "AFB13", "AFB14", "AFB15", "AFB32" -> {
        return "AFB13";
      }
      case "AFA01", "AFD01" -> {
        return head;
      }
      default -> {
        return code.charAt(2) == 'B' && digit(code.charAt(3)) && digit(code.charAt(4)) ? head : null;
      }
    }
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A, B, C, F or X; 0 for codes that build no pathway (P, AFD01C/AFD01D, others). */
  static char point(String code) {
    if (code.length() < 6 || code.equals("AFD01C") || code.startsWith("AFD01D")) {
      return 0;
    }
    char c = code.charAt(5);
    return "ABCFX".indexOf(c) >= 0 ? c : 0;
  }

  static int pointRank(char point) {
    return "ABCFX".indexOf(point) + 1;
  }

  private void pathways(List<GenMarker> usable, Map<String, GenEpisode> byKey, Set<TruthRow> out) {
    Map<RowKey, List<GenMarker>> groups = new LinkedHashMap<>();
    for (GenMarker m : usable) {
      String family = family(m.code);
      if (family != null && point(m.code) != 0) {
        groups.computeIfAbsent(RowKey.of(byKey.get(m.episode).cpr, family), k -> new ArrayList<>()).add(m);
      }
    }
    for (Map.Entry<RowKey, List<GenMarker>> g : groups.entrySet()) {
      List<GenMarker> seq = g.getValue();
      seq.sort(Comparator.comparing((GenMarker m) -> m.date).thenComparing(GenMarker::timeOfDay)
          .thenComparing(m -> pointRank(point(m.code))).thenComparing(m -> m.code));
      walk((String) g.getKey().second(), seq, out);
    }
  }

  private void walk(String family, List<GenMarker> seq, Set<TruthRow> out) {
    Walked open = null;
    for (GenMarker m : seq) {
      char point = point(m.code);
      if (point == 'A') {
        if (open != null) {
          open.restarted = true;
          finish(open, out);
        }
        open = new Walked(family, m);
        continue;
      }
      if (open == null) {
        out.add(TruthRow.ofMarker("VR12", m, "orphan " + point + " (no open pathway)"));
        continue;
      }
      open.add(m, point);
      if (point == 'X') {
        finish(open, out);
        open = null;
      }
    }
    if (open != null) {
      finish(open, out);
    }
  }

  private void finish(Walked w, Set<TruthRow> out) {
    GenMarker a = w.a;
    if (w.restarted) {
      out.add(TruthRow.ofMarker("VR13", a, "a new A while the pathway was open"));
    }
    if ((w.firstC != null && w.firstB != null && w.firstC.date.isBefore(w.firstB.date))
        || (w.firstF != null && w.firstC != null && w.firstF.date.isBefore(w.firstC.date))
        || (w.firstF != null && w.firstB != null && w.firstF.date.isBefore(w.firstB.date))) {
      out.add(TruthRow.ofMarker("VR14", a, "chronology: C before B, or F before C or B"));
    }
    if (w.firstF != null && w.firstB == null) {
      out.add(TruthRow.ofMarker("VR15", a, "F without B"));
    }
    if (w.firstF != null && w.firstC1 == null) {
      out.add(TruthRow.ofMarker("VR16", a, "F without C1/C1A"));
    }
    if (w.fAfterC2) {
      out.add(TruthRow.ofMarker("VR17", a, "F after C2*"));
    }
    if (w.x1AfterF) {
      out.add(TruthRow.ofMarker("VR18", a, "X1 after F"));
    }
    if (w.x1AfterC1) {
      out.add(TruthRow.ofMarker("VR19", a, "X1 after C1"));
    }
    if (w.firstF == null && w.x == null && !w.restarted && Dates.daysBetween(a.date, extraction) > 180) {
      out.add(TruthRow.ofMarker("VR20", a, "open for more than 180 days"));
    }
    if (w.modalitiesAtFirstF.size() > 1) {
      out.add(TruthRow.ofMarker("VR21", a, "two modalities at the first F"));
    }
    if (w.subPathways.size() > 1 || ("AFB13".equals(w.family) && w.firstF != null && w.subPathways.isEmpty())) {
      out.add(TruthRow.ofMarker("VR22", a, "urinary C/F name " + w.subPathways));
    }
    if (w.longestPeriod() > 365) {
      out.add(TruthRow.ofMarker("VR25", a, "a period of " + w.longestPeriod() + " days"));
    }
  }

  /** One pathway while it is walked: the first marker of each point and the flags the rules read. */
  private static final class Walked {
    final String family;
    final GenMarker a;
    GenMarker firstB;
    GenMarker firstC;
    GenMarker firstC1;
    GenMarker firstF;
    GenMarker x;
    boolean c2Seen;
    boolean fSeen;
    boolean fAfterC2;
    boolean x1AfterF;
    boolean x1AfterC1;
    boolean restarted;
    final Set<String> modalitiesAtFirstF = new HashSet<>();
    final Set<String> subPathways = new HashSet<>();

    Walked(String family, GenMarker a) {
      this.family = family;
      this.a = a;
    }

    void add(GenMarker m, char point) {
      String suffix = m.code.substring(5);
      if ("AFB13".equals(family) && (point == 'C' || point == 'F') && !m.code.startsWith("AFB13")) {
        subPathways.add(m.code.substring(0, 5));
      }
      switch (point) {
        case 'B' -> {
          if (firstB == null) {
            firstB = m;
          }
        }
        case 'C' -> {
          if (firstC == null) {
            firstC = m;
          }
          if (suffix.startsWith("C1") && firstC1 == null) {
            firstC1 = m;
          }
          c2Seen |= suffix.startsWith("C2");
        }
        case 'F' -> {
          if (firstF == null) {
            firstF = m;
          }
          if (m.date.equals(firstF.date) && m.timeOfDay().equals(firstF.timeOfDay()) && modality(suffix) != null) {
            modalitiesAtFirstF.add(modality(suffix));
          }
          fSeen = true;
          fAfterC2 |= c2Seen;
        }
        case 'X' -> {
          x = m;
          if (suffix.equals("X1")) {
            x1AfterF = fSeen;
            x1AfterC1 = firstC1 != null;
          }
        }
        default -> { }
      }
    }

    static String modality(String suffix) {
      return suffix.startsWith("F1") ? "kirurgi" : suffix.startsWith("F2") ? "medicin"
          : suffix.startsWith("F3") ? "straale" : null;
    }

    long longestPeriod() {
      long longest = 0;
      if (family.startsWith("AFB")) {
        longest = Math.max(longest, days(a, firstB));
        longest = Math.max(longest, days(firstB, firstC));
        longest = Math.max(longest, days(firstC1, firstF));
        longest = Math.max(longest, days(a, firstF));
      } else {
        GenMarker x1 = x != null && x.code.endsWith("X1") ? x : null;
        longest = Math.max(longest, days(a, firstB));
        longest = Math.max(longest, days(firstB, x1));
        longest = Math.max(longest, days(a, x1));
      }
      return longest;
    }

    private static long days(GenMarker from, GenMarker to) {
      return from == null || to == null ? 0 : Dates.daysBetween(from.date, to.date);
    }
  }

  // ---------------------------------------------------------------- clocks

  private void clocks(List<GenMarker> usable, Set<TruthRow> out) {
    Map<String, List<GenMarker>> byEpisode = new LinkedHashMap<>();
    for (GenMarker m : usable) {
      if (m.code.startsWith("AFV")) {
        byEpisode.computeIfAbsent(m.episode, k -> new ArrayList<>()).add(m);
      }
    }
    for (List<GenMarker> seq : byEpisode.values()) {
      seq.sort(Comparator.comparing((GenMarker m) -> m.date).thenComparing(GenMarker::timeOfDay)
          .thenComparing(m -> m.code));
      clockWalk(seq, out);
    }
  }

  private void clockWalk(List<GenMarker> seq, Set<TruthRow> out) {
    Map<String, GenMarker> running = new LinkedHashMap<>();
    List<GenMarker[]> stopped = new ArrayList<>();
    Map<String, LocalDate> openPauses = new HashMap<>();
    GenMarker[] eft = new GenMarker[2]; // the first AFV01C9 and AFV01E3 while no EFT clock runs
    for (GenMarker m : seq) {
      String code = m.code;
      String rule = CLOCK_START.get(code);
      if (rule != null) {
        start(running, rule, m, out);
      } else if (code.equals("AFV01C9") || code.equals("AFV01E3")) {
        if (running.containsKey("EFT")) {
          start(running, "EFT", m, out);
          continue;
        }
        int i = code.equals("AFV01C9") ? 0 : 1;
        eft[i] = eft[i] == null ? m : eft[i];
        if (eft[0] != null && eft[1] != null) {
          running.put("EFT", m);
          eft[0] = null;
          eft[1] = null;
        }
      } else if (code.equals("AFV01B")) {
        stop(running, stopped, m, out, "UDR");
      } else if (code.equals("AFV01F")) {
        stop(running, stopped, m, out, "BEH", "HEN");
      } else if (code.equals("AFV01F1")) {
        singleEftStart(running, eft, out);
        stop(running, stopped, m, out, "EFT");
      } else if (code.equals("AFV01X1") || code.equals("AFV01X2") || code.equals("AFV01X3")) {
        singleEftStart(running, eft, out);
        for (String open : running.keySet().toArray(String[]::new)) {
          stopped.add(new GenMarker[] {running.remove(open), m});
        }
      } else if (PAUSE_END.containsKey(code)) {
        openPauses.putIfAbsent(code, m.date);
      } else {
        PAUSE_END.forEach((begin, end) -> {
          if (end.equals(code)) {
            openPauses.remove(begin);
          }
        });
      }
    }
    singleEftStart(running, eft, out);
    for (GenMarker[] clock : stopped) {
      LocalDate from = clock[0].date;
      LocalDate to = clock[1].date;
      boolean unclosed = openPauses.values().stream().anyMatch(p -> p.isBefore(to));
      if (from.isBefore(to) && unclosed) {
        out.add(TruthRow.ofMarker("VR35", clock[0], "a pause without end counted up to the stop " + to));
      }
    }
  }

  private static void start(Map<String, GenMarker> running, String rule, GenMarker m, Set<TruthRow> out) {
    GenMarker started = running.get(rule);
    if (started != null) {
      out.add(TruthRow.ofMarker("PW01", started, "second start of a running " + rule + " clock"));
    } else {
      running.put(rule, m);
    }
  }

  /** PW04 when the stop stops no open clock of its rules. */
  private static void stop(Map<String, GenMarker> running, List<GenMarker[]> stopped, GenMarker stop,
      Set<TruthRow> out, String... rules) {
    boolean any = false;
    for (String rule : rules) {
      GenMarker start = running.remove(rule);
      if (start != null) {
        stopped.add(new GenMarker[] {start, stop});
        any = true;
      }
    }
    if (!any) {
      out.add(TruthRow.ofMarker("PW04", stop, "stop marker with no open clock"));
    }
  }

  /** With no EFT clock running, the one EFT start present (if any) starts it: PW03. */
  private static void singleEftStart(Map<String, GenMarker> running, GenMarker[] eft, Set<TruthRow> out) {
    GenMarker only = eft[0] != null ? eft[0] : eft[1];
    if (only != null && !running.containsKey("EFT")) {
      running.put("EFT", only);
      out.add(TruthRow.ofMarker("PW03", only, "EFT clock with one start marker"));
    }
    eft[0] = null;
    eft[1] = null;
  }
}
