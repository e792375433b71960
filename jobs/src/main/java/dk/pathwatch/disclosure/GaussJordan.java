package dk.pathwatch.disclosure;

import java.util.function.ToIntFunction;

/**
 * Incremental exact Gauss–Jordan elimination of sparse integer rows: each row added is reduced by the pivots so
 * far, gets a pivot of its own (chosen by the caller) and is eliminated from every earlier row, so each pivot row
 * holds its pivot and free (non-pivot) entries only. Shared by the suppression (the null space of the relations)
 * and the audit (hidden cells expressed by free hidden cells).
 */
final class GaussJordan {
  /**
   * Pivot index → its row, null where the index is no pivot: by index in an array that grows (a hash map keyed by
   * boxed indices: its look-ups were about a quarter of the audit elimination's samples at 1M pathways).
   */
  private SparseVector[] pivotRow = new SparseVector[64];
  /**
   * Free index → the pivots whose rows hold it, appended to only: an entry may be stale (the row lost the index
   * when another was eliminated) or repeated; {@link #rowsWith} drops those when it reads the list. Keeping hash
   * sets exact on every elimination cost the audit a fifth of its time.
   */
  private IntList[] rowsWith = new IntList[64];

  /** The row whose pivot is {@code p}, or null when {@code p} is no pivot. */
  SparseVector row(int p) {
    return p < pivotRow.length ? pivotRow[p] : null;
  }

  boolean isPivot(int p) {
    return row(p) != null;
  }

  /**
   * The pivot rows as they stand, by pivot (null where an index is no pivot): rows are never changed in place, so
   * the array is a snapshot that {@link #restore} can bring back.
   */
  SparseVector[] snapshot() {
    return pivotRow.clone();
  }

  /**
   * Sets this (empty) elimination to the pivot rows given, by pivot: the state of an elimination that had reached
   * them, up to the order of {@link #rowsWith}'s lists, which no caller depends on.
   */
  void restore(SparseVector[] rows) {
    pivotRow = java.util.Arrays.copyOf(rows, Math.max(64, rows.length));
    for (int p = 0; p < rows.length; p++) {
      if (rows[p] != null) {
        for (int e : rows[p].idx) {
          if (e != p) {
            append(e, p);
          }
        }
      }
    }
  }

  /** Every pivot, ascending. */
  int[] pivots() {
    int k = 0;
    int[] out = new int[pivotRow.length];
    for (int p = 0; p < pivotRow.length; p++) {
      if (pivotRow[p] != null) {
        out[k++] = p;
      }
    }
    return java.util.Arrays.copyOf(out, k);
  }

  /**
   * Adds a row; {@code choose} picks the pivot among the reduced row's entries, or returns -1 when none may be one
   * (the row is then redundant). Returns the pivot, or -1.
   */
  int add(SparseVector row, ToIntFunction<SparseVector> choose) {
    for (int e : row.idx.clone()) {
      SparseVector p = row(e);
      if (p != null) {
        row = row.eliminate(e, p);
      }
    }
    if (row.isEmpty()) {
      return -1;
    }
    int pivot = choose.applyAsInt(row);
    if (pivot < 0) {
      return -1;
    }
    for (int q : rowsWith(pivot)) {
      SparseVector old = pivotRow[q];
      SparseVector updated = old.eliminate(pivot, row);
      pivotRow[q] = updated;
      // the entries the row gained (only the added row can bring them): one merge, not a search per entry
      int a = 0;
      for (int e : updated.idx) {
        while (a < old.idx.length && old.idx[a] < e) {
          a++;
        }
        if (a == old.idx.length || old.idx[a] != e) {
          append(e, q);
        }
      }
    }
    if (pivot < rowsWith.length) {
      rowsWith[pivot] = null;
    }
    if (pivot >= pivotRow.length) {
      pivotRow = java.util.Arrays.copyOf(pivotRow, Math.max(pivot + 1, 2 * pivotRow.length));
    }
    pivotRow[pivot] = row;
    for (int e : row.idx) {
      if (e != pivot) {
        append(e, pivot);
      }
    }
    return pivot;
  }

  /**
   * The pivots whose rows hold the free index (in no particular order: every caller treats them alike). Stale and
   * repeated entries are dropped with a stamp per pivot instead of sorting the list on every read (the sort was a
   * tenth of the control's CPU at 1M pathways).
   */
  int[] rowsWith(int free) {
    IntList l = free < rowsWith.length ? rowsWith[free] : null;
    if (l == null) {
      return new int[0];
    }
    epoch++;
    int k = 0;
    for (int i = 0; i < l.size; i++) {
      int q = l.items[i];
      if (q >= stamp.length) {
        stamp = java.util.Arrays.copyOf(stamp, Math.max(q + 1, 2 * stamp.length));
      }
      if (stamp[q] == epoch) {
        continue;
      }
      stamp[q] = epoch;
      SparseVector row = pivotRow[q];
      if (row != null && row.get(free) != 0) {
        l.items[k++] = q;
      }
    }
    // keep the list clean for the next read
    l.size = k;
    return java.util.Arrays.copyOf(l.items, k);
  }

  /** Scratch of {@link #rowsWith}: the read in which a pivot was last seen. */
  private int[] stamp = new int[64];
  private int epoch;

  private void append(int free, int pivot) {
    if (free >= rowsWith.length) {
      rowsWith = java.util.Arrays.copyOf(rowsWith, Math.max(free + 1, 2 * rowsWith.length));
    }
    IntList l = rowsWith[free];
    if (l == null) {
      l = new IntList();
      rowsWith[free] = l;
    }
    l.add(pivot);
  }

  /** A growable list of ints. */
  private static final class IntList {
    int[] items = new int[4];
    int size;

    void add(int v) {
      if (size == items.length) {
        items = java.util.Arrays.copyOf(items, 2 * size);
      }
      items[size++] = v;
    }
  }

  /** Union-find roots with path halving, for splitting cells into independent groups. */
  static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  static void union(int[] parent, int a, int b) {
    int ra = root(parent, a);
    int rb = root(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
