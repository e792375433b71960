package dk.pathwatch.pathways;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The maximum-waiting-time state machine of SPEC §5 for one episode: walks its AFV markers in order (date, time,
 * code) and returns the clocks with their pause arithmetic, and the stop markers that had no open clock to stop.
 * Plain Java so the rules read top to bottom and can be tested without Spark; {@link ClockBuilder} runs it once per
 * episode.
 */
final class ClockWalk {

  /** The four cancer rules of SPEC §5. */
  enum Rule { UDR, BEH, HEN, EFT }

  /** Pause types and the reason each gives an overrun, in tie-break order. */
  enum PauseType {
    KLINISK("AFV02K1", "AFV02K2", "klinisk"),
    KLINISK_COVID("AFV02K1C", "AFV02K2C", "klinisk_covid"),
    PATIENTENS_OENSKE("AFV02L1", "AFV02L2", "patientens_oenske"),
    COVID_KAPACITET("AFV02M1", "AFV02M2", "covid_kapacitet");

    final String startCode;
    final String endCode;
    final String reason;

    PauseType(String startCode, String endCode, String reason) {
      this.startCode = startCode;
      this.endCode = endCode;
      this.reason = reason;
    }
  }

  static final Map<String, Rule> SIMPLE_STARTS = Map.of("AFV01A1A", Rule.UDR, "AFV01C8", Rule.BEH,
      "AFV01E1A", Rule.HEN);
  static final Map<String, List<Rule>> STOPS = Map.of("AFV01B", List.of(Rule.UDR),
      "AFV01F", List.of(Rule.BEH, Rule.HEN), "AFV01F1", List.of(Rule.EFT));
  static final String EFT_REFERRAL = "AFV01E3";
  static final String EFT_CONSENT = "AFV01C9";
  static final Set<String> ENDS = Set.of("AFV01X1", "AFV01X2", "AFV01X3");

  /** Every code the walk reads; other AFV markers need not reach it. */
  static final List<String> RELEVANT_CODES = relevantCodes();

  /** One AFV marker of the episode; {@code time} is the normalised {@code HH:MM:SS}. */
  record Marker(String code, LocalDate date, String time, String markoer, String tidspunkt) {}

  /**
   * One clock. {@code stop} is the stopping or ending marker (null while running at the cut-off);
   * {@code reason} is the pause type covering most of the clock's days (null without pauses); {@code singleStart}:
   * an EFT clock started by only one of {@code AFV01E3} and {@code AFV01C9}.
   */
  record Clock(Rule rule, Marker start, Marker stop, boolean endedByX, int ignoredStarts, int pauseDays,
      String reason, boolean unclosedPause, boolean overlappingPauses, boolean singleStart) {}

  /** The clocks of an episode and its stop markers that found no open clock to stop (SPEC §5: a WARNING). */
  record Result(List<Clock> clocks, List<Marker> strayStops) {}

  private record Pause(PauseType type, LocalDate start, LocalDate end) {}

  private static final class Running {
    final Rule rule;
    final Marker start;
    final boolean singleStart;
    int ignoredStarts;

    Running(Rule rule, Marker start, boolean singleStart) {
      this.rule = rule;
      this.start = start;
      this.singleStart = singleStart;
    }
  }

  /**
   * The EFT starts seen while no EFT clock runs: the first referral ({@code AFV01E3}) and the first consent
   * ({@code AFV01C9}). With both the clock starts at the later; with one only, it starts there when a stop, an end
   * or the cut-off comes first (SPEC §5, a WARNING).
   */
  private static final class EftStarts {
    Marker referral;
    Marker consent;

    /** Records a start; returns the clock when both are now present, else null. */
    Running add(Marker m) {
      referral = m.code().equals(EFT_REFERRAL) && referral == null ? m : referral;
      consent = m.code().equals(EFT_CONSENT) && consent == null ? m : consent;
      if (referral == null || consent == null) {
        return null;
      }
      clear();
      return new Running(Rule.EFT, m, false);
    }

    /** The clock of the one start present (null when none), and forget it. */
    Running single() {
      Marker only = referral != null ? referral : consent;
      clear();
      return only == null ? null : new Running(Rule.EFT, only, true);
    }

    void clear() {
      referral = null;
      consent = null;
    }
  }

  private record Stopped(Running clock, Marker stop, boolean endedByX) {}

  static final Comparator<Marker> ORDER = Comparator.comparing(Marker::date).thenComparing(Marker::time)
      .thenComparing(Marker::code).thenComparing(Marker::markoer);

  private ClockWalk() {}

