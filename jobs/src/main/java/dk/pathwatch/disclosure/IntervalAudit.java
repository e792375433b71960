package dk.pathwatch.disclosure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The attacker's view of a protected table (as sdcTable's {@code attack()} computes it): for every suppressed cell
 * the smallest and largest value consistent with every published cell, the relations, and what the flags say — a
 * primary count is 1–4, a secondary count is at least 5 (1–4 would be primary and a zero is never hidden), a hidden
 * share's numerator lies between 0 and its denominator, a slack is not negative.
 *
 * <p>Linear algebra first: a relation left with one unknown determines it (repeated until nothing changes). What
 * remains is split into independent groups of unknowns, and for each suppressed cell two linear programs (ojAlgo)
 * give its range. The attacker knows counts are whole numbers, so the bounds are rounded inwards; a cell whose range
 * is one value is disclosed. The linear relaxation can only make the attacker weaker than integer reasoning where
 * the relaxed optimum is fractional, which the hierarchical sums here hardly allow.
 */
public final class IntervalAudit {
  static final long UNBOUNDED = Long.MAX_VALUE;
  private static final double EPS = 1e-6;

  /** A suppressed cell's range as the attacker computes it; {@code hi} is {@link #UNBOUNDED} when there is none. */
  public record Interval(long lo, long hi) {
    public boolean exact() {
      return lo == hi;
    }

    public long width() {
      return hi == UNBOUNDED ? UNBOUNDED : hi - lo;
    }
  }

  private IntervalAudit() {}

  /** The attacker's bounds of a hidden cell, from its kind and its flag. */
  static long[] bounds(LinearTable t, int c, boolean primary) {
    return switch (t.kind(c)) {
      case SLACK -> new long[] {0, UNBOUNDED};
      case SHARE -> new long[] {0, t.cap(c)};
      case COUNT -> primary ? new long[] {1, LinearTable.MAX_PRIMARY_COUNT}
          : new long[] {LinearTable.MAX_PRIMARY_COUNT + 1, UNBOUNDED};
    };
  }

  /**
   * The range of every suppressed cell.
   *
   * @param suppressed the published cells that are hidden
   * @param primary those of them flagged primary (the others are flagged secondary)
   */
  static Map<Integer, Interval> intervals(LinearTable t, BitSet suppressed, BitSet primary) {
    int n = t.size();
    long[][] bounds = new long[n][];
    boolean[] unknown = new boolean[n];
    for (int c = 0; c < n; c++) {
      if (suppressed.get(c) || !t.published(c)) {
        unknown[c] = true;
        bounds[c] = bounds(t, c, primary.get(c));
        if (t.value(c) < bounds[c][0] || t.value(c) > bounds[c][1]) {
          throw new IllegalStateException("disclosure audit: " + t.key(c) + " = " + t.value(c)
              + " lies outside what its flag tells (" + bounds[c][0] + ".." + bounds[c][1] + ")");
        }
      }
    }
    Map<Integer, Interval> result = new HashMap<>();
    List<int[]> rowCells = new ArrayList<>();
    List<long[]> rowCoefs = new ArrayList<>();
    List<Long> rowRhs = new ArrayList<>();
    determineByLinearAlgebra(t, unknown, result, rowCells, rowCoefs, rowRhs);
    for (List<Integer> group : groups(n, unknown, rowCells)) {
      solveGroup(t, group, bounds, suppressed, rowCells, rowCoefs, rowRhs, result);
    }
    return result;
  }

