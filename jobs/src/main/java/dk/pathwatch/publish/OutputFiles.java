package dk.pathwatch.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Small-file IO and folder moves through Hadoop's FileSystem API, so that outputs, staging and the atomic
 * publish work the same on a local disk, HDFS or an S3-compatible store. The two atomic file operations the
 * published place and the lock rely on, {@link #replaceFile} and {@link #createExclusive}, use the operating
 * system's rename and link on a local disk and Hadoop's {@link FileContext} rename elsewhere (one atomic
 * operation of the NameNode on HDFS).
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

  public byte[] readBytes(String path) {
    try (InputStream in = fs(path).open(new Path(path))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new PathwatchException(ExitCodes.INTERNAL_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code path} is a directory (false when missing). */
  public boolean isDirectory(String path) {
    try {
      return fs(path).getFileStatus(new Path(path)).isDirectory();
    } catch (java.io.FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw unwritable(path, e);
    }
  }

  /** The entries of a folder (empty when it does not exist), sorted by name. */
  public List<FileStatus> list(String folder) {
    try {
      FileSystem fs = fs(folder);
      Path p = new Path(folder);
      if (!fs.exists(p)) {
        return List.of();
      }
      List<FileStatus> entries = new ArrayList<>(List.of(fs.listStatus(p)));
      entries.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      return entries;
    } catch (IOException e) {
      throw unwritable(folder, e);
    }
  }

  /**
   * The rows of a Parquet table this run wrote, summed from its part files' footers (no Spark job, nothing scanned):
   * every {@code *.parquet} file under the folder, partition folders included.
   */
  public long parquetRows(String folder) {
    long rows = 0;
    for (FileStatus st : list(folder)) {
      if (st.isDirectory()) {
        rows += parquetRows(st.getPath().toString());
      } else if (st.getPath().getName().endsWith(".parquet")) {
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(st, conf))) {
          rows += reader.getRecordCount();
        } catch (IOException e) {
          throw unwritable(st.getPath().toString(), e);
        }
      }
    }
    return rows;
  }

  /** Modification time of a file in milliseconds since the epoch. */
  public long modificationTime(String path) {
    try {
      return fs(path).getFileStatus(new Path(path)).getModificationTime();
    } catch (IOException e) {
      throw unwritable(path, e);
    }
  }

  /** Sets a file's modification time to now (the lock's heartbeat). */
  public void touch(String path) {
    try {
      fs(path).setTimes(new Path(path), System.currentTimeMillis(), -1);
    } catch (IOException e) {
      throw unwritable(path, e);
    }
  }

  /**
   * Replaces (or creates) the file {@code path} with {@code content} in one atomic step: readers see the old
   * content or the new, never a part. The content goes to a temporary file beside it first, which is then renamed
   * over the file: {@code rename(2)} on a local disk, {@link FileContext#rename} with {@code OVERWRITE} elsewhere
   * (atomic on HDFS; an object store has no atomic rename).
   */
  public void replaceFile(String path, byte[] content) {
    Path target = new Path(path);
    Path temp = null;
    try {
      temp = writeBeside(target, content);
      if (isLocal(path)) {
        java.nio.file.Path file = local(target);
        // a checksum file Hadoop's local file system left beside an earlier version would no longer match
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
        Files.move(local(temp), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        fileContext(path).rename(temp, target, Options.Rename.OVERWRITE);
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw unwritable(path, e);
    }
  }

  /**
   * Creates the file {@code path} with {@code content} only if it does not exist, in one atomic step (a hard link
   * of a complete temporary file on a local disk, a rename without overwrite elsewhere), so that of two processes
   * exactly one succeeds and the file is never seen empty.
   *
   * @return false when the file already existed (nothing was changed)
   */
  public boolean createExclusive(String path, byte[] content) {
    Path target = new Path(path);
    Path temp = null;
    try {
      temp = writeBeside(target, content);
      if (isLocal(path)) {
        Files.createLink(local(target), local(temp));
      } else {
        fileContext(path).rename(temp, target, Options.Rename.NONE);
      }
      return true;
    } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw unwritable(path, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** Writes {@code content} durably to a new temporary file beside {@code target} (same folder) and returns it. */
  private Path writeBeside(Path target, byte[] content) throws IOException {
    Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      if (isLocal(target.toString())) {
        Files.createDirectories(local(target).getParent());
        try (FileChannel ch = FileChannel.open(local(temp), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
          ch.write(java.nio.ByteBuffer.wrap(content));
          ch.force(true);
        }
      } else {
        try (var out = fs(temp.toString()).create(temp, false)) {
          out.write(content);
          out.hsync();
        }
      }
      return temp;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  /**
   * Moves the folder {@code from} to {@code to}, which must not exist yet, in one rename (atomic on local disks and
   * HDFS); the parent of {@code to} is created.
   */
  public void moveFolder(String from, String to) {
    try {
      FileSystem fs = fs(to);
      Path target = new Path(to);
      if (fs.exists(target)) {
        throw new IOException(to + " already exists");
      }
      fs.mkdirs(target.getParent());
      if (!fs.rename(new Path(from), target) || !fs.exists(target)) {
        throw new IOException("rename of " + from + " returned false");
      }
    } catch (IOException e) {
      throw unwritable(to, e);
    }
  }

  /** Whether {@code path} is on the local file system (scheme {@code file}, or no scheme with a local default). */
  public boolean isLocal(String path) {
    return "file".equals(fs(path).getScheme());
  }

  private java.nio.file.Path local(Path path) {
    return java.nio.file.Path.of(fs(path.toString()).makeQualified(path).toUri());
  }

  private FileContext fileContext(String path) throws IOException {
    return FileContext.getFileContext(fs(path).getUri(), conf);
  }

  private void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      fs(path.toString()).delete(path, false);
    } catch (IOException | RuntimeException e) {
      // a leftover temporary file is named as such and harmless
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
