package dk.pathwatch.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checksum the walk takes in two long sums is the manifest's checksum of the table (issue #16). */
class InputStatsTest {
  private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType)
      .add("code", DataTypes.StringType).add("day", DataTypes.DateType);

  @Test
  void theHalvesGiveTheSumOfTheHashes(@TempDir Path tmp) {
    SparkSession spark = SharedSpark.get();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      rows.add(RowFactory.create("E" + i, i % 7 == 0 ? null : "AFB0" + (i % 10) + "A",
          java.sql.Date.valueOf(java.time.LocalDate.of(2024, 1, 1).plusDays(i % 300))));
    }
    Dataset<Row> table = written(spark, tmp.resolve("t"), rows);
    List<String> columns = List.of(table.columns());
    Row halves = table.agg(InputStats.checksumHalves(columns)[0], InputStats.checksumHalves(columns)[1]).first();
    BigDecimal combined = InputStats.combine(halves.getLong(0), halves.getLong(1));

    assertEquals(InputStats.of(table).get("checksum"), InputStats.text(combined));
    long negative = table.where(org.apache.spark.sql.functions.xxhash64(table.col("id"), table.col("code"),
        table.col("day")).lt(0)).count();
    assertTrue(negative > 0 && negative < rows.size(), "hashes of both signs: " + negative);
  }

  @Test
  void anEmptyTableHasChecksumZero(@TempDir Path tmp) {
    Dataset<Row> table = written(SharedSpark.get(), tmp.resolve("empty"), List.of());
    List<String> columns = List.of(table.columns());
    Row halves = table.agg(InputStats.checksumHalves(columns)[0], InputStats.checksumHalves(columns)[1]).first();

    assertEquals("0", InputStats.text(InputStats.combine(halves.isNullAt(0) ? null : halves.getLong(0),
        halves.isNullAt(1) ? null : halves.getLong(1))));
    assertEquals("0", InputStats.of(table).get("checksum"));
  }

  private static Dataset<Row> written(SparkSession spark, Path path, List<Row> rows) {
    spark.createDataFrame(rows, SCHEMA).write().parquet(path.toString());
    return spark.read().parquet(path.toString());
  }
}
