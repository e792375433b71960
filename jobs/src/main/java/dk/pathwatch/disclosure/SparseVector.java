package dk.pathwatch.disclosure;

import java.util.Arrays;

/**
 * An immutable sparse vector of exact integers (indices ascending, no zero entries), with the one operation
 * Gaussian elimination needs: {@code a·x − b·y}, divided by the gcd of its entries so that they stay small.
 */
final class SparseVector {
  static final SparseVector EMPTY = new SparseVector(new int[0], new long[0]);

  final int[] idx;
  final long[] val;

  SparseVector(int[] idx, long[] val) {
    this.idx = idx;
    this.val = val;
  }

  static SparseVector of(int[] idx, long[] val) {
    Integer[] order = new Integer[idx.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(idx[a], idx[b]));
    int[] i2 = new int[idx.length];
    long[] v2 = new long[idx.length];
    int n = 0;
    for (int o : order) {
      if (n > 0 && i2[n - 1] == idx[o]) {
        v2[n - 1] += val[o];
      } else {
        i2[n] = idx[o];
        v2[n] = val[o];
        n++;
      }
    }
    return compact(i2, v2, n);
  }

  static SparseVector unit(int i, long v) {
    return new SparseVector(new int[] {i}, new long[] {v});
  }

  int size() {
    return idx.length;
  }

  boolean isEmpty() {
    return idx.length == 0;
  }

  long get(int i) {
    int p = Arrays.binarySearch(idx, i);
    return p >= 0 ? val[p] : 0;
  }

  /** {@code a·x − b·y}, normalised by the gcd of its entries (sign kept). */
  static SparseVector combine(long a, SparseVector x, long b, SparseVector y) {
    int[] i2 = new int[x.idx.length + y.idx.length];
    long[] v2 = new long[i2.length];
    int p = 0;
    int q = 0;
    int n = 0;
    while (p < x.idx.length || q < y.idx.length) {
      int ix = p < x.idx.length ? x.idx[p] : Integer.MAX_VALUE;
      int iy = q < y.idx.length ? y.idx[q] : Integer.MAX_VALUE;
      long v;
      int i;
      if (ix == iy) {
        v = Math.subtractExact(Math.multiplyExact(a, x.val[p++]), Math.multiplyExact(b, y.val[q++]));
        i = ix;
      } else if (ix < iy) {
        v = Math.multiplyExact(a, x.val[p++]);
        i = ix;
      } else {
        v = Math.negateExact(Math.multiplyExact(b, y.val[q++]));
        i = iy;
      }
      if (v != 0) {
        i2[n] = i;
        v2[n++] = v;
      }
    }
    long g = 0;
    for (int k = 0; k < n && g != 1; k++) {
      g = gcd(g, Math.abs(v2[k]));
    }
    if (g > 1) {
      for (int k = 0; k < n; k++) {
        v2[k] /= g;
      }
    }
    return compact(i2, v2, n);
  }

  /** Eliminates entry {@code i} of this vector with {@code pivot} (which has a non-zero entry at {@code i}). */
  SparseVector eliminate(int i, SparseVector pivot) {
    long mine = get(i);
    if (mine == 0) {
      return this;
    }
    long theirs = pivot.get(i);
    // coefficients of ±1 are the usual case: no gcd to take
    long g = mine == 1 || mine == -1 || theirs == 1 || theirs == -1 ? 1 : gcd(Math.abs(mine), Math.abs(theirs));
    return combine(theirs / g, this, mine / g, pivot);
  }

  /** Whether this vector is a non-zero multiple of {@code other}. */
  boolean proportional(SparseVector other) {
    if (idx.length != other.idx.length || idx.length == 0) {
      return false;
    }
    for (int k = 0; k < idx.length; k++) {
      if (idx[k] != other.idx[k]
          || Math.multiplyExact(val[k], other.val[0]) != Math.multiplyExact(other.val[k], val[0])) {
        return false;
      }
    }
    return true;
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private static SparseVector compact(int[] idx, long[] val, int n) {
    return n == idx.length ? new SparseVector(idx, val)
        : new SparseVector(Arrays.copyOf(idx, n), Arrays.copyOf(val, n));
  }
}
