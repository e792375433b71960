package dk.pathwatch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table Spark wrote reads back with the schema from its footer exactly as Spark's own inference reads it. */
class WrittenParquetTest {
  private final SparkSession spark = SharedSpark.get();

  @Test
  void readsWithTheFooterSchemaWhatSparkInfers(@TempDir Path tmp) {
    String folder = tmp.resolve("t [1]").toString();
    spark.sql("select * from values ('a', 1L, date'2025-01-02', array('x'), 1.5d), "
        + "('b', null, null, array(), null) as t(s, n, d, xs, v)").repartition(2).write().parquet(folder);
    assertTrue(WrittenParquet.schema(spark.sparkContext().hadoopConfiguration(), folder).isPresent(),
        "Spark's schema is in the footer");
    Dataset<Row> inferred = SparkPaths.parquet(spark, folder);
    Dataset<Row> read = WrittenParquet.read(spark, folder);
    assertEquals(inferred.schema(), read.schema());
    assertEquals(rows(inferred), rows(read));
  }

  @Test
  void aPartitionedFolderIsLeftToSparksInference(@TempDir Path tmp) {
    String folder = tmp.resolve("p").toString();
    spark.sql("select * from values ('a', 'marker'), ('b', 'episode') as t(s, scope)")
        .write().partitionBy("scope").parquet(folder);
    assertTrue(WrittenParquet.schema(spark.sparkContext().hadoopConfiguration(), folder).isEmpty());
    Dataset<Row> read = WrittenParquet.read(spark, folder);
    assertEquals(List.of("s", "scope"), List.of(read.columns()));
    assertEquals(List.of("[a,marker]", "[b,episode]"), rows(read));
  }

  private static List<String> rows(Dataset<Row> table) {
    return table.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
