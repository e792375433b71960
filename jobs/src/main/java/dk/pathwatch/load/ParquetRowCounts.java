package dk.pathwatch.load;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The number of rows of a table folder from its Parquet footers, read on the driver without a Spark job: the rows
 * the load step reports and the walk's row accounting compares its own counts with. The folder has passed
 * {@link SnapshotLoader}'s checks, so every data file is Parquet with a footer.
 */
public final class ParquetRowCounts {
  private ParquetRowCounts() {}

  /** Rows of every data file (not {@code _*} or {@code .*}) directly in the folder. */
  public static long rows(String folder, Configuration conf) {
    try {
      Path dir = new Path(folder);
      FileSystem fs = dir.getFileSystem(conf);
      long rows = 0;
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (st.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(st, conf))) {
          rows += reader.getRecordCount();
        }
      }
      return rows;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the Parquet footers of " + folder, e);
    }
  }
}