  /**
   * Substitutes what is known into the relations; a relation with one unknown left fixes it, which is then known.
   * Leaves the relations with two or more unknowns in the row lists.
   */
  private static void determineByLinearAlgebra(LinearTable t, boolean[] unknown, Map<Integer, Interval> result,
      List<int[]> rowCells, List<long[]> rowCoefs, List<Long> rowRhs) {
    long[] value = new long[t.size()];
    for (int c = 0; c < t.size(); c++) {
      value[c] = t.value(c);
    }
    boolean[] done = new boolean[t.relations()];
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int r = 0; r < t.relations(); r++) {
        if (done[r]) {
          continue;
        }
        int[] cells = t.relationCells(r);
        long[] coefs = t.relationCoefs(r);
        int left = -1;
        int count = 0;
        for (int i = 0; i < cells.length; i++) {
          if (unknown[cells[i]]) {
            left = i;
            count++;
          }
        }
        if (count <= 1) {
          done[r] = true;
        }
        if (count == 1) {
          int c = cells[left];
          unknown[c] = false;
          changed = true;
          if (t.published(c)) {
            result.put(c, new Interval(value[c], value[c]));
          }
        }
      }
    }
    for (int r = 0; r < t.relations(); r++) {
      if (done[r]) {
        continue;
      }
      int[] cells = t.relationCells(r);
      long[] coefs = t.relationCoefs(r);
      List<Integer> is = new ArrayList<>();
      List<Long> vs = new ArrayList<>();
      long rhs = 0;
      for (int i = 0; i < cells.length; i++) {
        if (unknown[cells[i]]) {
          is.add(cells[i]);
          vs.add(coefs[i]);
        } else {
          rhs -= coefs[i] * value[cells[i]];
        }
      }
      rowCells.add(is.stream().mapToInt(Integer::intValue).toArray());
      rowCoefs.add(vs.stream().mapToLong(Long::longValue).toArray());
      rowRhs.add(rhs);
    }
  }

  /** Unknown cells connected through the remaining relations; an unknown in no relation is a group of its own. */
  private static List<List<Integer>> groups(int n, boolean[] unknown, List<int[]> rowCells) {
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int[] cells : rowCells) {
      for (int i = 1; i < cells.length; i++) {
        int a = root(parent, cells[0]);
        int b = root(parent, cells[i]);
        parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    Map<Integer, List<Integer>> byRoot = new HashMap<>();
    for (int c = 0; c < n; c++) {
      if (unknown[c]) {
        byRoot.computeIfAbsent(root(parent, c), k -> new ArrayList<>()).add(c);
      }
    }
    return new ArrayList<>(byRoot.values());
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void solveGroup(LinearTable t, List<Integer> group, long[][] bounds, BitSet suppressed,
      List<int[]> rowCells, List<long[]> rowCoefs, List<Long> rowRhs, Map<Integer, Interval> result) {
    List<Integer> targets = group.stream().filter(suppressed::get).toList();
    if (targets.isEmpty()) {
      return;
    }
    Map<Integer, Integer> local = new HashMap<>();
    for (int c : group) {
      local.put(c, local.size());
    }
    boolean anyRow = false;
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    Variable[] vars = new Variable[group.size()];
    for (int c : group) {
      Variable v = model.addVariable("c" + c).lower(bounds[c][0]);
      if (bounds[c][1] != UNBOUNDED) {
        v.upper(bounds[c][1]);
      }
      vars[local.get(c)] = v;
    }
    for (int r = 0; r < rowCells.size(); r++) {
      int[] cells = rowCells.get(r);
      if (cells.length == 0 || !local.containsKey(cells[0])) {
        continue;
      }
      anyRow = true;
      Expression e = model.addExpression("r" + r).level(rowRhs.get(r));
      long[] coefs = rowCoefs.get(r);
      for (int i = 0; i < cells.length; i++) {
        e.set(vars[local.get(cells[i])], coefs[i]);
      }
    }
    for (int c : targets) {
      if (!anyRow) {
        result.put(c, new Interval(bounds[c][0], bounds[c][1]));
        continue;
      }
      Variable v = vars[local.get(c)];
      v.weight(1);
      long lo = bound(model.minimise(), c, t, false);
      long hi = bound(model.maximise(), c, t, true);
      v.weight(0);
      if (lo > t.value(c) || hi < t.value(c)) {
        throw new IllegalStateException("disclosure audit: the range " + lo + ".." + hi + " of " + t.key(c)
            + " misses its value " + t.value(c));
      }
      result.put(c, new Interval(lo, hi));
    }
  }

  private static long bound(Optimisation.Result r, int c, LinearTable t, boolean max) {
    if (max && r.getState() == Optimisation.State.UNBOUNDED) {
      return UNBOUNDED;
    }
    if (!r.getState().isOptimal()) {
      throw new IllegalStateException("disclosure audit: the linear program for " + t.key(c) + " ended "
          + r.getState());
    }
    double v = r.getValue();
    return max ? (long) Math.floor(v + EPS) : (long) Math.ceil(v - EPS);
  }
}
