package dk.pathwatch.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/** The audit's simplex against ojAlgo on random bounded programs shaped like the audit's (coefficients 0, ±1, ±2). */
class BoxSimplexTest {

  @Test
  void agreesWithOjAlgoOnRandomProgramsObjectiveAfterObjective() {
    Random rnd = new Random(13);
    int compared = 0;
    int unbounded = 0;
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(8);
      int m = rnd.nextInt(10);
      double[] x0 = new double[n];
      double[] xLo = new double[n];
      double[] xHi = new double[n];
      for (int j = 0; j < n; j++) {
        x0[j] = rnd.nextInt(12);
        xLo[j] = Math.max(0, x0[j] - rnd.nextInt(3));
        xHi[j] = rnd.nextInt(4) == 0 ? BoxSimplex.INF : x0[j] + rnd.nextInt(5);
      }
      double[][] a = new double[m][n];
      double[] rowLo = new double[m];
      double[] rowHi = new double[m];
      for (int i = 0; i < m; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          a[i][j] = rnd.nextInt(3) == 0 ? rnd.nextInt(5) - 2 : 0;
          s += a[i][j] * x0[j];
        }
        rowLo[i] = s - rnd.nextInt(4);
        rowHi[i] = rnd.nextInt(3) == 0 ? BoxSimplex.INF : s + rnd.nextInt(4);
      }
      BoxSimplex simplex = new BoxSimplex(a, rowLo, rowHi, xLo, xHi, x0);
      for (int k = 0; k < 6; k++) {
        double[] c = new double[n + m];
        for (int j = 0; j < c.length; j++) {
          c[j] = rnd.nextInt(3) == 0 ? rnd.nextInt(5) - 2 : 0;
        }
        double mine = simplex.maximise(c);
        double theirs = ojAlgoMax(a, rowLo, rowHi, xLo, xHi, c);
        if (theirs == BoxSimplex.INF) {
          unbounded++;
        }
        assertEquals(theirs, mine, 1e-6, "trial " + trial + " objective " + k);
        compared++;
      }
    }
    assertTrue(compared == 1200 && unbounded > 10, "unbounded cases exercised: " + unbounded);
  }

  private static double ojAlgoMax(double[][] a, double[] rowLo, double[] rowHi, double[] xLo, double[] xHi,
      double[] c) {
    int n = xLo.length;
    int m = a.length;
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    Variable[] x = new Variable[n];
    for (int j = 0; j < n; j++) {
      x[j] = model.addVariable("x" + j).lower(xLo[j]).weight(c[j]);
      if (xHi[j] != BoxSimplex.INF) {
        x[j].upper(xHi[j]);
      }
    }
    // a row activity is a variable s_i = Σ a_ij x_j within its bounds, so that the objective may weigh it
    for (int i = 0; i < m; i++) {
      Variable s = model.addVariable("s" + i).lower(rowLo[i]).weight(c[n + i]);
      if (rowHi[i] != BoxSimplex.INF) {
        s.upper(rowHi[i]);
      }
      Expression e = model.addExpression("r" + i).level(0);
      for (int j = 0; j < n; j++) {
        if (a[i][j] != 0) {
          e.set(x[j], a[i][j]);
        }
      }
      e.set(s, -1);
    }
    Optimisation.Result r = model.maximise();
    if (r.getState() == Optimisation.State.UNBOUNDED) {
      return BoxSimplex.INF;
    }
    assertTrue(r.getState().isOptimal(), "ojAlgo: " + r.getState());
    return r.getValue();
  }
}
