package dk.pathwatch.disclosure;

import dk.pathwatch.disclosure.IntervalAudit.Interval;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Protects a {@link LinearTable}: secondary suppression by {@link GaussSuppression}, then the attacker's
 * {@link IntervalAudit}, sub-table by sub-table. Where the audit still finds a hidden cell pinned to one value by
 * the bounds (a primary 1 beside a secondary 5 that together make a known 6, a 0 % share total), the smallest shown
 * cell of a relation through that cell that leaves room to move is suppressed as well and both steps run again,
 * until nothing is pinned (the interval protection of Statistics Norway's GaussSuppression works the same way).
 *
 * <p>Some cells cannot be protected by any suppression: those pinned even with every cell hidden that may be
 * hidden (hiding more only widens what the attacker must allow), as four regions of 1 under a national total of 4 —
 * the flags say each is 1–4 and the total at most 4. Bound propagation over that all-hidden table finds them; they
 * are reported as {@code unprotectable}, apart from the cells a better suppression would have protected (and so
 * are pinned cells for which no shown cell is left to hide).
 */
public final class Protection {
  /** Rounds of fixing per sub-table before giving up (each round hides at least one more cell). */
  static final int MAX_ROUNDS = 500;
  /**
   * A cell still pinned after this many rounds with one more cell hidden for it gets two in the next round, then
   * three, …: in a table mostly hidden already (1M pathways), one nearest small cell per round took up to 270 rounds
   * to reach the cells that free it. Growing by one keeps the cells hidden within 0.4 % of one at a time there
   * (doubling cost 3 %).
   */
  static final int SINGLE_TRIES = 3;

  /** Why a cell is hidden. */
  public enum Flag { PRIMARY, SECONDARY }

  /**
   * What protection decided for the whole table, by cell index of the table given: the flags, the hidden cells an
   * attacker recovers exactly ({@code exact}: a suppression could have protected them; {@code unprotectable}: the
   * flags and margins give them away whatever is hidden), how many hidden cells the audit checked, and the hidden
   * cell with the narrowest range apart from the unprotectable ones ({@code narrowestCell} -1 when there is none).
   * The range of every hidden cell ({@link #intervals()}) is computed only when asked: publication needs only the
   * figures above.
   */
  public record Outcome(Map<Integer, Flag> flags, List<Integer> exact, List<Integer> unprotectable, int subTables,
      int rounds, long checked, int narrowestCell, long narrowestWidth, Ranges ranges) {

    /** The attacker's range of every hidden cell, computed from scratch by the full audit. */
    public Map<Integer, Interval> intervals() {
      return ranges.get();
    }
  }

  /** The full audit's ranges of an outcome, computed once when first asked. */
  public static final class Ranges {
    private final java.util.function.Supplier<Map<Integer, Interval>> compute;
    private Map<Integer, Interval> ranges;

    Ranges(java.util.function.Supplier<Map<Integer, Interval>> compute) {
      this.compute = compute;
    }

    synchronized Map<Integer, Interval> get() {
      if (ranges == null) {
        ranges = Map.copyOf(compute.get());
      }
      return ranges;
    }
  }

  private Protection() {}

  public static Outcome protect(LinearTable table) {
    return protect(table, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #protect(LinearTable)} on {@code threads} threads: the outcome is the same whatever their number. */
  static Outcome protect(LinearTable table, int threads) {
    Map<Integer, Flag> flags = new HashMap<>();
    List<Integer> exact = new ArrayList<>();
    List<Integer> unprotectable = new ArrayList<>();
    int subTables = 0;
    int rounds = 0;
    long checked = 0;
    int narrowestCell = -1;
    long narrowestWidth = -1;
    // the sub-tables share no relation: each is protected on its own, in parallel, and merged in order
    List<LinearTable> parts = table.components();
    List<Sub> done = inParallel(parts, threads, new IntervalAudit.NarrowestSoFar());
    for (int i = 0; i < parts.size(); i++) {
      LinearTable t = parts.get(i);
      Sub s = done.get(i);
      if (s == null) {
        continue;
      }
      BitSet primary = s.primary;
      subTables++;
      rounds += s.rounds;
      checked += s.suppressed.cardinality();
      for (int c = s.suppressed.nextSetBit(0); c >= 0; c = s.suppressed.nextSetBit(c + 1)) {
        flags.put(t.origin(c), primary.get(c) ? Flag.PRIMARY : Flag.SECONDARY);
      }
      for (int c : s.exact) {
        (s.unprotectable.contains(c) ? unprotectable : exact).add(t.origin(c));
      }
      if (s.narrowest != null && (narrowestCell < 0 || narrower(s.narrowest.width(), t.key(s.narrowest.cell()),
          narrowestWidth, table.key(narrowestCell)))) {
        narrowestCell = t.origin(s.narrowest.cell());
        narrowestWidth = s.narrowest.width();
      }
    }
    exact.sort(null);
    unprotectable.sort(null);
    return new Outcome(flags, exact, unprotectable, subTables, rounds, checked, narrowestCell, narrowestWidth,
        new Ranges(() -> ranges(parts, done)));
  }

  /** Whether a range of width w at cell key is narrower than width w0 at key0 (the smaller key among equals). */
  public static boolean narrower(long w, String key, long w0, String key0) {
    return w < w0 || (w == w0 && key.compareTo(key0) < 0);
  }

  /** The full audit of every protected sub-table, by cell index of the whole table. */
  private static Map<Integer, Interval> ranges(List<LinearTable> parts, List<Sub> done) {
    Map<Integer, Interval> out = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      LinearTable t = parts.get(i);
      Sub s = done.get(i);
      if (s != null) {
        IntervalAudit.intervals(t, s.suppressed, s.primary).forEach((c, iv) -> out.put(t.origin(c), iv));
      }
    }
    return out;
  }

  /**
   * Each sub-table protected on its own, on every core (the largest first, so that one large sub-table does not
   * run alone at the end), the results in the order of the sub-tables.
   */
  private static List<Sub> inParallel(List<LinearTable> parts, int cores, IntervalAudit.NarrowestSoFar soFar) {
    int threads = Math.max(1, Math.min(parts.size(), cores));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(r, "disclosure-protection");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.<Integer>comparingInt(i -> parts.get(i).size()).reversed());
      Map<Integer, Future<Sub>> futures = new HashMap<>();
      for (int i : order) {
        futures.put(i, pool.submit(() -> protectOne(parts.get(i), soFar)));
      }
      List<Sub> done = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        done.add(futures.get(i).get());
      }
      return done;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("disclosure protection interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The audit alone, of a suppression decided elsewhere (e.g. another method's output): the range of every hidden
   * cell and the cells recovered exactly.
   */
  public static Outcome audit(LinearTable table, Map<Integer, Flag> flags) {
    BitSet suppressed = new BitSet();
    BitSet primary = new BitSet();
    flags.forEach((c, f) -> {
      suppressed.set(c);
      if (f == Flag.PRIMARY) {
        primary.set(c);
      }
    });
    Map<Integer, Interval> intervals = IntervalAudit.intervals(table, suppressed, primary);
    List<Integer> exact = intervals.entrySet().stream().filter(e -> e.getValue().exact()).map(Map.Entry::getKey)
        .sorted().toList();
    int narrowestCell = -1;
    long narrowestWidth = -1;
    for (Map.Entry<Integer, Interval> e : intervals.entrySet()) {
      if (narrowestCell < 0 || narrower(e.getValue().width(), table.key(e.getKey()), narrowestWidth,
          table.key(narrowestCell))) {
        narrowestCell = e.getKey();
        narrowestWidth = e.getValue().width();
      }
    }
    return new Outcome(flags, exact, List.of(), 1, 0, intervals.size(), narrowestCell, narrowestWidth,
        new Ranges(() -> intervals));
  }

  /**
   * One protected sub-table: its suppression, the hidden cells exact under it and those of them no suppression can
   * protect, and the narrowest range apart from those.
   */
  private record Sub(BitSet primary, BitSet suppressed, List<Integer> exact, Set<Integer> unprotectable,
      IntervalAudit.Narrowest narrowest, int rounds) {}

  /** The protection of one sub-table, or null when it has no primary cell. */
  private static Sub protectOne(LinearTable t, IntervalAudit.NarrowestSoFar soFar) {
    BitSet primary = new BitSet();
    for (int c = 0; c < t.size(); c++) {
      if (t.primary(c)) {
        primary.set(c);
      }
    }
    return primary.isEmpty() ? null : protectOne(t, primary, soFar);
  }

  private static Sub protectOne(LinearTable t, BitSet primary, IntervalAudit.NarrowestSoFar soFar) {
    BitSet protect = (BitSet) primary.clone();
    Set<Integer> unprotectable = new LinkedHashSet<>();
    GaussSuppression.Basis basis = new GaussSuppression.Basis(t);
    BitSet knownZero = basis.knownZero;
    // pinned whatever is hidden: exact in every round, no proof needed (and no suppression protects them)
    BitSet pinnedAnyway = new BitSet();
    IntervalAudit.pinnedByPropagation(t, hideable(t, knownZero), primary).forEach(pinnedAnyway::set);
    // Hidden cells stay hidden from round to round, so that a cell once seen to move needs no second proof
    BitSet hidden = new BitSet();
    BitSet moving = new BitSet();
    // why the cells found exact by programs could not move, for the next rounds
    Map<Integer, IntervalAudit.Certificate[]> certificates = new HashMap<>();
    // states of the audit's elimination that the next rounds' new hidden cells leave unchanged
    IntervalAudit.Eliminations eliminations = null;
    // per pinned cell, the rounds in which cells were hidden for it
    Map<Integer, Integer> fixes = new HashMap<>();
    for (int round = 1; ; round++) {
      BitSet suppressed = (BitSet) protect.clone();
      suppressed.or(basis.secondary(protect));
      suppressed.or(hidden);
      hidden = suppressed;
      if (eliminations == null) {
        eliminations = IntervalAudit.Eliminations.byShownCells(t, suppressed);
      }
      IntervalAudit.Check check = IntervalAudit.check(t, suppressed, primary, moving, pinnedAnyway, certificates,
          eliminations);
      List<Integer> pinned = check.exact().stream()
          .filter(c -> !unprotectable.contains(c)).sorted(Comparator.comparing(t::key)).toList();
      boolean added = false;
      Set<Integer> touched = new HashSet<>();
      for (int c : pinned) {
        if (pinnedAnyway.get(c)) {
          unprotectable.add(c);
          continue;
        }
        if (t.relationsOf(c).stream().anyMatch(touched::contains)) {
          continue; // a cell hidden this round for a neighbour may free it too: look again next round
        }
        int tries = fixes.merge(c, 1, Integer::sum);
        int want = Math.max(1, tries - SINGLE_TRIES + 1);
        List<Integer> extras = round >= MAX_ROUNDS ? List.of() : roomyNeighbours(t, c, suppressed, knownZero, want);
        if (extras.isEmpty()) {
          unprotectable.add(c);
          continue;
        }
        touched.addAll(t.relationsOf(c));
        for (int extra : extras) {
          protect.set(extra);
          suppressed.set(extra);
          touched.addAll(t.relationsOf(extra));
        }
        added = true;
      }
      if (!added) {
        return finish(t, primary, suppressed, check, unprotectable, round, soFar);
      }
    }
  }

  /**
   * The outcome of a sub-table from the last round's check, which saw every hidden cell: each cell is either proven
   * to move (now or under a smaller suppression of an earlier round, a proof that still holds) or in its exact
   * list; no second audit from scratch is needed. Only the narrowest range is computed, among the cells that are
   * neither exact (width 0: the narrowest if any is recoverable) nor unprotectable, and only where it may be the
   * narrowest of the whole table ({@code soFar}: the other sub-tables'); else the sub-table's narrowest is null.
   */
  private static Sub finish(LinearTable t, BitSet primary, BitSet suppressed, IntervalAudit.Check check,
      Set<Integer> unprotectable, int rounds, IntervalAudit.NarrowestSoFar soFar) {
    IntervalAudit.Narrowest narrowest = check.exact().stream().filter(c -> !unprotectable.contains(c))
        .min(Comparator.comparing(t::key)).map(c -> new IntervalAudit.Narrowest(c, 0)).orElse(null);
    if (narrowest == null) {
      Set<Integer> exact = new HashSet<>(check.exact());
      List<Integer> moving = suppressed.stream().filter(c -> !exact.contains(c)).boxed().toList();
      narrowest = check.narrowest(moving, soFar);
    }
    if (narrowest != null) {
      soFar.offer(narrowest.width(), t.key(narrowest.cell()));
    }
    return new Sub(primary, suppressed, check.exact(), unprotectable, narrowest, rounds);
  }

  /** Every published cell that may be hidden at all (not a zero count, not a share that does not exist). */
  private static BitSet hideable(LinearTable t, BitSet knownZero) {
    BitSet all = new BitSet();
    for (int c = 0; c < t.size(); c++) {
      if (t.published(c) && !t.fixed(c) && !knownZero.get(c)) {
        all.set(c);
      }
    }
    return all;
  }

  /**
   * The {@code n} shown cells to hide so that a pinned cell gets room: searching outwards from the cell through
   * relations and hidden cells (only those carry the attacker's reasoning to it), in the nearest relations that
   * have one, the least aggregated, smallest shown cells whose value is not at the bound its flag would give (a
   * secondary 5 beside a primary 1 would pin it again); then the next nearest relations when those are too few.
   * Empty when no shown cell is connected.
   */
  private static List<Integer> roomyNeighbours(LinearTable t, int c, BitSet suppressed, BitSet knownZero, int n) {
    List<Integer> out = new ArrayList<>();
    Set<Integer> seenRelations = new HashSet<>();
    Set<Integer> seenCells = new HashSet<>(List.of(c));
    List<Integer> frontier = List.of(c);
    while (!frontier.isEmpty()) {
      List<Integer> shown = new ArrayList<>();
      List<Integer> next = new ArrayList<>();
      for (int h : frontier) {
        for (int r : t.relationsOf(h)) {
          if (!seenRelations.add(r)) {
            continue;
          }
          for (int x : t.relationCells(r)) {
            boolean hidden = suppressed.get(x) || !t.published(x);
            if (!hidden) {
              shown.add(x);
            } else if (seenCells.add(x)) {
              next.add(x);
            }
          }
        }
      }
      for (int x : best(t, shown, suppressed, knownZero)) {
        if (out.size() < n && !out.contains(x)) {
          out.add(x);
        }
      }
      if (out.size() >= n) {
        return out;
      }
      frontier = next;
    }
    return out;
  }

  private static List<Integer> best(LinearTable t, List<Integer> cells, BitSet suppressed, BitSet knownZero) {
    Comparator<Integer> order = Comparator.<Integer>comparingInt(x -> atBound(t, x) ? 1 : 0)
        .thenComparingInt(t::level).thenComparingLong(t::value).thenComparing(t::key);
    return cells.stream()
        .filter(x -> t.published(x) && !suppressed.get(x) && !knownZero.get(x) && !t.fixed(x))
        .sorted(order).toList();
  }

  /** Whether hiding the cell (as secondary) would put it at the bound its flag gives. */
  private static boolean atBound(LinearTable t, int x) {
    long[] b = IntervalAudit.bounds(t, x, false);
    return t.value(x) <= b[0] || t.value(x) >= b[1];
  }
}
