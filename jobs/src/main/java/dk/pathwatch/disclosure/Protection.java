package dk.pathwatch.disclosure;

import dk.pathwatch.disclosure.IntervalAudit.Interval;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects a {@link LinearTable}: secondary suppression by {@link GaussSuppression}, then the attacker's
 * {@link IntervalAudit}, sub-table by sub-table. Where the audit still finds a hidden cell pinned to one value by
 * the bounds (a primary 1 beside a secondary 5 that together make a known 6, a 0 % share total), the smallest shown
 * cell of a relation through that cell that leaves room to move is suppressed as well and both steps run again,
 * until nothing is pinned (the interval protection of Statistics Norway's GaussSuppression works the same way).
 *
 * <p>Some cells cannot be protected by any suppression: when one relation alone pins them whatever is hidden, as
 * four regions of 1 under a national total of 4 (the flags say every one is 1–4 and the total at most 4). Those are
 * reported as {@code unprotectable}; the audit's own result is the final word on every cell.
 */
public final class Protection {
  private static final Logger LOG = LoggerFactory.getLogger(Protection.class);
  /** Rounds of fixing per sub-table before giving up (each round hides at least one more cell). */
  static final int MAX_ROUNDS = 500;

  /** Why a cell is hidden. */
  public enum Flag { PRIMARY, SECONDARY }

  /** What protection decided for the whole table, by cell index of the table given. */
  public record Outcome(Map<Integer, Flag> flags, Map<Integer, Interval> intervals, List<Integer> exact,
      List<Integer> unprotectable, int subTables, int rounds) {

    /** The narrowest range of a hidden cell (its width, hi − lo), or -1 when nothing is hidden. */
    public long narrowest() {
      return intervals.values().stream().mapToLong(Interval::width).min().orElse(-1);
    }
  }

  private Protection() {}

  public static Outcome protect(LinearTable table) {
    Map<Integer, Flag> flags = new HashMap<>();
    Map<Integer, Interval> intervals = new HashMap<>();
    List<Integer> exact = new ArrayList<>();
    List<Integer> unprotectable = new ArrayList<>();
    int subTables = 0;
    int rounds = 0;
    for (LinearTable t : table.components()) {
      BitSet primary = new BitSet();
      for (int c = 0; c < t.size(); c++) {
        if (t.primary(c)) {
          primary.set(c);
        }
      }
      if (primary.isEmpty()) {
        continue;
      }
      subTables++;
      Sub s = protectOne(t, primary);
      rounds += s.rounds;
      for (int c = s.suppressed.nextSetBit(0); c >= 0; c = s.suppressed.nextSetBit(c + 1)) {
        flags.put(t.origin(c), primary.get(c) ? Flag.PRIMARY : Flag.SECONDARY);
      }
      s.intervals.forEach((c, iv) -> intervals.put(t.origin(c), iv));
      s.intervals.forEach((c, iv) -> {
        if (iv.exact()) {
          (s.unprotectable.contains(c) ? unprotectable : exact).add(t.origin(c));
        }
      });
    }
    return new Outcome(flags, intervals, exact, unprotectable, subTables, rounds);
  }

  private record Sub(BitSet suppressed, Map<Integer, Interval> intervals, Set<Integer> unprotectable, int rounds) {}

  private static Sub protectOne(LinearTable t, BitSet primary) {
    BitSet protect = (BitSet) primary.clone();
    Set<Integer> unprotectable = new LinkedHashSet<>();
    BitSet knownZero = GaussSuppression.knownZeros(t);
    for (int round = 1; ; round++) {
      BitSet suppressed = (BitSet) protect.clone();
      suppressed.or(GaussSuppression.secondary(t, protect));
      Map<Integer, Interval> intervals = IntervalAudit.intervals(t, suppressed, primary);
      List<Integer> pinned = intervals.entrySet().stream()
          .filter(e -> e.getValue().exact() && !unprotectable.contains(e.getKey()))
          .map(Map.Entry::getKey).sorted().toList();
      boolean added = false;
      Set<Integer> touched = new java.util.HashSet<>();
      for (int c : pinned) {
        if (pinnedWhateverIsHidden(t, c, primary, knownZero)) {
          unprotectable.add(c);
          continue;
        }
        if (t.relationsOf(c).stream().anyMatch(touched::contains)) {
          continue; // a cell hidden this round for a neighbour may free it too: look again next round
        }
        int extra = roomyNeighbour(t, c, suppressed, knownZero);
        if (extra < 0 || round >= MAX_ROUNDS) {
          unprotectable.add(c);
        } else {
          protect.set(extra);
          suppressed.set(extra);
          touched.addAll(t.relationsOf(c));
          touched.addAll(t.relationsOf(extra));
          added = true;
        }
      }
      if (!added) {
        if (!unprotectable.isEmpty()) {
          LOG.warn("disclosure: {} cell(s) cannot be protected by suppression, e.g. {}", unprotectable.size(),
              t.key(unprotectable.iterator().next()));
        }
        return new Sub(suppressed, intervals, unprotectable, round);
      }
    }
  }

  /**
   * Whether one relation through the cell pins it even if every cell that may be hidden were hidden: then no
   * suppression can protect it (e.g. a primary total 4 over four primary parts, each at least 1).
   */
  static boolean pinnedWhateverIsHidden(LinearTable t, int c, BitSet primary, BitSet knownZero) {
    long[] own = IntervalAudit.bounds(t, c, primary.get(c));
    for (int r : t.relationsOf(c)) {
      int[] cells = t.relationCells(r);
      long[] coefs = t.relationCoefs(r);
      int at = indexOf(cells, c);
      // a·c = −Σ b·x: the range of −Σ b·x over every other cell's widest possible bounds
      double lo = 0;
      double hi = 0;
      for (int i = 0; i < cells.length; i++) {
        if (i == at) {
          continue;
        }
        long[] b = knownZero.get(cells[i]) || t.fixed(cells[i]) ? new long[] {t.value(cells[i]), t.value(cells[i])}
            : IntervalAudit.bounds(t, cells[i], primary.get(cells[i]));
        double bLo = b[0];
        double bHi = b[1] == IntervalAudit.UNBOUNDED ? Double.POSITIVE_INFINITY : b[1];
        double k = -coefs[i] / (double) coefs[at];
        lo += k > 0 ? k * bLo : k * bHi;
        hi += k > 0 ? k * bHi : k * bLo;
      }
      double from = Math.max(own[0], Math.ceil(lo - 1e-9));
      double to = Math.min(own[1] == IntervalAudit.UNBOUNDED ? Double.POSITIVE_INFINITY : own[1],
          Math.floor(hi + 1e-9));
      if (from == to) {
        return true;
      }
    }
    return false;
  }

  /**
   * The shown cell to hide so that a pinned cell gets room: in a relation through the cell (else through a hidden
   * cell of those relations), the least aggregated, smallest shown cell whose value is not at the bound its flag
   * would give (a secondary 5 beside a primary 1 would pin it again); failing that any such shown cell.
   */
  private static int roomyNeighbour(LinearTable t, int c, BitSet suppressed, BitSet knownZero) {
    List<Integer> near = new ArrayList<>();
    Set<Integer> hiddenNear = new LinkedHashSet<>();
    for (int r : t.relationsOf(c)) {
      for (int x : t.relationCells(r)) {
        near.add(x);
        if (x != c && (suppressed.get(x) || !t.published(x))) {
          hiddenNear.add(x);
        }
      }
    }
    int best = best(t, near, suppressed, knownZero);
    if (best >= 0) {
      return best;
    }
    List<Integer> further = new ArrayList<>();
    for (int h : hiddenNear) {
      for (int r : t.relationsOf(h)) {
        for (int x : t.relationCells(r)) {
          further.add(x);
        }
      }
    }
    return best(t, further, suppressed, knownZero);
  }

  private static int best(LinearTable t, List<Integer> cells, BitSet suppressed, BitSet knownZero) {
    Comparator<Integer> order = Comparator.<Integer>comparingInt(x -> atBound(t, x) ? 1 : 0)
        .thenComparingInt(t::level).thenComparingLong(t::value).thenComparing(t::key);
    return cells.stream()
        .filter(x -> t.published(x) && !suppressed.get(x) && !knownZero.get(x) && !t.fixed(x))
        .min(order).orElse(-1);
  }

  /** Whether hiding the cell (as secondary) would put it at the bound its flag gives. */
  private static boolean atBound(LinearTable t, int x) {
    long[] b = IntervalAudit.bounds(t, x, false);
    return t.value(x) <= b[0] || t.value(x) >= b[1];
  }

  private static int indexOf(int[] cells, int c) {
    for (int i = 0; i < cells.length; i++) {
      if (cells[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
