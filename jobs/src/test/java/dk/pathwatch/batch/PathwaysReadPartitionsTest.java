package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pathways step reads each file of the walk's output (one per shuffle partition and kind, about the same size)
 * as a task of its own, so its stages fill both cores to the end; Spark's default packs several files into a task,
 * which at 20M markers left 3 tasks on 2 cores (issue #16). The session's setting is left as it was.
 */
class PathwaysReadPartitionsTest {
  private static final int FILES = 9;

  @Test
  void eachFileOfAFolderIsATaskOfItsOwn(@TempDir Path tmp) {
    SparkSession spark = SharedSpark.get();
    String folder = tmp.resolve("kind=pathway").toString();
    spark.range(0, 9_000).repartition(FILES).write().parquet(folder);
    String shufflePartitions = spark.conf().get("spark.sql.shuffle.partitions");
    spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(FILES));
    try {
      int packed = spark.read().parquet(folder).rdd().getNumPartitions();
      assertTrue(packed < FILES, "Spark's default packs the files into fewer tasks: " + packed);

      int read = PathwaysStep.withOneTaskPerFile(spark, () -> spark.read().parquet(folder).rdd().getNumPartitions());

      assertEquals(FILES, read);
      assertFalse(spark.conf().getOption(PathwaysStep.MIN_READ_PARTITIONS).isDefined(),
          "the session's setting is put back");
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", shufflePartitions);
    }
  }
}
