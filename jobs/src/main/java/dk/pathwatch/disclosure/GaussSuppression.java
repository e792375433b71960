package dk.pathwatch.disclosure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Secondary suppression by Gaussian elimination, the method of Statistics Norway ({@code GaussSuppression} in the
 * R packages SSBtools/GaussSuppression), over a {@link LinearTable}.
 *
 * <p>The cells of a table are linear functions of a few free "inner" values (a basis of the solutions of its
 * relations; for a hierarchy these are the innermost cells and the slacks). Each cell is a column over that basis.
 * The candidates for publication are taken in order, the cells we most want to publish first (totals, then large
 * counts); a candidate is published unless its column, added to the span of the columns already published, would
 * contain the column of a cell that must be protected, in which case it is suppressed (secondary). So no protected
 * cell is a linear combination of published cells: no linear reasoning over the relations recovers it. Bounds
 * (a primary cell is 1–4, counts are not negative) are not seen here; {@link IntervalAudit} checks them.
 *
 * <p>Zero counts are known to the attacker, and so are the cells that must then be zero too (every part of a zero
 * total): they are removed before the elimination.
 */
final class GaussSuppression {
  private GaussSuppression() {}

  /** The published cells to suppress (secondary) so that no cell of {@code protect} is linearly determined. */
  static BitSet secondary(LinearTable t, BitSet protect) {
    return new Basis(t).secondary(protect);
  }

  /**
   * What the elimination needs of a table whatever is protected: the zeros the attacker knows and the column of every
   * other cell. Made once per sub-table and reused by every repair round of {@link Protection}.
   */
  static final class Basis {
    final LinearTable t;
    final BitSet knownZero;
    private final Map<Integer, SparseVector> columns;

    Basis(LinearTable t) {
      this.t = t;
      this.knownZero = knownZeros(t);
      this.columns = columns(t, knownZero);
    }

    /** The published cells to suppress (secondary) so that no cell of {@code protect} is linearly determined. */
    BitSet secondary(BitSet protect) {
      return eliminate(columns, candidates(t, protect, knownZero), protect);
    }
  }

  /** Zeros the attacker knows: fixed zero cells, and every cell a relation then forces to zero (all cells ≥ 0). */
  static BitSet knownZeros(LinearTable t) {
    BitSet zero = new BitSet(t.size());
    for (int c = 0; c < t.size(); c++) {
      if (t.fixed(c) && t.value(c) == 0) {
        zero.set(c);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int r = 0; r < t.relations(); r++) {
        int[] cells = t.relationCells(r);
        long[] coefs = t.relationCoefs(r);
        for (int sign : new int[] {1, -1}) {
          boolean sideZero = true;
          for (int i = 0; i < cells.length && sideZero; i++) {
            sideZero = Long.signum(coefs[i]) != sign || zero.get(cells[i]);
          }
          if (sideZero) {
            for (int i = 0; i < cells.length; i++) {
              if (!zero.get(cells[i])) {
                zero.set(cells[i]);
                changed = true;
              }
            }
          }
        }
      }
    }
    return zero;
  }

  /** Published candidates in the order we most want to publish them: totals first, then larger values. */
  private static List<Integer> candidates(LinearTable t, BitSet protect, BitSet knownZero) {
    List<Integer> out = new ArrayList<>();
    for (int c = 0; c < t.size(); c++) {
      if (t.published(c) && !protect.get(c) && !knownZero.get(c)) {
        out.add(c);
      }
    }
    out.sort(Comparator.<Integer>comparingInt(t::level).reversed()
        .thenComparing(Comparator.<Integer>comparingLong(t::value).reversed())
        .thenComparing(t::key));
    return out;
  }

  /**
   * The column of every cell not known to be zero, over a basis of the solutions of the relations: Gauss–Jordan
   * elimination of the relations, pivoting on the most aggregated cell of each, leaves the free cells as the basis.
   */
  static Map<Integer, SparseVector> columns(LinearTable t, BitSet knownZero) {
    GaussJordan gj = new GaussJordan();
    for (int r = 0; r < t.relations(); r++) {
      gj.add(restricted(t, r, knownZero), row -> choosePivot(t, row));
    }
    Map<Integer, Integer> basis = new HashMap<>();
    Map<Integer, Long> scale = new HashMap<>();
    for (int c = 0; c < t.size(); c++) {
      if (!knownZero.get(c) && !gj.isPivot(c)) {
        long l = 1;
        for (int q : gj.rowsWith(c)) {
          long a = Math.abs(gj.row(q).get(q));
          l = Math.multiplyExact(l / SparseVector.gcd(l, a), a);
        }
        scale.put(c, l);
        basis.put(c, basis.size());
      }
    }
    Map<Integer, SparseVector> columns = new HashMap<>();
    basis.forEach((f, b) -> columns.put(f, SparseVector.unit(b, scale.get(f))));
    for (int p : gj.pivots()) {
      SparseVector row = gj.row(p);
      long ap = row.get(p);
      int[] is = new int[row.size() - 1];
      long[] vs = new long[row.size() - 1];
      int n = 0;
      for (int k = 0; k < row.size(); k++) {
        int f = row.idx[k];
        if (f != p) {
          is[n] = basis.get(f);
          vs[n++] = Math.negateExact(Math.multiplyExact(row.val[k], scale.get(f) / ap));
        }
      }
      columns.put(p, SparseVector.of(is, vs));
    }
    return columns;
  }

