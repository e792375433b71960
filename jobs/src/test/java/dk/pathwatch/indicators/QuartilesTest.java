package dk.pathwatch.indicators;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * SAS PCTLDEF=5 by hand: sort x₁…xₙ, n·p = j + g; g &gt; 0 → x_{j+1}, g = 0 → (x_j + x_{j+1}) / 2.
 * Each case lists its values and how its expected q1, median and q3 follow.
 */
class QuartilesTest {

  /** Group name → {q1, median, q3} from {@link Quartiles#of} over the given raw values. */
  private static Map<String, double[]> quartiles(Map<String, int[]> groups) {
    Map<String, double[]> out = new HashMap<>();
    groups.forEach((g, values) -> {
      java.util.TreeMap<Integer, Long> counts = new java.util.TreeMap<>();
      java.util.Arrays.stream(values).forEach(v -> counts.merge(v, 1L, Long::sum));
      Double[] q = Quartiles.of(counts);
      out.put(g, new double[] {q[0], q[1], q[2]});
    });
    return out;
  }

  /** The same from the all-Spark computation of 378bfee ({@link SparkAggregates#fromDayCounts}). */
  private static Map<String, double[]> quartilesInSpark(Map<String, int[]> groups) {
    String values = groups.entrySet().stream()
        .flatMap(e -> java.util.Arrays.stream(e.getValue()).mapToObj(v -> "('" + e.getKey() + "'," + v + ")"))
        .collect(Collectors.joining(","));
    Dataset<Row> raw = Fixtures.spark().sql("select * from values " + values + " as t(g, days)");
    Dataset<Row> perDay = raw.groupBy("g", "days").agg(count(lit(1)).as("c"));
    Map<String, double[]> out = new HashMap<>();
    for (Row r : SparkAggregates.fromDayCounts(perDay, List.of("g"), "days", "c", List.of())
        .select(col("g"), col("n"), col("q1"), col("median"), col("q3")).collectAsList()) {
      assertEquals(groups.get(r.getString(0)).length, r.getLong(1), "n of " + r.getString(0));
      out.put(r.getString(0), new double[] {r.getDouble(2), r.getDouble(3), r.getDouble(4)});
    }
    return out;
  }

  @Test
  void matchesHandComputedSasDefinition5() {
    Map<String, int[]> groups = new HashMap<>();
    Map<String, double[]> expected = new HashMap<>();
    // n=1 [7]: n·p = .25/.5/.75 → j=0, g>0 → x1 for all three.
    groups.put("n1", new int[] {7});
    expected.put("n1", new double[] {7, 7, 7});
    // n=2 [3,9]: q1 .5 → x1=3; median 1.0 → (x1+x2)/2=6; q3 1.5 → x2=9.
    groups.put("n2", new int[] {9, 3});
    expected.put("n2", new double[] {3, 6, 9});
    // n=3 [1,4,10]: q1 .75 → x1=1; median 1.5 → x2=4; q3 2.25 → x3=10.
    groups.put("n3", new int[] {10, 1, 4});
    expected.put("n3", new double[] {1, 4, 10});
    // n=4 [2,4,6,8]: q1 1.0 → (2+4)/2=3; median 2.0 → (4+6)/2=5; q3 3.0 → (6+8)/2=7.
    groups.put("n4", new int[] {8, 6, 4, 2});
    expected.put("n4", new double[] {3, 5, 7});
    // n=5 [1,2,3,4,5]: q1 1.25 → x2=2; median 2.5 → x3=3; q3 3.75 → x4=4.
    groups.put("n5", new int[] {5, 1, 3, 2, 4});
    expected.put("n5", new double[] {2, 3, 4});
    // n=6 (even) [10..60 step 10]: q1 1.5 → x2=20; median 3.0 → (30+40)/2=35; q3 4.5 → x5=50.
    groups.put("n6", new int[] {60, 10, 50, 20, 40, 30});
    expected.put("n6", new double[] {20, 35, 50});
    // n=7 (odd) [1..7]: q1 1.75 → x2=2; median 3.5 → x4=4; q3 5.25 → x6=6.
    groups.put("n7", new int[] {7, 6, 5, 4, 3, 2, 1});
    expected.put("n7", new double[] {2, 4, 6});
    // n=8 with ties [5,5,5,7,7,9,12,12]: q1 2.0 → (x2+x3)/2=(5+5)/2=5; median 4.0 → (x4+x5)/2=(7+7)/2=7;
    // q3 6.0 → (x6+x7)/2=(9+12)/2=10.5.
    groups.put("ties8", new int[] {12, 5, 7, 9, 5, 12, 7, 5});
    expected.put("ties8", new double[] {5, 7, 10.5});
    // n=4 ties straddling a position [3,3,3,8]: q1 1.0 → (3+3)/2=3; median 2.0 → (3+3)/2=3; q3 3.0 → (3+8)/2=5.5.
    groups.put("ties4", new int[] {3, 8, 3, 3});
    expected.put("ties4", new double[] {3, 3, 5.5});
    // n=5 all equal [4,4,4,4,4]: every position holds 4.
    groups.put("equal5", new int[] {4, 4, 4, 4, 4});
    expected.put("equal5", new double[] {4, 4, 4});
    // n=3 with a negative (a chronology fault kept as WARNING) [-2,0,5]: q1 .75 → -2; median 1.5 → 0; q3 2.25 → 5.
    groups.put("negative3", new int[] {5, -2, 0});
    expected.put("negative3", new double[] {-2, 0, 5});
    // n=10 [1,2,2,3,4,6,6,6,9,11]: q1 2.5 → x3=2; median 5.0 → (x5+x6)/2=(4+6)/2=5; q3 7.5 → x8=6.
    groups.put("n10", new int[] {6, 2, 11, 1, 6, 4, 9, 2, 3, 6});
    expected.put("n10", new double[] {2, 5, 6});

    Map<String, double[]> actual = quartiles(groups);
    assertEquals(expected.keySet(), actual.keySet());
    for (String g : expected.keySet()) {
      double[] e = expected.get(g);
      double[] a = actual.get(g);
      assertEquals(e[0], a[0], 0.0, g + " q1");
      assertEquals(e[1], a[1], 0.0, g + " median");
      assertEquals(e[2], a[2], 0.0, g + " q3");
    }
    Map<String, double[]> inSpark = quartilesInSpark(groups);
    for (String g : expected.keySet()) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(inSpark.get(g), actual.get(g), 0.0, g + " as in Spark");
    }
  }
}
