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

  private record Span(long from, long to, PauseType type) {}

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
    List<Pause> pauses = pauses(ordered);
    List<Marker> strayStops = new ArrayList<>();
    List<Clock> clocks = new ArrayList<>();
    for (Stopped s : clocks(ordered, strayStops)) {
      LocalDate end = s.stop() == null ? cutoff : s.stop().date();
      clocks.add(withPauses(s, pauses, s.clock().start.date(), end));
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
   * Pause days of the clock window [from, to): the union of the pauses clipped to it (a pause covers its start
   * day up to, not including, its end day; an unclosed one runs to the window's end).
   */
  private static Clock withPauses(Stopped s, List<Pause> pauses, LocalDate from, LocalDate to) {
    long lo = from.toEpochDay();
    long hi = to.toEpochDay();
    List<Span> spans = new ArrayList<>();
    boolean unclosed = false;
    for (Pause p : pauses) {
      long start = Math.max(p.start().toEpochDay(), lo);
      long end = Math.min(p.end() == null ? hi : p.end().toEpochDay(), hi);
      if (start < end) {
        spans.add(new Span(start, end, p.type()));
        unclosed |= p.end() == null;
      }
    }
    spans.sort(Comparator.comparingLong(Span::from).thenComparingLong(Span::to));
    boolean overlapping = false;
    for (int i = 1; i < spans.size(); i++) {
      for (int j = 0; j < i; j++) {
        overlapping |= spans.get(i).from() < spans.get(j).to();
      }
    }
    return new Clock(s.clock().rule, s.clock().start, s.stop(), s.endedByX(), s.clock().ignoredStarts,
        (int) unionDays(spans), reason(spans), unclosed, overlapping, s.clock().singleStart);
  }

  private static long unionDays(List<Span> sorted) {
    long total = 0;
    long coveredTo = Long.MIN_VALUE;
    for (Span span : sorted) {
      long from = Math.max(span.from(), coveredTo);
      if (span.to() > from) {
        total += span.to() - from;
        coveredTo = span.to();
      }
    }
    return total;
  }

  /** The pause type whose own union covers most days; ties go to the earlier type of {@link PauseType}. */
  private static String reason(List<Span> sorted) {
    PauseType best = null;
    long bestDays = 0;
    for (PauseType type : PauseType.values()) {
      long d = unionDays(sorted.stream().filter(s -> s.type() == type).toList());
      if (d > bestDays) {
        best = type;
        bestDays = d;
      }
    }
    return best == null ? null : best.reason;
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