  private static SparseVector restricted(LinearTable t, int r, BitSet knownZero) {
    int[] cells = t.relationCells(r);
    long[] coefs = t.relationCoefs(r);
    int[] is = new int[cells.length];
    long[] vs = new long[cells.length];
    int n = 0;
    for (int i = 0; i < cells.length; i++) {
      if (!knownZero.get(cells[i])) {
        is[n] = cells[i];
        vs[n++] = coefs[i];
      }
    }
    return SparseVector.of(java.util.Arrays.copyOf(is, n), java.util.Arrays.copyOf(vs, n));
  }

  /** The most aggregated published cell of the row (a total), so that inner cells and slacks stay free. */
  private static int choosePivot(LinearTable t, SparseVector row) {
    int best = row.idx[0];
    for (int c : row.idx) {
      if (rank(t, c) > rank(t, best)) {
        best = c;
      }
    }
    return best;
  }

  private static int rank(LinearTable t, int c) {
    return t.published(c) ? 1 + t.level(c) : 0;
  }

  /**
   * The elimination itself: each candidate in turn is published (its pivot eliminated from every remaining column)
   * unless that would reduce the column of a protected cell to zero; then it is secondary.
   */
  private static BitSet eliminate(Map<Integer, SparseVector> columns, List<Integer> candidates, BitSet protect) {
    // by cell and by basis row in arrays: the hash maps' look-ups were half the cost of the elimination
    int cells = 0;
    int rows = 0;
    for (Map.Entry<Integer, SparseVector> e : columns.entrySet()) {
      cells = Math.max(cells, e.getKey() + 1);
      SparseVector v = e.getValue();
      rows = v.isEmpty() ? rows : Math.max(rows, v.idx[v.size() - 1] + 1);
    }
    for (int c : candidates) {
      cells = Math.max(cells, c + 1);
    }
    SparseVector[] cols = new SparseVector[cells];
    CellSet[] rowCols = new CellSet[rows];
    for (int r = 0; r < rows; r++) {
      rowCols[r] = new CellSet(cells);
    }
    for (int c : candidates) {
      put(cols, rowCols, c, columns.getOrDefault(c, SparseVector.EMPTY));
    }
    for (int p = protect.nextSetBit(0); p >= 0; p = protect.nextSetBit(p + 1)) {
      if (columns.containsKey(p)) {
        put(cols, rowCols, p, columns.get(p));
      }
    }
    BitSet secondary = new BitSet();
    for (int c : candidates) {
      SparseVector col = take(cols, rowCols, c);
      if (col.isEmpty()) {
        continue; // already follows from what is published: publishing it tells nothing new
      }
      int pivot = col.idx[0];
      for (int r : col.idx) {
        if (rowCols[r].size() < rowCols[pivot].size()) {
          pivot = r;
        }
      }
      int[] touched = rowCols[pivot].toArray();
      boolean discloses = false;
      for (int x : touched) {
        if (protect.get(x) && cols[x].proportional(col)) {
          discloses = true;
          break;
        }
      }
      if (discloses) {
        secondary.set(c);
        continue;
      }
      for (int x : touched) {
        SparseVector updated = take(cols, rowCols, x).eliminate(pivot, col);
        put(cols, rowCols, x, updated);
      }
    }
    return secondary;
  }

  private static void put(SparseVector[] cols, CellSet[] rowCols, int c, SparseVector v) {
    cols[c] = v;
    for (int r : v.idx) {
      rowCols[r].add(c);
    }
  }

  private static SparseVector take(SparseVector[] cols, CellSet[] rowCols, int c) {
    SparseVector v = cols[c];
    cols[c] = null;
    for (int r : v.idx) {
      rowCols[r].remove(c);
    }
    return v;
  }

  /**
   * The cells whose columns hold one basis row: bits with their count (boxed hash sets were a quarter of the
   * elimination's time; {@link BitSet#clear} rescans for the last word in use on every removal).
   */
  private static final class CellSet {
    private long[] words;
    private int size;

    /** A set for cells below {@code cells} (it grows if a larger one is added). */
    CellSet(int cells) {
      words = new long[(cells >>> 6) + 1];
    }

    void add(int c) {
      int w = c >>> 6;
      if (w >= words.length) {
        words = java.util.Arrays.copyOf(words, Math.max(w + 1, 2 * words.length));
      }
      long bit = 1L << c;
      if ((words[w] & bit) == 0) {
        words[w] |= bit;
        size++;
      }
    }

    void remove(int c) {
      int w = c >>> 6;
      long bit = 1L << c;
      if (w < words.length && (words[w] & bit) != 0) {
        words[w] &= ~bit;
        size--;
      }
    }

    int size() {
      return size;
    }

    /** The cells, ascending. */
    int[] toArray() {
      int[] out = new int[size];
      int k = 0;
      for (int w = 0; w < words.length; w++) {
        long bits = words[w];
        while (bits != 0) {
          out[k++] = (w << 6) + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
        }
      }
      return out;
    }
  }
}
