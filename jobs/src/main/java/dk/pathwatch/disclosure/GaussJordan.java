package dk.pathwatch.disclosure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Incremental exact Gauss–Jordan elimination of sparse integer rows: each row added is reduced by the pivots so
 * far, gets a pivot of its own (chosen by the caller) and is eliminated from every earlier row, so each pivot row
 * holds its pivot and free (non-pivot) entries only. Shared by the suppression (the null space of the relations)
 * and the audit (hidden cells expressed by free hidden cells).
 */
final class GaussJordan {
  /** Pivot index → its row. */
  final Map<Integer, SparseVector> pivotRow = new HashMap<>();
  /** Free index → the pivots whose rows hold it. */
  final Map<Integer, Set<Integer>> rowsWith = new HashMap<>();

  /**
   * Adds a row; {@code choose} picks the pivot among the reduced row's entries, or returns -1 when none may be one
   * (the row is then redundant). Returns the pivot, or -1.
   */
  int add(SparseVector row, ToIntFunction<SparseVector> choose) {
    for (int e : row.idx.clone()) {
      SparseVector p = pivotRow.get(e);
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
    for (int q : new ArrayList<>(rowsWith.getOrDefault(pivot, Set.of()))) {
      SparseVector old = pivotRow.get(q);
      SparseVector updated = old.eliminate(pivot, row);
      index(q, old, false);
      index(q, updated, true);
      pivotRow.put(q, updated);
    }
    pivotRow.put(pivot, row);
    index(pivot, row, true);
    return pivot;
  }

  Set<Integer> rowsWith(int free) {
    return rowsWith.getOrDefault(free, Set.of());
  }

  private void index(int pivot, SparseVector row, boolean add) {
    for (int e : row.idx) {
      if (e == pivot) {
        continue;
      }
      if (add) {
        rowsWith.computeIfAbsent(e, x -> new HashSet<>()).add(pivot);
      } else if (rowsWith.containsKey(e)) {
        rowsWith.get(e).remove(pivot);
      }
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