  /** The clocks of one episode's markers (any order) at the given cut-off, and its stray stops. */
  static Result walk(List<Marker> markers, LocalDate cutoff) {
    List<Marker> ordered = new ArrayList<>(markers);
    ordered.sort(ORDER);
    PauseIndex pauses = new PauseIndex(pauses(ordered));
    List<Marker> strayStops = new ArrayList<>();
    List<Clock> clocks = new ArrayList<>();
    for (Stopped s : clocks(ordered, strayStops)) {
      LocalDate end = s.stop() == null ? cutoff : s.stop().date();
      clocks.add(pauses.clock(s, s.clock().start.date(), end));
    }
    return new Result(clocks, strayStops);
  }

  /**
   * The start/stop walk: returns every clock, stopped, ended by X or still running (stop null), and adds to
   * {@code strayStops} each stop marker that stopped nothing.
   */
  private static List<Stopped> clocks(List<Marker> ordered, List<Marker> strayStops) {
    Map<Rule, Running> running = new EnumMap<>(Rule.class);
    List<Stopped> done = new ArrayList<>();
    EftStarts eft = new EftStarts();
    for (Marker m : ordered) {
      String code = m.code();
      if (SIMPLE_STARTS.containsKey(code)) {
        start(running, SIMPLE_STARTS.get(code), m);
      } else if (code.equals(EFT_REFERRAL) || code.equals(EFT_CONSENT)) {
        if (running.containsKey(Rule.EFT)) {
          running.get(Rule.EFT).ignoredStarts++;
        } else {
          startIfAny(running, eft.add(m));
        }
      } else if (STOPS.containsKey(code)) {
        if (STOPS.get(code).contains(Rule.EFT) && !running.containsKey(Rule.EFT)) {
          startIfAny(running, eft.single());
        }
        boolean stopped = false;
        for (Rule rule : STOPS.get(code)) {
          Running r = running.remove(rule);
          if (r != null) {
            done.add(new Stopped(r, m, false));
            stopped = true;
          }
        }
        if (!stopped) {
          strayStops.add(m);
        }
      } else if (ENDS.contains(code)) {
        if (!running.containsKey(Rule.EFT)) {
          startIfAny(running, eft.single());
        }
        for (Running r : running.values()) {
          done.add(new Stopped(r, m, true));
        }
        running.clear();
      }
    }
    if (!running.containsKey(Rule.EFT)) {
      startIfAny(running, eft.single());
    }
    for (Running r : running.values()) {
      done.add(new Stopped(r, null, false));
    }
    return done;
  }

  private static void start(Map<Rule, Running> running, Rule rule, Marker m) {
    Running r = running.get(rule);
    if (r != null) {
      r.ignoredStarts++;
    } else {
      running.put(rule, new Running(rule, m, false));
    }
  }

  private static void startIfAny(Map<Rule, Running> running, Running clock) {
    if (clock != null) {
      running.put(clock.rule, clock);
    }
  }

  /**
   * Pause intervals of the episode, paired per type: a start opens one (a second start of an open type is part
   * of the same pause), an end closes it, an end without a start is ignored; an unclosed pause has end null.
   */
  private static List<Pause> pauses(List<Marker> ordered) {
    Map<PauseType, LocalDate> open = new LinkedHashMap<>();
    List<Pause> pauses = new ArrayList<>();
    for (Marker m : ordered) {
      for (PauseType type : PauseType.values()) {
        if (m.code().equals(type.startCode)) {
          open.putIfAbsent(type, m.date());
        } else if (m.code().equals(type.endCode) && open.containsKey(type)) {
          pauses.add(new Pause(type, open.remove(type), m.date()));
        }
      }
    }
    open.forEach((type, start) -> pauses.add(new Pause(type, start, null)));
    return pauses;
  }

  /**
   * The pauses of an episode as sorted, disjoint intervals of the days they cover (a pause covers its start day up
   * to, not including, its end day; an unclosed one runs on, so a clock window clips it to its own end): the days
   * covered by any pause, by two or more at once, and by each type. A clock's pause figures are then a few binary
   * searches, so an episode with very many clocks and pauses stays linear (issue #16: a person with 200,000
   * markers).
   */
  private static final class PauseIndex {
    /** An unclosed pause's end: after every clock window. */
    private static final long OPEN = Long.MAX_VALUE / 4;

    private final Coverage any;
    private final Coverage twice;
    private final Map<PauseType, Coverage> byType = new EnumMap<>(PauseType.class);
    /** The earliest start of an unclosed pause ({@link #OPEN} when every pause is closed). */
    private final long firstUnclosed;

