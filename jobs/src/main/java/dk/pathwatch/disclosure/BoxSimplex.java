package dk.pathwatch.disclosure;

/**
 * A small dense primal simplex for the audit's linear programs: maximise {@code c·v} over variables
 * {@code v = (x, s)} with {@code lo ≤ x ≤ hi} and row activities {@code s = A x} within {@code rowLo ≤ s ≤ rowHi},
 * starting from a known feasible point (the true table values), so there is no phase 1.
 *
 * <p>Why not a general solver: the audit asks for the minimum and the maximum of every hidden cell over the same
 * polytope, hundreds of objectives per polytope. This solver keeps its basis from one objective to the next (warm
 * start), so each further objective costs a few pivots; a general solver starts each from scratch. Its results are
 * checked against ojAlgo's on random programs in the tests.
 *
 * <p>Bounded-variable simplex on a dense tableau: basic variables are expressed by the nonbasic ones; nonbasic
 * variables sit at a bound or, at the start, anywhere between (the true point). Dantzig's entering rule, Bland's
 * after a run of degenerate pivots.
 */
final class BoxSimplex {
  static final double INF = Double.POSITIVE_INFINITY;
  private static final double EPS = 1e-9;
  private static final int DEGENERATE_RUN = 50;
  /** A pivot row with more than one nonzero entry in this many is swept whole (see {@link #pivot}). */
  private static final int DENSE_SHARE = 4;

  private final int n;
  private final int m;
  private final int cols;
  /**
   * The tableau over the nonbasic variables only (m × n, not m × (n + m): the basic variables' columns are unit
   * vectors and were most of the memory a pivot swept). Row i: x_basis[i] + Σ_q t[i][q]·v_{nonbasic[q]} = 0.
   */
  private final double[][] t;
  private final int[] basis;
  /** By slot of the compact tableau: the nonbasic variable it holds. */
  private final int[] nonbasic;
  /** By variable: its slot in the compact tableau, or -1 while it is basic. */
  private final int[] slot;
  private final double[] lo;
  private final double[] hi;
  private final double[] val;
  /** Scratch: the nonzero slots of the pivot row. */
  private final int[] nonzero;

