package dk.pathwatch.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.pathwatch.ExitCodes;
import dk.pathwatch.PathwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small-file IO and folder moves through Hadoop's FileSystem API, so that outputs, staging and the atomic
 * publish work the same on a local disk, HDFS or an S3-compatible store.
 */
public final class OutputFiles {
  /** Plain Jackson: no module auto-discovery, which would pick up Spark's Scala module and yield Scala maps. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Configuration conf;

  public OutputFiles(Configuration conf) {
    this.conf = conf;
  }

  public FileSystem fs(String path) {
    try {
      return new Path(path).getFileSystem(conf);
    } catch (IOException e) {
      throw unwritable(path, e);
    }
  }

  public boolean exists(String path) {
    try {
      return fs(path).exists(new Path(path));
    } catch (IOException e) {
      throw unwritable(path, e);
    }
  }

  public void writeString(String path, String content) {
    try (OutputStream out = fs(path).create(new Path(path), true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unwritable(path, e);
    }
  }

  public String readString(String path) {
    try (InputStream in = fs(path).open(new Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PathwatchException(ExitCodes.INTERNAL_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  public void writeJson(String path, Object value) {
    try {
      writeString(path, JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw unwritable(path, e);
    }
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> readJson(String path) {
    try {
      return JSON.readValue(readString(path), Map.class);
    } catch (IOException e) {
      throw new PathwatchException(ExitCodes.INTERNAL_ERROR, "cannot parse " + path + ": " + e.getMessage(), e);
    }
  }

  public void delete(String path) {
    try {
      fs(path).delete(new Path(path), true);
    } catch (IOException e) {
      throw unwritable(path, e);
    }
  }

  public void deleteIfEmpty(String path) {
    try {
      FileSystem fs = fs(path);
      Path p = new Path(path);
      if (fs.exists(p) && fs.listStatus(p).length == 0) {
        fs.delete(p, false);
      }
    } catch (IOException e) {
      throw unwritable(path, e);
    }
  }

  public void mkdirs(String path) {
    try {
      if (!fs(path).mkdirs(new Path(path))) {
        throw unwritable(path, new IOException("mkdirs returned false"));
      }
    } catch (IOException e) {
      throw unwritable(path, e);
    }
  }

  /** Renames {@code from} to {@code to} (one atomic rename on local disks and HDFS); parents are created. */
  public void rename(String from, String to) {
    try {
      FileSystem fs = fs(to);
      fs.mkdirs(new Path(to).getParent());
      if (!fs.rename(new Path(from), new Path(to))) {
        throw new IOException("rename returned false");
      }
    } catch (IOException e) {
      throw unwritable(to, e);
    }
  }

  /** Fails early, before any data is read, when the output folder cannot be written. */
  public void requireWritable(String folder) {
    String probe = folder + "/_staging/.write-probe-" + System.nanoTime();
    try {
      writeString(probe, "ok");
      delete(probe);
    } catch (PathwatchException e) {
      throw new PathwatchException(ExitCodes.OUTPUT_UNWRITABLE, "output folder " + folder + " is not writable: "
          + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static PathwatchException unwritable(String path, Exception e) {
    return new PathwatchException(ExitCodes.OUTPUT_UNWRITABLE, "cannot write " + path + ": " + e.getMessage(), e);
  }
}
