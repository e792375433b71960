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
    Column rowHash = xxhash64(Arrays.stream(table.columns()).map(c -> col(c)).toArray(Column[]::new));
    Row r = table.agg(count(lit(1)), sum(rowHash.cast("decimal(38,0)"))).first();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("rows", r.getLong(0));
    stats.put("checksum", r.isNullAt(1) ? "0" : r.getDecimal(1).toPlainString());
    return stats;
  }
}