  /**
   * @param a the m × n matrix of the row activities
   * @param x0 a feasible point of the structural variables
   */
  BoxSimplex(double[][] a, double[] rowLo, double[] rowHi, double[] xLo, double[] xHi, double[] x0) {
    this.m = a.length;
    this.n = x0.length;
    this.cols = n + m;
    t = new double[m][n];
    basis = new int[m];
    nonbasic = new int[n];
    slot = new int[cols];
    lo = new double[cols];
    hi = new double[cols];
    val = new double[cols];
    nonzero = new int[n];
    for (int j = 0; j < n; j++) {
      lo[j] = xLo[j];
      hi[j] = xHi[j];
      val[j] = x0[j];
      nonbasic[j] = j;
      slot[j] = j;
    }
    for (int i = 0; i < m; i++) {
      // s_i − Σ a_ij x_j = 0, s_i basic
      for (int j = 0; j < n; j++) {
        t[i][j] = -a[i][j];
      }
      basis[i] = n + i;
      slot[n + i] = -1;
      lo[n + i] = rowLo[i];
      hi[n + i] = rowHi[i];
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += a[i][j] * x0[j];
      }
      val[n + i] = s;
    }
  }

  int structural() {
    return n;
  }

  /** The current value of variable j (structural, then row activities): a vertex after {@link #maximise}. */
  double value(int j) {
    return val[j];
  }

  /**
   * The maximum of {@code c·v} (c over all n + m variables), or {@link #INF} when unbounded. The basis is kept for
   * the next call.
   */
  double maximise(double[] c) {
    return maximise(c, INF);
  }

  /**
   * As {@link #maximise(double[])}, but stops at the first point whose objective reaches {@code enough} and returns
   * that objective: a value the variables can take, not necessarily the maximum (enough to show a cell moves).
   */
  double maximise(double[] c, double enough) {
    double[] d = reducedCosts(c);
    int degenerate = 0;
    double z = enough == INF ? 0 : objective(c);
    for (int iter = 0; iter < 50_000; iter++) {
      if (z >= enough) {
        return objective(c);
      }
      int enter = entering(d, degenerate >= DEGENERATE_RUN);
      if (enter < 0) {
        return objective(c);
      }
      double dir = d[enter] > 0 ? 1 : -1;
      int q = slot[enter];
      // moving v_enter by dir·θ moves basic i by −t[i][q]·dir·θ (q: the slot of v_enter)
      double theta = dir > 0 ? hi[enter] - val[enter] : val[enter] - lo[enter];
      int leave = -1;
      for (int i = 0; i < m; i++) {
        double rate = -t[i][q] * dir;
        if (Math.abs(rate) <= EPS) {
          continue;
        }
        int b = basis[i];
        double room = rate > 0 ? (hi[b] - val[b]) / rate : (lo[b] - val[b]) / rate;
        if (room < theta - EPS || (leave >= 0 && room < theta + EPS && b < basis[leave])) {
          theta = Math.max(room, 0);
          leave = i;
        }
      }
      if (theta == INF) {
        return INF;
      }
      degenerate = theta <= EPS ? degenerate + 1 : 0;
      z += Math.abs(d[enter]) * theta;
      val[enter] += dir * theta;
      for (int i = 0; i < m; i++) {
        val[basis[i]] -= t[i][q] * dir * theta;
      }
      if (leave >= 0) {
        int out = basis[leave];
        double rate = -t[leave][q] * dir;
        val[out] = rate > 0 ? hi[out] : lo[out];
        pivot(leave, enter, d);
      }
    }
    throw new IllegalStateException("disclosure audit: the simplex did not finish");
  }

  /**
   * The reduced costs of objective {@code c} at the current basis, by variable (zero for the basic ones): on every
   * point of the rows, {@code c·v = Σ_j d_j·v_j} over the nonbasic variables. After {@link #maximise} has stopped
   * at an optimum, each nonbasic {@code v_j} with {@code d_j ≠ 0} sits at the bound that limits the objective.
   */
  double[] reducedCostsNow(double[] c) {
    return reducedCosts(c);
  }

  /** Whether variable j is basic. */
  boolean basic(int j) {
    return slot[j] < 0;
  }

  private double[] reducedCosts(double[] c) {
    double[] d = c.clone();
    for (int i = 0; i < m; i++) {
      double cb = c[basis[i]];
      if (cb != 0) {
        // objective contribution of basic i = cb·x_b = −cb·Σ t[i][q]·v_nonbasic[q]
        double[] row = t[i];
        for (int q = 0; q < n; q++) {
          d[nonbasic[q]] -= cb * row[q];
        }
      }
    }
    for (int i = 0; i < m; i++) {
      d[basis[i]] = 0;
    }
    return d;
  }

  private int entering(double[] d, boolean bland) {
    int best = -1;
    double bestGain = EPS;
    for (int j = 0; j < cols; j++) {
      if (slot[j] < 0) {
        continue;
      }
      boolean up = d[j] > EPS && val[j] < hi[j] - EPS;
      boolean down = d[j] < -EPS && val[j] > lo[j] + EPS;
      if (up || down) {
        if (bland) {
          return j;
        }
        if (Math.abs(d[j]) > bestGain) {
          bestGain = Math.abs(d[j]);
          best = j;
        }
      }
    }
    return best;
  }

  /**
   * Makes {@code enter} basic in row {@code r}; the leaving variable takes its slot. The same arithmetic as on the
   * full tableau: the leaving variable's column there was the unit vector of row r.
   */
  private void pivot(int r, int enter, double[] d) {
    int q = slot[enter];
    int out = basis[r];
    double[] row = t[r];
    double p = row[q];
    // only the pivot row's nonzero entries change other rows
    int[] nz = nonzero;
    int k = 0;
    for (int j = 0; j < n; j++) {
      if (j != q && row[j] != 0) {
        row[j] /= p;
        nz[k++] = j;
      }
    }
    double inverse = 1 / p;
    row[q] = inverse;
    // a dense row is swept whole, which the JIT vectorises: subtracting f·0 leaves an entry as it is, so the
    // values are the same as sweeping only the nonzero entries (at 1M pathways rows were mostly dense)
    boolean dense = DENSE_SHARE * k > n;
    for (int i = 0; i < m; i++) {
      if (i == r) {
        continue;
      }
      double[] other = t[i];
      double f = other[q];
      if (f != 0) {
        if (dense) {
          for (int j = 0; j < n; j++) {
            other[j] -= f * row[j];
          }
        } else {
          for (int e = 0; e < k; e++) {
            int j = nz[e];
            other[j] -= f * row[j];
          }
        }
        other[q] = 0 - f * inverse;
      }
    }
    double f = d[enter];
    if (f != 0) {
      for (int e = 0; e < k; e++) {
        int j = nz[e];
        d[nonbasic[j]] -= f * row[j];
      }
      d[out] = 0 - f * inverse;
    }
    d[enter] = 0;
    basis[r] = enter;
    slot[enter] = -1;
    slot[out] = q;
    nonbasic[q] = out;
  }

  private double objective(double[] c) {
    double z = 0;
    for (int j = 0; j < cols; j++) {
      z += c[j] * val[j];
    }
    return z;
  }
}