    PauseIndex(List<Pause> pauses) {
      List<long[]> all = new ArrayList<>();
      long unclosed = OPEN;
      for (Pause p : pauses) {
        long start = p.start().toEpochDay();
        long end = p.end() == null ? OPEN : p.end().toEpochDay();
        if (p.end() == null) {
          unclosed = Math.min(unclosed, start);
        }
        all.add(new long[] {start, end, p.type().ordinal()});
      }
      any = Coverage.of(all, 1);
      twice = Coverage.of(all, 2);
      for (PauseType type : PauseType.values()) {
        byType.put(type, Coverage.of(all.stream().filter(i -> i[2] == type.ordinal()).toList(), 1));
      }
      firstUnclosed = unclosed;
    }

    /**
     * The clock with the pause figures of its window [from, to): the union of the pause days in it, the type
     * whose own union covers most of them (ties go to the earlier type of {@link PauseType}), whether an unclosed
     * pause reaches into it and whether two pauses overlap in it.
     */
    Clock clock(Stopped s, LocalDate from, LocalDate to) {
      long lo = from.toEpochDay();
      long hi = to.toEpochDay();
      PauseType best = null;
      long bestDays = 0;
      for (PauseType type : PauseType.values()) {
        long d = byType.get(type).days(lo, hi);
        if (d > bestDays) {
          best = type;
          bestDays = d;
        }
      }
      boolean unclosed = lo < hi && firstUnclosed < hi;
      return new Clock(s.clock().rule, s.clock().start, s.stop(), s.endedByX(), s.clock().ignoredStarts,
          (int) any.days(lo, hi), best == null ? null : best.reason, unclosed, twice.days(lo, hi) > 0,
          s.clock().singleStart);
    }
  }

  /** Sorted, disjoint half-open intervals [from, to) with the running total of their lengths. */
  private record Coverage(long[] from, long[] to, long[] before) {

    /** The days that at least {@code depth} of the intervals ({start, end, ...}) cover, by a sweep over their ends. */
    static Coverage of(List<long[]> intervals, int depth) {
      long[][] events = new long[intervals.size() * 2][];
      int n = 0;
      for (long[] i : intervals) {
        if (i[0] < i[1]) {
          events[n++] = new long[] {i[0], 1};
          events[n++] = new long[] {i[1], -1};
        }
      }
      long[][] sorted = java.util.Arrays.copyOf(events, n);
      java.util.Arrays.sort(sorted, Comparator.comparingLong(e -> e[0]));
      List<long[]> covered = new ArrayList<>();
      int level = 0;
      long openedAt = 0;
      int k = 0;
      while (k < n) {
        long day = sorted[k][0];
        boolean wasCovered = level >= depth;
        while (k < n && sorted[k][0] == day) {
          level += (int) sorted[k][1];
          k++;
        }
        boolean isCovered = level >= depth;
        if (!wasCovered && isCovered) {
          openedAt = day;
        } else if (wasCovered && !isCovered) {
          covered.add(new long[] {openedAt, day});
        }
      }
      long[] from = new long[covered.size()];
      long[] to = new long[covered.size()];
      long[] before = new long[covered.size() + 1];
      for (int c = 0; c < covered.size(); c++) {
        from[c] = covered.get(c)[0];
        to[c] = covered.get(c)[1];
        before[c + 1] = before[c] + to[c] - from[c];
      }
      return new Coverage(from, to, before);
    }

    /** The covered days within [lo, hi). */
    long days(long lo, long hi) {
      if (lo >= hi || from.length == 0) {
        return 0;
      }
      int i = firstEndingAfter(lo);
      int j = firstStartingAtOrAfter(hi);
      if (i >= j) {
        return 0;
      }
      return before[j] - before[i] - (Math.max(lo, from[i]) - from[i]) - (to[j - 1] - Math.min(hi, to[j - 1]));
    }

    private int firstEndingAfter(long day) {
      int lo = 0;
      int hi = to.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (to[mid] > day) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }

    private int firstStartingAtOrAfter(long day) {
      int lo = 0;
      int hi = from.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (from[mid] >= day) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }
  }

  private static List<String> relevantCodes() {
    List<String> codes = new ArrayList<>(SIMPLE_STARTS.keySet());
    codes.addAll(STOPS.keySet());
    codes.addAll(ENDS);
    codes.add(EFT_REFERRAL);
    codes.add(EFT_CONSENT);
    for (PauseType type : PauseType.values()) {
      codes.add(type.startCode);
      codes.add(type.endCode);
    }
    return codes.stream().sorted().toList();
  }
}
