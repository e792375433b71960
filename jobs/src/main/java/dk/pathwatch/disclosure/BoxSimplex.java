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
 * <p>Bounded-variable simplex on a full tableau: basic variables are expressed by the nonbasic ones; nonbasic
 * variables sit at a bound or, at the start, anywhere between (the true point). Dantzig's entering rule, Bland's
 * after a run of degenerate pivots.
 */
final class BoxSimplex {
  static final double INF = Double.POSITIVE_INFINITY;
  private static final double EPS = 1e-9;
  private static final int DEGENERATE_RUN = 50;

  private final int n;
  private final int m;
  private final int cols;
  /** Row i: x_basis[i] + Σ_{j nonbasic} t[i][j]·v_j = 0. */
  private final double[][] t;
  private final int[] basis;
  private final boolean[] isBasic;
  private final double[] lo;
  private final double[] hi;
  private final double[] val;
  /** Scratch: the nonzero columns of the pivot row. */
  private final int[] nonzero;

  /**
   * @param a the m × n matrix of the row activities
   * @param x0 a feasible point of the structural variables
   */
  BoxSimplex(double[][] a, double[] rowLo, double[] rowHi, double[] xLo, double[] xHi, double[] x0) {
    this.m = a.length;
    this.n = x0.length;
    this.cols = n + m;
    t = new double[m][cols];
    basis = new int[m];
    isBasic = new boolean[cols];
    lo = new double[cols];
    hi = new double[cols];
    val = new double[cols];
    nonzero = new int[cols];
    for (int j = 0; j < n; j++) {
      lo[j] = xLo[j];
      hi[j] = xHi[j];
      val[j] = x0[j];
    }
    for (int i = 0; i < m; i++) {
      // s_i − Σ a_ij x_j = 0, s_i basic
      for (int j = 0; j < n; j++) {
        t[i][j] = -a[i][j];
      }
      t[i][n + i] = 1;
      basis[i] = n + i;
      isBasic[n + i] = true;
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
      // moving v_enter by dir·θ moves basic i by −t[i][enter]·dir·θ
      double theta = dir > 0 ? hi[enter] - val[enter] : val[enter] - lo[enter];
      int leave = -1;
      for (int i = 0; i < m; i++) {
        double rate = -t[i][enter] * dir;
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
        val[basis[i]] -= t[i][enter] * dir * theta;
      }
      if (leave >= 0) {
        int out = basis[leave];
        double rate = -t[leave][enter] * dir;
        val[out] = rate > 0 ? hi[out] : lo[out];
        pivot(leave, enter, d);
      }
    }
    throw new IllegalStateException("disclosure audit: the simplex did not finish");
  }

  private double[] reducedCosts(double[] c) {
    double[] d = c.clone();
    for (int i = 0; i < m; i++) {
      double cb = c[basis[i]];
      if (cb != 0) {
        // objective contribution of basic i = cb·x_b = −cb·Σ t[i][j]·v_j
        double[] row = t[i];
        for (int j = 0; j < cols; j++) {
          d[j] -= cb * row[j];
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
      if (isBasic[j]) {
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

  /** Makes {@code enter} basic in row {@code r}. */
  private void pivot(int r, int enter, double[] d) {
    double[] row = t[r];
    double p = row[enter];
    // only the pivot row's nonzero entries change other rows (about a quarter of the columns in the demo's tables)
    int[] nz = nonzero;
    int k = 0;
    for (int j = 0; j < cols; j++) {
      if (row[j] != 0) {
        row[j] /= p;
        nz[k++] = j;
      }
    }
    row[enter] = 1;
    for (int i = 0; i < m; i++) {
      if (i == r) {
        continue;
      }
      double f = t[i][enter];
      if (f != 0) {
        double[] other = t[i];
        for (int q = 0; q < k; q++) {
          int j = nz[q];
          other[j] -= f * row[j];
        }
        other[enter] = 0;
      }
    }
    int out = basis[r];
    double f = d[enter];
    if (f != 0) {
      for (int q = 0; q < k; q++) {
        int j = nz[q];
        d[j] -= f * row[j];
      }
    }
    d[enter] = 0;
    isBasic[out] = false;
    isBasic[enter] = true;
    basis[r] = enter;
  }

  private double objective(double[] c) {
    double z = 0;
    for (int j = 0; j < cols; j++) {
      z += c[j] * val[j];
    }
    return z;
  }
}
