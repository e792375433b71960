package dk.pathwatch;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under the scheme {@code instrumented:} (a real file system: Spark, Parquet and Deequ write real
 * files through it), with two instruments for tests: a disk that fills up (every write to a file whose path matches
 * a pattern, once more than a number of bytes were written to such files, fails with "No space left on device", as
 * the kernel says it), and an observer told of every file created, on the thread that creates it.
 */
public class InstrumentedFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "instrumented";
  private static volatile Pattern fullFor;
  private static volatile long freeBytes;
  private static final AtomicLong written = new AtomicLong();
  private static volatile Consumer<Path> observer = p -> { };

  /** Registers the scheme with a Hadoop configuration (FileSystem and FileContext). */
  public static void register(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", InstrumentedFileSystem.class.getName());
    conf.set("fs.AbstractFileSystem." + SCHEME + ".impl", Fs.class.getName());
  }

  /** The URI of a local folder under this file system. */
  public static String uri(java.nio.file.Path local) {
    return SCHEME + "://" + local.toAbsolutePath();
  }

  /** Writes to files matching {@code pathPattern} fail once {@code bytes} were written to such files. */
  public static void fillUpAfter(String pathPattern, long bytes) {
    written.set(0);
    freeBytes = bytes;
    fullFor = Pattern.compile(pathPattern);
  }

  public static void observe(Consumer<Path> onCreate) {
    observer = onCreate;
  }

  /** Frees the disk and forgets the observer. */
  public static void reset() {
    fullFor = null;
    observer = p -> { };
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return watched(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    return watched(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, java.util.EnumSet<
      org.apache.hadoop.fs.CreateFlag> flags, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    return watched(f, super.createNonRecursive(f, permission, flags, bufferSize, replication, blockSize, progress));
  }

  private FSDataOutputStream watched(Path f, FSDataOutputStream out) throws IOException {
    observer.accept(f);
    Pattern full = fullFor;
    if (full == null || !full.matcher(f.toString()).matches()) {
      return out;
    }
    OutputStream limited = new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        take(1);
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        take(len);
        out.write(b, off, len);
      }
    };
    return new FSDataOutputStream(limited, null);
  }

  private static void take(long bytes) throws IOException {
    if (written.addAndGet(bytes) > freeBytes) {
      throw new IOException("No space left on device");
    }
  }

  /** The same file system for Hadoop's FileContext API. */
  public static final class Fs extends DelegateToFileSystem {
    public Fs(URI uri, Configuration conf) throws IOException, java.net.URISyntaxException {
      super(uri, new InstrumentedFileSystem(), conf, SCHEME, false);
    }
  }
}
