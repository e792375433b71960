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
    long n = countsByValue.values().stream().mapToLong(Long::longValue).sum();
    Double[] out = new Double[3];
    for (int k = 1; k <= 3; k++) {
      long j = n * k / 4;
      Integer lo = valueAt(countsByValue, j);
      Integer hi = valueAt(countsByValue, j + 1);
      if (n * k % 4 == 0) {
        out[k - 1] = lo == null || hi == null ? null : (lo + hi) / 2.0;
      } else {
        out[k - 1] = hi == null ? null : hi.doubleValue();
      }
    }
    return out;
  }

  /** The value at sorted position {@code pos} (1-based), or null outside 1…n. */
  private static Integer valueAt(NavigableMap<Integer, Long> countsByValue, long pos) {
    long cum = 0;
    for (Map.Entry<Integer, Long> e : countsByValue.entrySet()) {
      long prev = cum;
      cum += e.getValue();
      if (prev < pos && pos <= cum) {
        return e.getKey();
      }
    }
    return null;
  }
}
