package dk.pathwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Compares published tables row for row (as multisets: order does not matter, duplicates do). */
public final class TableAssert {
  private TableAssert() {}

  public static void sameRows(Dataset<Row> expected, Dataset<Row> actual, String what) {
    assertEquals(List.of(expected.columns()), List.of(actual.columns()), what + ": columns");
    long missing = expected.exceptAll(actual).count();
    long extra = actual.exceptAll(expected).count();
    assertEquals(0, missing + extra, what + ": " + missing + " rows missing, " + extra + " rows extra");
  }

  /** Every table under {@code a/tables} equals the one under {@code b/tables}, and both have the same tables. */
  public static void sameTables(SparkSession spark, Path a, Path b) {
    List<String> tablesA = tableNames(a);
    assertEquals(tablesA, tableNames(b), "same tables");
    assertTrue(!tablesA.isEmpty(), "some tables");
    for (String t : tablesA) {
      sameRows(spark.read().parquet(a.resolve("tables/" + t).toString()),
          spark.read().parquet(b.resolve("tables/" + t).toString()), t);
    }
  }

  public static List<String> tableNames(Path run) {
    try (Stream<Path> s = Files.list(run.resolve("tables"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
