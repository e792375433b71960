package dk.pathwatch.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.disclosure.IntervalAudit.Interval;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The audit against brute force: on small random tables (a national total over four regions, each region split in
 * two pathways) with random hidden cells, every integer assignment of the hidden cells within their flag's bounds is
 * tried; the smallest and largest value each hidden cell takes in a consistent assignment must be the audit's range.
 */
class IntervalAuditTest {
  private static final int SEARCH = 60;

  @Test
  void rangesAreThoseOfEveryConsistentWholeNumberAssignment() {
    Random rnd = new Random(5);
    int compared = 0;
    int exact = 0;
    int carried = 0;
    for (int trial = 0; trial < 300; trial++) {
      LinearTable t = new LinearTable();
      // cells 0..3 regions × pathway a, 4..7 pathway b, 8..11 region totals, 12 national
      long[] a = new long[4];
      long[] b = new long[4];
      for (int r = 0; r < 4; r++) {
        a[r] = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(7);
        b[r] = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(7);
      }
      int[] ca = new int[4];
      int[] cb = new int[4];
      int[] ct = new int[4];
      long national = 0;
      for (int r = 0; r < 4; r++) {
        ca[r] = t.count("a" + r, a[r], 0);
        cb[r] = t.count("b" + r, b[r], 0);
        national += a[r] + b[r];
      }
      for (int r = 0; r < 4; r++) {
        ct[r] = t.count("t" + r, a[r] + b[r], 1);
        t.sum(ct[r], List.of(ca[r], cb[r]));
      }
      int cn = t.count("national", national, 2);
      t.sum(cn, List.of(ct[0], ct[1], ct[2], ct[3]));
      BitSet hidden = new BitSet();
      BitSet primary = new BitSet();
      for (int c = 0; c < t.size(); c++) {
        long v = t.value(c);
        if (v >= 1 && v <= 4) {
          primary.set(c);
        }
        if (v > 0 && (primary.get(c) || rnd.nextInt(4) == 0) && hidden.cardinality() < 3) {
          hidden.set(c);
        }
      }
      primary.and(hidden);
      Map<Integer, Interval> audit = IntervalAudit.intervals(t, hidden, primary);
      long[][] brute = bruteForce(t, hidden, primary);
      for (int c = hidden.nextSetBit(0); c >= 0; c = hidden.nextSetBit(c + 1)) {
        long hi = brute[1][c] >= SEARCH ? IntervalAudit.UNBOUNDED : brute[1][c];
        assertEquals(new Interval(brute[0][c], hi), audit.get(c), "trial " + trial + " cell " + t.key(c));
        compared++;
        exact += audit.get(c).exact() ? 1 : 0;
      }
      assertEquals(IntervalAudit.exact(t, hidden, primary),
          audit.entrySet().stream().filter(e -> e.getValue().exact()).map(Map.Entry::getKey).sorted().toList(),
          "trial " + trial + ": the cheap exactness check agrees with the ranges");
      // the repair loop's shortcut: cells seen to move under a smaller suppression need no second proof
      BitSet before = (BitSet) hidden.clone();
      if (!hidden.isEmpty()) {
        before.clear(hidden.length() - 1);
      }
      BitSet moving = new BitSet();
      IntervalAudit.exact(t, before, primary, moving);
      assertEquals(IntervalAudit.exact(t, hidden, primary), IntervalAudit.exact(t, hidden, primary, moving),
          "trial " + trial + ": what moved under a smaller suppression still moves");
      carried += moving.cardinality();
    }
    assertTrue(compared > 500 && exact > 20 && carried > 50, "compared " + compared + ", exact " + exact
        + ", carried " + carried);
  }

  /** Per hidden cell the smallest and largest value over all consistent assignments (values up to SEARCH, above any total here). */
  private static long[][] bruteForce(LinearTable t, BitSet hidden, BitSet primary) {
    List<Integer> cells = new ArrayList<>();
    hidden.stream().forEach(cells::add);
    long[] lo = new long[t.size()];
    long[] hi = new long[t.size()];
    java.util.Arrays.fill(lo, Long.MAX_VALUE);
    java.util.Arrays.fill(hi, Long.MIN_VALUE);
    long[] v = new long[t.size()];
    for (int c = 0; c < t.size(); c++) {
      v[c] = t.value(c);
    }
    search(t, cells, 0, v, primary, lo, hi);
    return new long[][] {lo, hi};
  }

  private static void search(LinearTable t, List<Integer> cells, int k, long[] v, BitSet primary, long[] lo,
      long[] hi) {
    if (k == cells.size()) {
      for (int r = 0; r < t.relations(); r++) {
        long s = 0;
        for (int i = 0; i < t.relationCells(r).length; i++) {
          s += t.relationCoefs(r)[i] * v[t.relationCells(r)[i]];
        }
        if (s != 0) {
          return;
        }
      }
      for (int c : cells) {
        lo[c] = Math.min(lo[c], v[c]);
        hi[c] = Math.max(hi[c], v[c]);
      }
      return;
    }
    int c = cells.get(k);
    long[] b = IntervalAudit.bounds(t, c, primary.get(c));
    for (long x = b[0]; x <= Math.min(b[1], SEARCH); x++) {
      v[c] = x;
      search(t, cells, k + 1, v, primary, lo, hi);
    }
    v[c] = t.value(c);
  }
}
