package dk.pathwatch.disclosure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attacker's view of a protected table (as sdcTable's {@code attack()} computes it): for every suppressed cell
 * the smallest and largest value consistent with every published cell, the relations, and what the flags say — a
 * primary count is 1–4, a secondary count is at least 5 (1–4 would be primary and a zero is never hidden), a hidden
 * share's numerator lies between 0 and its denominator, a slack is not negative.
 *
 * <p>Linear algebra first: the relations over the hidden cells are reduced by exact Gauss–Jordan elimination, so
 * that each hidden cell is a known number plus a combination of a few free hidden cells. A cell with no free part is
 * recovered exactly (linear disclosure). For the others a move of one free cell by ±1 that keeps every hidden cell
 * within its bounds proves the cell is not exact; only where no such move exists, and for the ranges themselves,
 * linear programs over the free cells decide ({@link BoxSimplex}, warm-started from one cell to the next). The attacker knows counts are whole numbers, so ranges are
 * rounded inwards; a range of one value is a disclosure. The linear relaxation can make the attacker weaker than
 * integer reasoning only where its optimum is fractional, which sums with ±1 coefficients hardly allow.
 */
public final class IntervalAudit {
  static final long UNBOUNDED = Long.MAX_VALUE;
  private static final double EPS = 1e-6;
  /**
   * Below this a reduced cost or a coefficient of a certificate is rounding error: with relations of small whole
   * coefficients they are fractions with small denominators, or zero.
   */
  private static final double CERTIFICATE_EPS = 1e-7;

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
    Reduced r = Reduced.of(t, suppressed, primary);
    Map<Integer, Interval> out = new HashMap<>();
    for (int c = suppressed.nextSetBit(0); c >= 0; c = suppressed.nextSetBit(c + 1)) {
      out.put(c, r.interval(c));
    }
    return out;
  }

  /** The suppressed cells an attacker recovers exactly (cheaper than {@link #intervals}: no range is computed). */
  static List<Integer> exact(LinearTable t, BitSet suppressed, BitSet primary) {
    return exact(t, suppressed, primary, new BitSet());
  }

  /**
   * As {@link #exact(LinearTable, BitSet, BitSet)}, skipping the cells of {@code moving}: cells already seen to take
   * two whole values under a suppression that this one contains. That proof still holds: every point the attacker
   * had to allow then is still allowed, with each cell hidden since at its true value (within its flag's bounds,
   * and every relation holds). The cells proven to move now are added to {@code moving}.
   */
  static List<Integer> exact(LinearTable t, BitSet suppressed, BitSet primary, BitSet moving) {
    return check(t, suppressed, primary, moving).exact();
  }

  /** As {@link #exact(LinearTable, BitSet, BitSet, BitSet)}, keeping what was learnt for {@link Check#narrowest}. */
  static Check check(LinearTable t, BitSet suppressed, BitSet primary, BitSet moving) {
    return check(t, suppressed, primary, moving, new BitSet());
  }

  /**
   * As {@link #check(LinearTable, BitSet, BitSet, BitSet)}, taking the cells of {@code exactAnyway} as exact
   * without a proof: cells that bound propagation pins with every cell hidden that may be hidden
   * ({@link #pinnedByPropagation}) are exact under any smaller suppression too (the attacker only knows more).
   */
  static Check check(LinearTable t, BitSet suppressed, BitSet primary, BitSet moving, BitSet exactAnyway) {
    return check(t, suppressed, primary, moving, exactAnyway, new HashMap<>());
  }

  /**
   * As {@link #check(LinearTable, BitSet, BitSet, BitSet, BitSet)}, with the {@link Certificate}s of cells found
   * exact by linear programming under a smaller suppression of the same table ({@code certificates}, by cell; the
   * cells found exact by programs now are added): a cell whose two certificates still hold is exact without a
   * program. Hiding more cells only adds unknowns, so a certificate fails only where a newly hidden cell enters
   * its identity or a bound it uses has widened; then the programs run as before.
   */
  static Check check(LinearTable t, BitSet suppressed, BitSet primary, BitSet moving, BitSet exactAnyway,
      Map<Integer, Certificate[]> certificates) {
    return check(t, suppressed, primary, moving, exactAnyway, certificates, null);
  }

  /**
   * As {@link #check(LinearTable, BitSet, BitSet, BitSet, BitSet, Map)}, adding the relations in the order of
   * {@code earlier} (null: the table's order, from scratch) and starting from the latest state an earlier check of
   * the same table left there that the new hidden cells do not change: the rows are those of an elimination from
   * scratch in that order, and they span the same relations whatever the order, so the exact cells are the same.
   */
  static Check check(LinearTable t, BitSet suppressed, BitSet primary, BitSet moving, BitSet exactAnyway,
      Map<Integer, Certificate[]> certificates, Eliminations earlier) {
    Reduced r = Reduced.of(t, suppressed, primary, earlier);
    List<Integer> out = new ArrayList<>();
    Map<Integer, List<Integer>> undecided = new HashMap<>();
    int[] certified = {0};
    for (int c = suppressed.nextSetBit(0); c >= 0; c = suppressed.nextSetBit(c + 1)) {
      if (moving.get(c)) {
        continue;
      }
      int u = r.unknownOf[c];
      if (exactAnyway.get(c) || r.pinned(u)) {
        out.add(c);
      } else if (!r.moves(u)) {
        undecided.computeIfAbsent(r.group(r.freeParts(u).get(0)), g -> new ArrayList<>()).add(u);
      }
    }
    undecided.forEach((g, us) -> {
      // each cell pushed one whole value up, else down, from the vertex the last program reached; the points
      // passed widen the seen ranges of the cells after it (a program over the sum of all of them run to its
      // optimum first cost a third of the time at 1M pathways and decided nothing these do not)
      for (int u : us) {
        if (!r.moves(u)) {
          int cell = r.cellOf[u];
          Certificate[] known = certificates.get(cell);
          if (known != null && r.holds(known[0]) && r.holds(known[1])) {
            out.add(cell);
            certified[0]++;
            continue;
          }
          Certificate up = r.lpMoves(u, true);
          Certificate down = r.moves(u) ? null : r.lpMoves(u, false);
          if (!r.moves(u)) {
            out.add(cell);
            if (up != null && down != null) {
              certificates.put(cell, new Certificate[] {up, down});
            }
          }
        }
      }
    });
    out.sort(null);
    for (int c = suppressed.nextSetBit(0); c >= 0; c = suppressed.nextSetBit(c + 1)) {
      if (r.wide(r.unknownOf[c])) {
        moving.set(c);
      }
    }
    return new Check(out, certified[0], r);
  }

  /**
   * Why a hidden cell cannot move by a whole value in one direction, as the reduced costs of its program's optimum
   * give it: on every point the attacker allows, {@code sign·(u − value(u)) = Σ_j weight_j·(y_j − value(y_j))}
   * over the hidden cells {@code y_j} that sat at a bound, and that sum cannot reach 1 within their bounds. Under a
   * larger suppression of the same table the cell is still exact in that direction when the identity still holds
   * (checked on the new elimination) and the sum still cannot reach 1 within the cells' bounds then: an
   * attacker's program would find the same (a certificate only proves what the program proves, so the decisions
   * are unchanged).
   */
  record Certificate(int cell, int sign, int[] cells, double[] weights) {}

  /**
   * States of the audit's elimination of one table kept from one check to the next (the repair rounds hide a few
   * more cells each time and keep every hidden cell hidden). The relations are added in a fixed order, and a
   * relation's row depends only on which of its cells are hidden, so the state after the first {@code j} relations
   * is the same for a larger suppression as long as none of the newly hidden cells is in those relations: a check
   * then starts from there instead of from nothing. The unknowns are numbered by hidden cell in cell order, so a
   * kept row is renumbered (keeping its order) and its coefficients are unchanged. The audit elimination rebuilt
   * in every round was about 38 % of the control's CPU at 1M pathways; kept in the table's order of relations the
   * states gained nothing measurable there, in the order of {@link #byShownCells} about a fifth of the control's
   * CPU (README, "Disclosure control").
   */
  static final class Eliminations {
    /** A state is kept before every this-many relations. */
    private final int every;
    /** By cell: the first position in {@link #order} of a relation it is in ({@code Integer.MAX_VALUE}: none). */
    private final int[] firstRelation;
    private final State[] states;
    /** The relations in the order they are added. */
    private final int[] order;

    /** States for the relations in the table's order. */
    Eliminations(LinearTable t) {
      this(t, java.util.stream.IntStream.range(0, t.relations()).toArray());
    }

    /**
     * States for the relations in an order that puts first those with the fewest cells still shown under
     * {@code hidden} (the first round's suppression): a relation whose cells are all hidden is never changed by a
     * later round, and one with few shown cells seldom is, so later rounds keep more of the elimination. The rows
     * differ from those of the table's order, the relations they span do not, and so neither does anything the
     * check decides.
     */
    static Eliminations byShownCells(LinearTable t, BitSet hidden) {
      int[] shown = new int[t.relations()];
      for (int rel = 0; rel < t.relations(); rel++) {
        for (int c : t.relationCells(rel)) {
          if (!hidden.get(c) && t.published(c) && !t.fixed(c)) {
            shown[rel]++;
          }
        }
      }
      int[] order = java.util.stream.IntStream.range(0, t.relations()).boxed()
          .sorted(java.util.Comparator.comparingInt(rel -> shown[rel])).mapToInt(Integer::intValue).toArray();
      return new Eliminations(t, order);
    }

    private Eliminations(LinearTable t, int[] order) {
      this.order = order;
      every = Math.max(1, t.relations() / 48);
      states = new State[t.relations() / every + 1];
      firstRelation = new int[t.size()];
      java.util.Arrays.fill(firstRelation, Integer.MAX_VALUE);
      for (int k = order.length - 1; k >= 0; k--) {
        for (int c : t.relationCells(order[k])) {
          firstRelation[c] = k;
        }
      }
    }

    /** The same order without any state: a check given it eliminates from scratch (for tests). */
    Eliminations withoutStates(LinearTable t) {
      return new Eliminations(t, order);
    }

    /**
     * The pivot rows before the relation at position {@code before} of the order, for the hidden cells
     * {@code hidden} (numbered by {@code cellOf}).
     */
    private record State(int before, BitSet hidden, int[] cellOf, SparseVector[] rows) {}

    /** The latest state that holds for these hidden cells, or null. */
    private State latest(BitSet hidden) {
      for (int k = states.length - 1; k >= 0; k--) {
        State s = states[k];
        if (s != null && s.before > 0 && holdsFor(s, hidden)) {
          return s;
        }
      }
      return null;
    }

    /** Whether every cell hidden before is hidden now, and no cell hidden since is in a relation before the state. */
    private boolean holdsFor(State s, BitSet hidden) {
      BitSet lost = (BitSet) s.hidden.clone();
      lost.andNot(hidden);
      if (!lost.isEmpty()) {
        return false;
      }
      BitSet added = (BitSet) hidden.clone();
      added.andNot(s.hidden);
      for (int c = added.nextSetBit(0); c >= 0; c = added.nextSetBit(c + 1)) {
        if (firstRelation[c] < s.before) {
          return false;
        }
      }
      return true;
    }

    private boolean keepsBefore(int rel) {
      return rel % every == 0;
    }

    private void keep(int rel, BitSet hidden, int[] cellOf, SparseVector[] rows) {
      states[rel / every] = new State(rel, hidden, cellOf, rows);
    }
  }

  /** A hidden cell and the width of its range (hi − lo). */
  record Narrowest(int cell, long width) {}

  /**
   * The narrowest range found so far over the sub-tables of one table (a width and its cell's key), shared by the
   * threads that protect them: a sub-table need not compute the ranges of cells that cannot beat it. Only the
   * table's narrowest is published, so the outcome is the same whichever sub-table finishes first.
   */
  static final class NarrowestSoFar {
    private long width = UNBOUNDED;
    private String key;

    /** Offers a sub-table's narrowest cell (with its key); kept when narrower, or as narrow with a smaller key. */
    synchronized void offer(long w, String k) {
      if (key == null || Protection.narrower(w, k, width, key)) {
        width = w;
        key = k;
      }
    }

    /** Whether a cell with this key and a range of at most {@code w} could still be the table's narrowest. */
    synchronized boolean mayBeat(long w, String k) {
      return key == null || Protection.narrower(w, k, width, key);
    }
  }

  /** The exact cells of one suppression, and the audit's state for ranges asked afterwards. */
  static final class Check {
    private final List<Integer> exact;
    private final int certified;
    private final Reduced r;

    private Check(List<Integer> exact, int certified, Reduced r) {
      this.exact = exact;
      this.certified = certified;
      this.r = r;
    }

    List<Integer> exact() {
      return exact;
    }

    /** How many relations the elimination took from an earlier check's state instead of adding them. */
    int reusedRelations() {
      return r.start;
    }

    /** The reduced relations, one line per pivot cell: its key, then each cell's key and coefficient (for tests). */
    List<String> reducedRows() {
      List<String> out = new ArrayList<>();
      for (int p : r.gj.pivots()) {
        StringBuilder line = new StringBuilder(r.t.key(r.cellOf[p]));
        SparseVector row = r.gj.row(p);
        for (int e = 0; e < row.size(); e++) {
          int u = row.idx[e];
          line.append(' ').append(u == r.n ? "known" : r.t.key(r.cellOf[u])).append(':').append(row.val[e]);
        }
        out.add(line.toString());
      }
      return out;
    }

    /** How many of the exact cells a certificate of an earlier check decided, without a program. */
    int certified() {
      return certified;
    }

    /**
     * Among {@code cells} (hidden cells that are not exact), the one with the narrowest range, the smallest key
     * among equals — the same as taking the minimum over {@link #intervals}, but a range is computed only where
     * cheaper bounds do not already decide: a range is at least as wide as the values seen at feasible points so
     * far (and at least 1, since the cell is not exact), and where those reach the outer bounds it is known
     * without a linear program. Cells that cannot beat {@code soFar} (the narrowest of the sub-tables done) are
     * not computed: null when none of {@code cells} beats it, or when {@code cells} is empty.
     */
    Narrowest narrowest(List<Integer> cells, NarrowestSoFar soFar) {
      if (cells.isEmpty()) {
        return null;
      }
      Map<Integer, Long> width = new HashMap<>();
      Map<Integer, Long> atLeast = new HashMap<>();
      long best = UNBOUNDED;
      for (int c : cells) {
        int u = r.unknownOf[c];
        Interval cheap = r.intervalWithoutLp(u);
        if (cheap != null) {
          width.put(c, cheap.width());
          best = Math.min(best, cheap.width());
        }
        atLeast.put(c, Math.max(1, r.seenInterval(u).width()));
      }
      List<Integer> byBound = new ArrayList<>(cells);
      byBound.sort(java.util.Comparator.comparing(atLeast::get));
      for (int c : byBound) {
        if (atLeast.get(c) >= best) {
          break;
        }
        if (soFar.mayBeat(atLeast.get(c), r.t.key(c))) {
          best = Math.min(best, width.computeIfAbsent(c, x -> r.interval(x).width()));
        }
      }
      // best is this sub-table's narrowest width wherever its narrowest cell can beat soFar (a cell skipped above
      // cannot), and the first cell by key that has it is that cell
      List<Integer> byKey = new ArrayList<>(cells);
      byKey.sort(java.util.Comparator.comparing(r.t::key));
      for (int c : byKey) {
        if (atLeast.get(c) <= best && soFar.mayBeat(best, r.t.key(c))
            && width.computeIfAbsent(c, x -> r.interval(x).width()) == best) {
          return new Narrowest(c, best);
        }
      }
      return null;
    }
  }

  /**
   * The suppressed cells that bound propagation alone pins to one value: a cell's range follows from each relation
   * it is in and the ranges of the relation's other cells, repeated until nothing narrows. Sound (it never narrows
   * below what the attacker can reach) and cheap; it decides the cells that no suppression can protect, since with
   * every cell hidden the pins come from the flags' bounds alone (a primary total of 4 over four primary parts).
   */
  static List<Integer> pinnedByPropagation(LinearTable t, BitSet suppressed, BitSet primary) {
    double[][] b = propagate(t, suppressed, primary);
    List<Integer> out = new ArrayList<>();
    for (int c = suppressed.nextSetBit(0); c >= 0; c = suppressed.nextSetBit(c + 1)) {
      if (b[0][c] == b[1][c]) {
        out.add(c);
      }
    }
    return out;
  }

  /** The lower and upper bounds of every cell after bound propagation (known cells at their value). */
  static double[][] propagate(LinearTable t, BitSet suppressed, BitSet primary) {
    int size = t.size();
    double[] lo = new double[size];
    double[] hi = new double[size];
    for (int c = 0; c < size; c++) {
      if (suppressed.get(c) || !t.published(c)) {
        long[] b = bounds(t, c, primary.get(c));
        lo[c] = b[0];
        hi[c] = b[1] == UNBOUNDED ? Double.POSITIVE_INFINITY : b[1];
      } else {
        lo[c] = t.value(c);
        hi[c] = t.value(c);
      }
    }
    java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
    boolean[] queued = new boolean[t.relations()];
    for (int r = 0; r < t.relations(); r++) {
      queue.add(r);
      queued[r] = true;
    }
    long budget = 200L * (t.relations() + 1);
    while (!queue.isEmpty() && budget-- > 0) {
      int r = queue.poll();
      queued[r] = false;
      int[] cells = t.relationCells(r);
      long[] coefs = t.relationCoefs(r);
      // Σ a_i x_i = 0: a_k x_k = −Σ_{i≠k} a_i x_i
      double sumLo = 0;
      double sumHi = 0;
      int infLo = 0;
      int infHi = 0;
      for (int i = 0; i < cells.length; i++) {
        double a = coefs[i];
        double l = a > 0 ? a * lo[cells[i]] : a * hi[cells[i]];
        double h = a > 0 ? a * hi[cells[i]] : a * lo[cells[i]];
        if (Double.isInfinite(l)) {
          infLo++;
        } else {
          sumLo += l;
        }
        if (Double.isInfinite(h)) {
          infHi++;
        } else {
          sumHi += h;
        }
      }
      for (int i = 0; i < cells.length; i++) {
        int c = cells[i];
        if (lo[c] == hi[c]) {
          continue;
        }
        double a = coefs[i];
        double l = a > 0 ? a * lo[c] : a * hi[c];
        double h = a > 0 ? a * hi[c] : a * lo[c];
        // the others' contribution lies in [restLo, restHi]; a·x_c = −rest
        double restLo = infLo - (Double.isInfinite(l) ? 1 : 0) > 0 ? Double.NEGATIVE_INFINITY
            : sumLo - (Double.isInfinite(l) ? 0 : l);
        double restHi = infHi - (Double.isInfinite(h) ? 1 : 0) > 0 ? Double.POSITIVE_INFINITY
            : sumHi - (Double.isInfinite(h) ? 0 : h);
        double newLo = a > 0 ? -restHi / a : -restLo / a;
        double newHi = a > 0 ? -restLo / a : -restHi / a;
        newLo = Math.ceil(newLo - EPS);
        newHi = Math.floor(newHi + EPS);
        boolean changed = false;
        if (newLo > lo[c]) {
          lo[c] = Math.min(newLo, hi[c]);
          changed = true;
        }
        if (newHi < hi[c]) {
          hi[c] = Math.max(newHi, lo[c]);
          changed = true;
        }
        if (changed) {
          for (int r2 : t.relationsOf(c)) {
            if (!queued[r2]) {
              queue.add(r2);
              queued[r2] = true;
            }
          }
        }
      }
    }
    return new double[][] {lo, hi};
  }

  /**
   * The hidden cells (suppressed cells and slacks) with the relations reduced to "pivot cell = known number − Σ
   * free cells": row {@code p} holds {@code a_p·y_p + Σ a_f·y_f + k = 0} with {@code k} at index {@code n}.
   */
  private static final class Reduced {
    final LinearTable t;
    final int[] cellOf;
    /** By cell of the table: its index among the hidden cells, or -1 when it is shown. */
    final int[] unknownOf;
    final long[] lo;
    final long[] hi;
    final long[] value;
    /** The smallest and largest value each hidden cell has been seen to take at a feasible point. */
    final double[] seenMin;
    final double[] seenMax;
    final GaussJordan gj = new GaussJordan();
    final int n;
    private final Map<Integer, Group> groups = new HashMap<>();
    private int[] groupOf;

    private Reduced(LinearTable t, List<Integer> unknowns, BitSet primary) {
      this.t = t;
      this.n = unknowns.size();
      cellOf = unknowns.stream().mapToInt(Integer::intValue).toArray();
      unknownOf = new int[t.size()];
      java.util.Arrays.fill(unknownOf, -1);
      lo = new long[n];
      hi = new long[n];
      value = new long[n];
      seenMin = new double[n];
      seenMax = new double[n];
      for (int u = 0; u < n; u++) {
        int c = cellOf[u];
        unknownOf[c] = u;
        long[] b = bounds(t, c, primary.get(c));
        lo[u] = b[0];
        hi[u] = b[1];
        value[u] = t.value(c);
        seenMin[u] = value[u];
        seenMax[u] = value[u];
        if (value[u] < lo[u] || value[u] > hi[u]) {
          throw new IllegalStateException("disclosure audit: " + t.key(c) + " = " + value[u]
              + " lies outside what its flag tells (" + lo[u] + ".." + hi[u] + ")");
        }
      }
    }

    /** The relations taken from an earlier elimination's state (0: eliminated from scratch). */
    int start;

    /** Outer bounds from propagation, by unknown: the true range lies within. */
    double[] outerLo;
    double[] outerHi;

    static Reduced of(LinearTable t, BitSet suppressed, BitSet primary) {
      return of(t, suppressed, primary, null);
    }

    static Reduced of(LinearTable t, BitSet suppressed, BitSet primary, Eliminations earlier) {
      List<Integer> unknowns = new ArrayList<>();
      BitSet hidden = new BitSet();
      for (int c = 0; c < t.size(); c++) {
        if (suppressed.get(c) || !t.published(c)) {
          unknowns.add(c);
          hidden.set(c);
        }
      }
      Reduced r = new Reduced(t, unknowns, primary);
      Eliminations.State from = earlier == null ? null : earlier.latest(hidden);
      if (from != null) {
        r.gj.restore(r.renumbered(from.rows(), from.cellOf()));
        r.start = from.before();
      }
      int start = r.start;
      for (int k = start; k < t.relations(); k++) {
        if (earlier != null && k > start && earlier.keepsBefore(k)) {
          earlier.keep(k, hidden, r.cellOf, r.gj.snapshot());
        }
        r.addRelation(earlier == null ? k : earlier.order[k]);
      }
      double[][] outer = propagate(t, suppressed, primary);
      r.outerLo = new double[r.n];
      r.outerHi = new double[r.n];
      for (int u = 0; u < r.n; u++) {
        r.outerLo[u] = outer[0][r.cellOf[u]];
        r.outerHi[u] = outer[1][r.cellOf[u]];
      }
      return r;
    }

    /**
     * Pivot rows of an elimination over other hidden cells ({@code oldCellOf}, all of them hidden here too) in this
     * one's numbering: the same rows, each index mapped to the same cell (in the same order) and the known part to
     * index n.
     */
    private SparseVector[] renumbered(SparseVector[] rows, int[] oldCellOf) {
      int oldN = oldCellOf.length;
      SparseVector[] out = new SparseVector[n];
      for (int p = 0; p < rows.length; p++) {
        SparseVector row = rows[p];
        if (row == null) {
          continue;
        }
        int[] idx = new int[row.idx.length];
        for (int e = 0; e < idx.length; e++) {
          int u = row.idx[e];
          idx[e] = u == oldN ? n : unknownOf[oldCellOf[u]];
        }
        out[unknownOf[oldCellOf[p]]] = new SparseVector(idx, row.val);
      }
      return out;
    }

    private void addRelation(int rel) {
      int[] cells = t.relationCells(rel);
      long[] coefs = t.relationCoefs(rel);
      int[] is = new int[cells.length + 1];
      long[] vs = new long[cells.length + 1];
      int k = 0;
      long known = 0;
      for (int i = 0; i < cells.length; i++) {
        int u = unknownOf[cells[i]];
        if (u < 0) {
          known = Math.addExact(known, Math.multiplyExact(coefs[i], t.value(cells[i])));
        } else {
          is[k] = u;
          vs[k++] = coefs[i];
        }
      }
      if (k == 0) {
        return;
      }
      is[k] = n;
      vs[k++] = known;
      SparseVector row = SparseVector.of(java.util.Arrays.copyOf(is, k), java.util.Arrays.copyOf(vs, k));
      // pivot on the hidden cell with the smallest coefficient (the known part at index n never pivots)
      gj.add(row, r -> {
        int pivot = -1;
        long smallest = 0;
        for (int i = 0; i < r.size(); i++) {
          int e = r.idx[i];
          if (e < n && (pivot < 0 || Math.abs(r.val[i]) < smallest)) {
            pivot = e;
            smallest = Math.abs(r.val[i]);
          }
        }
        return pivot;
      });
    }

    /** The free cells a hidden cell depends on (itself when it is free). */
    private List<Integer> freeParts(int u) {
      SparseVector row = gj.row(u);
      if (row == null) {
        return List.of(u);
      }
      List<Integer> out = new ArrayList<>();
      for (int e : row.idx) {
        if (e < n && e != u) {
          out.add(e);
        }
      }
      return out;
    }

    /** Whether the cell is fixed whatever the free cells do: no free part, or propagation pins it. */
    boolean pinned(int u) {
      return freeParts(u).isEmpty() || outerLo[u] == outerHi[u];
    }

    /**
     * Whether the cell has been seen to take two whole values (trying single moves of its free parts first): the
     * range of a count that the attacker rounds inwards must hold two integers.
     */
    boolean moves(int u) {
      if (wide(u)) {
        return true;
      }
      singleMoves(u);
      return wide(u);
    }

    private boolean wide(int u) {
      return Math.floor(seenMax[u] + EPS) > Math.ceil(seenMin[u] - EPS);
    }

    Interval interval(int cell) {
      int u = unknownOf[cell];
      if (pinned(u)) {
        return new Interval(value[u], value[u]);
      }
      singleMoves(u);
      boolean minOpen = seenMin[u] > outerLo[u] + EPS;
      boolean maxOpen = seenMax[u] < outerHi[u] - EPS;
      if (minOpen || maxOpen) {
        lp(u, minOpen, maxOpen);
      }
      return seenInterval(u);
    }

    /** The range of hidden cell u when the values seen so far already reach its outer bounds, else null. */
    Interval intervalWithoutLp(int u) {
      if (pinned(u)) {
        return new Interval(value[u], value[u]);
      }
      singleMoves(u);
      boolean open = seenMin[u] > outerLo[u] + EPS || seenMax[u] < outerHi[u] - EPS;
      return open ? null : seenInterval(u);
    }

    /** The whole values between the smallest and largest value seen (within the cell's bounds). */
    Interval seenInterval(int u) {
      long lower = Math.max(lo[u], (long) Math.ceil(seenMin[u] - EPS));
      long upper = seenMax[u] == BoxSimplex.INF ? hi[u] : Math.min(hi[u], (long) Math.floor(seenMax[u] + EPS));
      if (lower > value[u] || upper < value[u]) {
        throw new IllegalStateException("disclosure audit: the range " + lower + ".." + upper + " of "
            + t.key(cellOf[u]) + " misses its value " + value[u]);
      }
      return new Interval(lower, upper);
    }

    private double hiD(int u) {
      return hi[u] == UNBOUNDED ? BoxSimplex.INF : hi[u];
    }

    /**
     * Widens the seen range of hidden cell {@code u} by moving each of its free parts alone as far as every hidden
     * cell's bounds allow (one step of the simplex along an axis from the true point): often that already reaches
     * the bounds propagation gives, and no linear program is needed.
     */
    private void singleMoves(int u) {
      SparseVector row = gj.row(u);
      if (row == null) {
        singleMove(u, u, 1);
        return;
      }
      double ap = row.get(u);
      for (int e = 0; e < row.size(); e++) {
        int f = row.idx[e];
        if (f < n && f != u) {
          singleMove(u, f, -row.val[e] / ap);
        }
      }
    }

    /** Hidden cell u seen where its free part f, of weight w in u, moves alone as far as it can either way. */
    private void singleMove(int u, int f, double w) {
      for (int dir = 1; dir >= -1; dir -= 2) {
        double change = w * dir * room(f, dir);
        if (!Double.isNaN(change)) {
          see(u, value[u] + change);
        }
      }
    }

    /** {@link #room} by free cell and direction (index 2f for up, 2f + 1 for down), NaN until computed. */
    private double[] roomSeen;

    /** How far the free cell f can move in direction dir (±1) with every hidden cell within its bounds. */
    private double room(int f, int dir) {
      if (roomSeen == null) {
        roomSeen = new double[2 * n];
        java.util.Arrays.fill(roomSeen, Double.NaN);
      }
      int at = 2 * f + (dir > 0 ? 0 : 1);
      if (Double.isNaN(roomSeen[at])) {
        roomSeen[at] = roomOf(f, dir);
      }
      return roomSeen[at];
    }

    private double roomOf(int f, int dir) {
      double theta = dir > 0 ? hiD(f) - value[f] : value[f] - lo[f];
      for (int p : gj.rowsWith(f)) {
        SparseVector r = gj.row(p);
        double rate = -r.get(f) / (double) r.get(p) * dir;
        if (rate > 0) {
          theta = Math.min(theta, (hiD(p) - value[p]) / rate);
        } else if (rate < 0) {
          theta = Math.min(theta, (lo[p] - value[p]) / rate);
        }
      }
      return theta;
    }

    /** The objective "hidden cell u" over the group's structural variables (its free parts), and its constant. */
    private double addObjective(Group g, int u, double[] c, double sign) {
      SparseVector row = gj.row(u);
      if (row == null) {
        c[g.column[u]] += sign;
        return 0;
      }
      double ap = row.get(u);
      for (int f : freeParts(u)) {
        c[g.column[f]] += sign * -row.get(f) / ap;
      }
      return -row.get(n) / ap;
    }

    /**
     * The minimum and/or maximum of hidden cell {@code u} by linear programming over the free cells of its group;
     * every vertex reached also widens the seen range of the group's other hidden cells.
     */
    void lp(int u, boolean min, boolean max) {
      Group g = groups.computeIfAbsent(group(freeParts(u).get(0)), this::program);
      double[] c = new double[g.simplex.structural() + g.rows];
      double constant = addObjective(g, u, c, 1);
      if (max) {
        double v = g.simplex.maximise(c);
        harvest(g);
        if (v == BoxSimplex.INF) {
          see(u, BoxSimplex.INF);
        } else {
          see(u, v + constant);
        }
      }
      if (min) {
        for (int j = 0; j < c.length; j++) {
          c[j] = -c[j];
        }
        see(u, -g.simplex.maximise(c) + constant);
        harvest(g);
      }
    }

    /**
     * Pushes hidden cell {@code u} up (or down) by linear programming only until it is one whole value away from
     * its true value, which is all {@link #moves} needs; the point reached is harvested.
     */
    Certificate lpMoves(int u, boolean up) {
      Group g = groups.computeIfAbsent(group(freeParts(u).get(0)), this::program);
      double[] c = new double[g.simplex.structural() + g.rows];
      double constant = addObjective(g, u, c, up ? 1 : -1);
      double enough = up ? value[u] + 1 - constant : -(value[u] - 1) + constant;
      double v = g.simplex.maximise(c, enough);
      harvest(g);
      if (v == BoxSimplex.INF) {
        see(u, up ? BoxSimplex.INF : -BoxSimplex.INF);
        return null;
      }
      see(u, up ? v + constant : -v + constant);
      return v < enough ? certificate(g, u, c, up ? 1 : -1) : null;
    }

    /** The certificate of the optimum the group's program has just reached for objective c (sign·u). */
    private Certificate certificate(Group g, int u, double[] c, int sign) {
      double[] d = g.simplex.reducedCostsNow(c);
      int k = g.free.length;
      int[] cells = new int[d.length];
      double[] weights = new double[d.length];
      int m = 0;
      for (int j = 0; j < d.length; j++) {
        if (!g.simplex.basic(j) && Math.abs(d[j]) > CERTIFICATE_EPS) {
          cells[m] = cellOf[j < k ? g.free[j] : g.rowCells[j - k]];
          weights[m++] = d[j];
        }
      }
      return new Certificate(cellOf[u], sign, java.util.Arrays.copyOf(cells, m), java.util.Arrays.copyOf(weights, m));
    }

    /** Scratch of {@link #holds}: a coefficient per hidden cell, and the cells set. */
    private double[] coef;
    private boolean[] set;
    private int[] touched;

    /**
     * Whether a certificate found under a smaller suppression still holds here: its identity is one of the
     * relations over the hidden cells now (every free cell's coefficient vanishes once the pivot cells are
     * expressed by the free ones), and within the cells' bounds its sum stays below one whole value.
     */
    boolean holds(Certificate cert) {
      if (coef == null) {
        coef = new double[n];
        set = new boolean[n];
        touched = new int[n];
      }
      int count = addTerm(cert.cell(), cert.sign(), 0);
      double reach = 0;
      for (int j = 0; j < cert.cells().length && reach < 1; j++) {
        int y = unknownOf[cert.cells()[j]];
        if (y < 0) {
          reach = BoxSimplex.INF; // shown now: cannot happen, hidden cells stay hidden
          break;
        }
        double w = cert.weights()[j];
        count = addTerm(cert.cells()[j], -w, count);
        double lower = Math.max(lo[y], outerLo[y]) - value[y];
        double upper = Math.min(hiD(y), outerHi[y]) - value[y];
        reach += w > 0 ? w * upper : w * lower;
      }
      boolean identity = true;
      for (int i = 0; i < count; i++) {
        identity &= Math.abs(coef[touched[i]]) <= CERTIFICATE_EPS;
        coef[touched[i]] = 0;
        set[touched[i]] = false;
      }
      return identity && reach < 1 - EPS;
    }

    /** Adds a·y (y a cell) to {@link #coef} as a combination of the free cells; returns the count of cells set. */
    private int addTerm(int cell, double a, int count) {
      int y = unknownOf[cell];
      SparseVector row = gj.row(y);
      if (row == null) {
        return addCoef(y, a, count);
      }
      double ap = row.get(y);
      for (int e = 0; e < row.size(); e++) {
        int f = row.idx[e];
        if (f < n && f != y) {
          count = addCoef(f, -a * row.val[e] / ap, count);
        }
      }
      return count;
    }

    private int addCoef(int f, double a, int count) {
      if (!set[f]) {
        set[f] = true;
        touched[count++] = f;
      }
      coef[f] += a;
      return count;
    }

    /** Every hidden cell's value at the simplex's current vertex widens its seen range. */
    private void harvest(Group g) {
      double[] x = new double[g.free.length];
      for (int j = 0; j < x.length; j++) {
        x[j] = g.simplex.value(j);
        see(g.free[j], x[j]);
      }
      for (int i = 0; i < g.pivots.length; i++) {
        int[] cols = g.pivotCols[i];
        double[] w = g.pivotWeights[i];
        double v = g.pivotShift[i];
        for (int k = 0; k < cols.length; k++) {
          v -= w[k] * x[cols[k]];
        }
        see(g.pivots[i], v);
      }
    }

    private void see(int u, double v) {
      seenMin[u] = Math.min(seenMin[u], v);
      seenMax[u] = Math.max(seenMax[u], v);
    }

    /** Free cells connected through pivot rows: each group is one linear program. */
    private int group(int f) {
      if (groupOf == null) {
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
          parent[i] = i;
        }
        for (int p : gj.pivots()) {
          int first = -1;
          for (int x : gj.row(p).idx) {
            if (x < n && x != p) {
              if (first < 0) {
                first = x;
              } else {
                GaussJordan.union(parent, first, x);
              }
            }
          }
        }
        groupOf = new int[n];
        for (int i = 0; i < n; i++) {
          groupOf[i] = GaussJordan.root(parent, i);
        }
      }
      return groupOf[f];
    }

    /**
     * A group's linear program: its free cells as variables within their bounds (narrowed by propagation, which the
     * relations imply), its pivot cells as rows within theirs — except rows that those boxes already keep within
     * bounds, which can never bind.
     */
    private record Group(BoxSimplex simplex, int[] column, int rows, int[] free, int[] rowCells, int[] pivots,
        int[][] pivotCols, double[][] pivotWeights, double[] pivotShift) {}

    /** By group: its pivot cells (those whose free parts are in it), ascending; made once, with the first program. */
    private Map<Integer, List<Integer>> pivotsByGroup;

    private List<Integer> pivotsOf(int g) {
      if (pivotsByGroup == null) {
        pivotsByGroup = new HashMap<>();
        for (int p : gj.pivots()) {
          SparseVector row = gj.row(p);
          for (int e : row.idx) {
            if (e < n && e != p) {
              pivotsByGroup.computeIfAbsent(group(e), x -> new ArrayList<>()).add(p);
              break;
            }
          }
        }
      }
      return pivotsByGroup.getOrDefault(g, List.of());
    }

    private Group program(int g) {
      // by hidden cell: its column in the program, -1 when it is not a free cell of the group
      int[] column = new int[n];
      java.util.Arrays.fill(column, -1);
      int k = 0;
      for (int f = 0; f < n; f++) {
        if (!gj.isPivot(f) && group(f) == g) {
          column[f] = k++;
        }
      }
      int[] free = new int[k];
      double[] xLo = new double[k];
      double[] xHi = new double[k];
      double[] x0 = new double[k];
      for (int f = 0; f < n; f++) {
        int j = column[f];
        if (j >= 0) {
          free[j] = f;
          xLo[j] = Math.max(lo[f], outerLo[f]);
          xHi[j] = Math.min(hiD(f), outerHi[f]);
          x0[j] = value[f];
        }
      }
      List<Integer> pivots = new ArrayList<>();
      List<double[]> rows = new ArrayList<>();
      List<double[]> rowBounds = new ArrayList<>();
      List<Integer> rowCells = new ArrayList<>();
      for (int p : pivotsOf(g)) {
        List<Integer> parts = freeParts(p);
        pivots.add(p);
        SparseVector row = gj.row(p);
        double ap = row.get(p);
        double shift = -row.get(n) / ap;
        double[] a = new double[k];
        double actLo = 0;
        double actHi = 0;
        for (int f : parts) {
          int j = column[f];
          a[j] = -row.get(f) / ap;
          actLo += a[j] > 0 ? a[j] * xLo[j] : a[j] * xHi[j];
          actHi += a[j] > 0 ? a[j] * xHi[j] : a[j] * xLo[j];
        }
        double rowLo = lo[p] - shift;
        double rowHi = hiD(p) - shift;
        if (actLo >= rowLo - EPS && actHi <= rowHi + EPS) {
          continue; // the boxes keep this cell within its bounds: the row never binds
        }
        rows.add(a);
        rowBounds.add(new double[] {rowLo, rowHi});
        rowCells.add(p);
      }
      double[][] a = rows.toArray(double[][]::new);
      double[] rowLo = rowBounds.stream().mapToDouble(b -> b[0]).toArray();
      double[] rowHi = rowBounds.stream().mapToDouble(b -> b[1]).toArray();
      // each pivot cell's value as its constant minus weights times the group's columns, for harvest
      int[][] pivotCols = new int[pivots.size()][];
      double[][] pivotWeights = new double[pivots.size()][];
      double[] pivotShift = new double[pivots.size()];
      for (int i = 0; i < pivots.size(); i++) {
        int p = pivots.get(i);
        SparseVector row = gj.row(p);
        double ap = row.get(p);
        pivotShift[i] = -row.get(n) / ap;
        int[] cols = new int[row.size()];
        double[] w = new double[row.size()];
        int m = 0;
        for (int e = 0; e < row.size(); e++) {
          int f = row.idx[e];
          if (f < n && f != p) {
            cols[m] = column[f];
            w[m++] = row.val[e] / ap;
          }
        }
        pivotCols[i] = java.util.Arrays.copyOf(cols, m);
        pivotWeights[i] = java.util.Arrays.copyOf(w, m);
      }
      return new Group(new BoxSimplex(a, rowLo, rowHi, xLo, xHi, x0), column, a.length, free,
          rowCells.stream().mapToInt(Integer::intValue).toArray(),
          pivots.stream().mapToInt(Integer::intValue).toArray(), pivotCols, pivotWeights, pivotShift);
    }
  }
}
