package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@code validation_results} counts, counted in one pass without a shuffle (one Spark job, issue #16): each
 * partition counts its own rows per region and violations per (region, rule) in a small map, the driver adds the
 * partitions' maps up. Regions and rules are few, so the maps are small whatever the rows.
 *
 * @param rowsPerRegion rows checked per region (a null key: rows without region)
 * @param violations violations per [region, rule_id], every severity
 */
public record RegionCounts(Map<String, Long> rowsPerRegion, Map<List<String>, Long> violations)
    implements Serializable {

  /** Counts a checked scope table ({@link ScopeEvaluator#evaluate}): every row, and each rule it broke. */
  public static RegionCounts ofChecked(Dataset<Row> checked, Scope scope) {
    return sum(checked.select(col(scope.regionColumn()).cast("string"), col(ScopeEvaluator.BROKEN_RULES))
        .toJavaRDD().mapPartitions(RegionCounts::countChecked).collect());
  }

  /**
   * Counts violations given one row per broken rule ({@code region, rule_id}) and the rows checked per region given
   * apart ({@code region, rows}, e.g. per partition of the pass that checked them), both in the same pass.
   */
  public static RegionCounts ofViolations(Dataset<Row> violations, Dataset<Row> rowsPerRegion) {
    Dataset<Row> both = violations.select(col("region").cast("string"), col("rule_id").cast("string"),
            lit(null).cast("long"))
        .unionAll(rowsPerRegion.select(col("region").cast("string"), lit(null).cast("string"),
            col("rows").cast("long")));
    return sum(both.toJavaRDD().mapPartitions(RegionCounts::countViolations).collect());
  }

  private static Iterator<RegionCounts> countChecked(Iterator<Row> rows) {
    RegionCounts counts = empty();
    while (rows.hasNext()) {
      Row r = rows.next();
      String region = r.getString(0);
      counts.rowsPerRegion.merge(region, 1L, Long::sum);
      List<String> broken = r.getList(1);
      for (String rule : broken) {
        counts.violations.merge(Arrays.asList(region, rule), 1L, Long::sum);
      }
    }
    return List.of(counts).iterator();
  }

  private static Iterator<RegionCounts> countViolations(Iterator<Row> rows) {
    RegionCounts counts = empty();
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.isNullAt(2)) {
        counts.violations.merge(Arrays.asList(r.getString(0), r.getString(1)), 1L, Long::sum);
      } else {
        counts.rowsPerRegion.merge(r.getString(0), r.getLong(2), Long::sum);
      }
    }
    return List.of(counts).iterator();
  }

  private static RegionCounts empty() {
    return new RegionCounts(new HashMap<>(), new HashMap<>());
  }

  private static RegionCounts sum(List<RegionCounts> parts) {
    RegionCounts total = empty();
    for (RegionCounts p : new ArrayList<>(parts)) {
      p.rowsPerRegion.forEach((k, v) -> total.rowsPerRegion.merge(k, v, Long::sum));
      p.violations.forEach((k, v) -> total.violations.merge(k, v, Long::sum));
    }
    return total;
  }
}
