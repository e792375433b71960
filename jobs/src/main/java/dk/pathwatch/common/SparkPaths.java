package dk.pathwatch.common;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark expands every path it reads as a Hadoop glob pattern, so a folder named {@code run [1]} or {@code {a,b}}
 * would be read as a pattern (and "not found"). Every path the job hands to a Spark reader goes through
 * {@link #literal}, which escapes the glob characters; Hadoop's FileSystem calls (list, exists, rename, create) and
 * Spark's writers take paths literally and need nothing.
 */
public final class SparkPaths {
  private static final String GLOB_CHARACTERS = "\\[]{}*?";

  private SparkPaths() {}

  /** The path with every glob character escaped by a backslash: a pattern that matches only the path itself. */
  public static String literal(String path) {
    StringBuilder s = new StringBuilder(path.length() + 8);
    for (char c : path.toCharArray()) {
      if (GLOB_CHARACTERS.indexOf(c) >= 0) {
        s.append('\\');
      }
      s.append(c);
    }
    return s.toString();
  }

  /** {@code spark.read().parquet(path)}, the path taken literally. */
  public static Dataset<Row> parquet(SparkSession spark, String path) {
    return parquet(spark.read(), path);
  }

  /** {@code reader.parquet(path)}, the path taken literally. */
  public static Dataset<Row> parquet(DataFrameReader reader, String path) {
    return reader.parquet(literal(path));
  }
}
