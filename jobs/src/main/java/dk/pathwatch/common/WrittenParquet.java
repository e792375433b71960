package dk.pathwatch.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a Parquet table that Spark wrote (an unpartitioned folder of part files) with the schema Spark stored in its
 * first part file's footer, read on the driver. {@code spark.read().parquet(folder)} alone infers that same schema
 * with a Spark job of its own (one per read, a fixed cost that a short run pays a dozen times).
 */
public final class WrittenParquet {
  /** The footer key under which Spark's Parquet writer stores the table's schema as JSON. */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  private WrittenParquet() {}

  /** The table in {@code folder}; inferred by Spark as before when no part file carries Spark's schema. */
  public static Dataset<Row> read(SparkSession spark, String folder) {
    return schema(spark.sparkContext().hadoopConfiguration(), folder)
        .map(s -> SparkPaths.parquet(spark.read().schema(s), folder))
        .orElseGet(() -> SparkPaths.parquet(spark, folder));
  }

  /** The schema Spark stored in the first (by name) part file of the folder, if any. */
  static Optional<StructType> schema(Configuration conf, String folder) {
    try {
      Path dir = new Path(folder);
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.isDirectory(dir)) {
        return Optional.empty();
      }
      Optional<FileStatus> first = Arrays.stream(fs.listStatus(dir))
          .filter(st -> st.isFile() && st.getPath().getName().endsWith(".parquet"))
          .min(Comparator.comparing(st -> st.getPath().getName()));
      if (first.isEmpty()) {
        return Optional.empty();
      }
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(first.get(), conf))) {
        String json = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA_KEY);
        return json == null ? Optional.empty() : Optional.of((StructType) DataType.fromJson(json));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the footer of a part file in " + folder, e);
    }
  }
}
