package dk.pathwatch.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftright;
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

  /**
   * The same checksum as {@link #checksum} as two aggregates over longs, for a pass that reads many rows: the hashes'
   * high halves (signed) and low halves (unsigned) summed as longs, which is exact up to 2^31 rows, where summing
   * every hash as a 38-digit decimal costs a {@code BigDecimal} addition per row (issue #16). {@link #combine} gives
   * the sum of the hashes back.
   *
   * @return the sum of the high halves, then the sum of the low halves
   */
  public static Column[] checksumHalves(java.util.List<String> columns) {
    Column hash = xxhash64(columns.stream().map(c -> col(c)).toArray(Column[]::new));
    return new Column[] {sum(shiftright(hash, 32)),
        sum(hash.bitwiseAND(lit(0xFFFFFFFFL)))};
  }

  /** The names of {@link #checksumAggregates}' two values among a pass's observed metrics. */
  private static final String HIGH = "checksum_high";
  private static final String LOW = "checksum_low";

  /** {@link #checksumHalves} named, for a pass's observed metrics; {@link #checksumText} reads them back. */
  public static java.util.List<Column> checksumAggregates(java.util.List<String> columns) {
    Column[] halves = checksumHalves(columns);
    return java.util.List.of(halves[0].as(HIGH), halves[1].as(LOW));
  }

  /** The checksum as the manifest writes it, from the observed values of {@link #checksumAggregates}. */
  public static String checksumText(Map<String, Object> observed) {
    return text(combine((Long) observed.get(HIGH), (Long) observed.get(LOW)));
  }

  /** The sum of the hashes from the halves of {@link #checksumHalves} (null, an empty table, when they are null). */
  public static java.math.BigDecimal combine(Long high, Long low) {
    if (high == null || low == null) {
      return null;
    }
    return java.math.BigDecimal.valueOf(high).multiply(java.math.BigDecimal.valueOf(1L << 32))
        .add(java.math.BigDecimal.valueOf(low));
  }

  /** The checksum as the manifest writes it ({@code 0} for an empty table). */
  public static String text(java.math.BigDecimal checksum) {
    return checksum == null ? "0" : checksum.toPlainString();
  }
}
