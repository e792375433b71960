package dk.pathwatch.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Row count and a content checksum of an input table in one pass. The checksum is the sum of a 64-bit hash
 * of every row, so it does not depend on file layout or row order: the same rows give the same checksum.
 */
public final class InputStats {
  private InputStats() {}

  public static Map<String, Object> of(Dataset<Row> table) {
    Row r = table.agg(count(lit(1)), checksum(Arrays.asList(table.columns()))).first();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("rows", r.getLong(0));
    stats.put("checksum", text(r.isNullAt(1) ? null : r.getDecimal(1)));
    return stats;
  }

  /**
   * The checksum of the rows of a table with these columns, in this order, as an aggregate expression: computed on
   * any pass that carries those columns unchanged (the walk's marker rows, the episode scope's rows).
   */
  public static Column checksum(java.util.List<String> columns) {
    return sum(xxhash64(columns.stream().map(c -> col(c)).toArray(Column[]::new)).cast("decimal(38,0)"));
  }

  /** The checksum as the manifest writes it ({@code 0} for an empty table). */
  public static String text(java.math.BigDecimal checksum) {
    return checksum == null ? "0" : checksum.toPlainString();
  }
}
