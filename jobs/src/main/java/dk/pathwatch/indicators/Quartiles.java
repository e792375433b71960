package dk.pathwatch.indicators;

import java.util.Map;
import java.util.NavigableMap;

/**
 * Exact quartiles with SAS's default definition (PCTLDEF=5, SPEC §4): for sorted x₁…xₙ and p, let n·p = j + g
 * (j integer, 0 ≤ g &lt; 1); the quantile is x_{j+1} when g &gt; 0 and (x_j + x_{j+1}) / 2 when g = 0.
 *
 * <p>Computed without approximation from the number of rows per value (a cell's day counts, collected from one
 * Spark aggregation): the value at sorted position k is the one whose running count range (cum − c, cum] holds k.
 * With p = k/4 the split n·p = j + g is integer arithmetic: j = (n·k) div 4, g = 0 exactly when n·k is divisible
 * by 4.
 */
public final class Quartiles {
  /** The name of the definition, to be recorded with the figures. */
  public static final String DEFINITION = "SAS PCTLDEF=5";

  private Quartiles() {}

  /**
   * {q1, median, q3} of the values with their row counts (all counts above 0), or three nulls when there are none.
   */
  public static Double[] of(NavigableMap<Integer, Long> countsByValue) {
    int[] values = new int[countsByValue.size()];
    long[] counts = new long[countsByValue.size()];
    int i = 0;
    for (Map.Entry<Integer, Long> e : countsByValue.entrySet()) {
      values[i] = e.getKey();
      counts[i++] = e.getValue();
    }
    return ofSorted(values, counts, i);
  }

  /**
   * {q1, median, q3} of the first {@code size} values, strictly increasing, with their row counts (all above 0): the
   * indicators' driver finishes tens of thousands of cells with up to a few thousand days each.
   */
  public static Double[] ofSorted(int[] values, long[] counts, int size) {
    long[] cumulative = new long[size];
    long n = 0;
    for (int i = 0; i < size; i++) {
      n += counts[i];
      cumulative[i] = n;
    }
    Double[] out = new Double[3];
    for (int k = 1; k <= 3 && n > 0; k++) {
      long j = n * k / 4;
      // j + 1 ≤ n always; g = 0 (n·k divisible by 4, n ≥ 1) gives j ≥ 1, so x_j exists where it is read
      int hi = values[indexOf(cumulative, size, j + 1)];
      out[k - 1] = n * k % 4 == 0 ? (values[indexOf(cumulative, size, j)] + hi) / 2.0 : (double) hi;
    }
    return out;
  }

  /**
   * The index of the value at sorted position {@code pos} (1 ≤ pos ≤ n): the first whose running count reaches it
   * (the running counts rise strictly, every count being above 0).
   */
  private static int indexOf(long[] cumulative, int size, long pos) {
    int found = java.util.Arrays.binarySearch(cumulative, 0, size, pos);
    return found >= 0 ? found : -found - 1;
  }
}
