package dk.pathwatch.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * CPR-like values: a Danish personal number (DDMMYY-SSSS, or the ten digits run together) in an extract that should
 * hold only pseudonyms. {@link SnapshotLoader} masks every string column of every input table as it reads it
 * ({@code 0101801234} and {@code 010180-1234} become {@code 010180-****}), so that no later step, table, report,
 * manifest or log line can hold one in clear: masking once, where the data enters, is what keeps it true whatever
 * the steps after it do.
 *
 * <p>Masking keeps the birth date and drops the serial number, so two persons born on the same day become one
 * value. That is accepted: a masked {@code cpr_encrypted} is a BLOCKER (rule DS07: the extract was not
 * pseudonymised), so no figure is ever published from merged persons; a masked episode key that merges two
 * episodes duplicates a key of {@code forloeb}, which DS02 blocks. A keyed hash would keep values apart, but its
 * key would be a secret to keep, and without one the 10^4 serial numbers of a birth date are quickly tried.
 *
 * <p>"CPR-like" means a day 01–31 and a month 01–12 in front, and the value standing alone: not part of a longer run
 * of letters and digits, so that a 13-digit episode key or a hexadecimal pseudonym with ten digits in a row is not
 * mistaken for one.
 */
public final class CprMask {
  /** DDMMYY (a real day and month), then {@code -}, a space or nothing, then four digits; not inside a longer word. */
  public static final String CPR_LIKE =
      "(?<![0-9A-Za-z])((?:0[1-9]|[12][0-9]|3[01])(?:0[1-9]|1[0-2])[0-9]{2})[- ]?[0-9]{4}(?![0-9A-Za-z])";
  /** What a masked value looks like (Java and Spark SQL regex): what checks look for after load. */
  public static final String MASKED = "[0-9]{6}-[*]{4}";

  private static final String REPLACEMENT = "$1-****";
  /** The shortest CPR-like value, ten digits run together. */
  private static final int MIN_LENGTH = 10;
  private static final Pattern PATTERN = Pattern.compile(CPR_LIKE);

  private CprMask() {}

  /** The text with every CPR-like value masked (for text that does not pass through a DataFrame). */
  public static String mask(String text) {
    return text == null ? null : PATTERN.matcher(text).replaceAll(REPLACEMENT);
  }

  /**
   * The column with every CPR-like value masked. Values shorter than a CPR number (codes, times, regions: most of
   * the input) skip the regex: Spark's regexp_replace copies every value into a Java string and back.
   */
  public static Column mask(Column column) {
    return when(length(column).geq(MIN_LENGTH), regexp_replace(column, CPR_LIKE, REPLACEMENT)).otherwise(column);
  }

  /** The table with every top-level string column masked; names, order and other columns unchanged. */
  public static Dataset<Row> maskStrings(Dataset<Row> table) {
    Column[] columns = Arrays.stream(table.schema().fields())
        .map(f -> f.dataType().equals(DataTypes.StringType) ? mask(col(f.name())).as(f.name()) : col(f.name()))
        .toArray(Column[]::new);
    return table.select(columns);
  }
}
