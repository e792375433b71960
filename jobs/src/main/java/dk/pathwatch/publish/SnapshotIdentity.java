package dk.pathwatch.publish;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Who a snapshot is, known before any of its data is read:
 *
 * <ul>
 *   <li>{@code canonical}: its full path, absolute, normalised ({@code ..} resolved) and qualified with its file
 *       system, with symbolic links resolved on a local disk: the same folder always gives the same string;
 *   <li>{@code place}: the folder name it is published under, its own name (for people) and the first 12 hex digits
 *       of the SHA-256 of {@code canonical} (so that {@code a/2025-06-30} and {@code b/2025-06-30} never collide),
 *       e.g. {@code 2025-06-30-3fa2c1b04e5d};
 *   <li>{@code fingerprint}: SHA-256 of the listing of its files (relative path, size, modification time), a cheap
 *       stand-in for its content that changes when a file is replaced, added or removed: part of the run's
 *       identity, so that a snapshot corrected in place is computed afresh and never mixed with its earlier
 *       version. (Its content checksums are in the manifest; they need a full read, which is the run's own work.)
 * </ul>
 */
public record SnapshotIdentity(String canonical, String name, String place, String fingerprint) {
  private static final int MAX_NAME = 80;

  public static SnapshotIdentity of(OutputFiles files, String snapshotDir) {
    String canonical = canonical(files, snapshotDir);
    String name = RunLayout.snapshotName(new Path(canonical).toUri().getPath());
    return new SnapshotIdentity(canonical, name, placeName(name, canonical), fingerprint(files, canonical));
  }

  /** The snapshot's name made safe for a folder name (letters, digits, {@code . _ -}) and its path's hash. */
  static String placeName(String name, String canonical) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("\\.{2,}", "_");
    safe = safe.replaceAll("^[.-]+", "");
    if (safe.length() > MAX_NAME) {
      safe = safe.substring(0, MAX_NAME);
    }
    return (safe.isEmpty() ? "snapshot" : safe) + "-" + sha256(canonical).substring(0, 12);
  }

  static String canonical(OutputFiles files, String dir) {
    try {
      Path path = new Path(dir);
      FileSystem fs = files.fs(dir);
      Path qualified = fs.makeQualified(path);
      if ("file".equals(fs.getScheme())) {
        java.nio.file.Path real = java.nio.file.Path.of(qualified.toUri()).toRealPath();
        return fs.makeQualified(new Path(real.toString())).toString();
      }
      return fs.resolvePath(qualified).toString();
    } catch (IOException e) {
      throw new PathwatchException(ExitCodes.INPUT_INVALID, "snapshot " + dir + " cannot be resolved: "
          + e.getMessage(), e);
    }
  }

  private static String fingerprint(OutputFiles files, String canonical) {
    Path root = new Path(canonical);
    int prefix = root.toUri().getPath().length();
    List<String> lines = new ArrayList<>();
    try {
      RemoteIterator<LocatedFileStatus> it = files.fs(canonical).listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        lines.add(f.getPath().toUri().getPath().substring(prefix) + "\t" + f.getLen() + "\t"
            + f.getModificationTime());
      }
    } catch (IOException e) {
      throw new PathwatchException(ExitCodes.INPUT_INVALID, "snapshot " + canonical + " cannot be listed: "
          + e.getMessage(), e);
    }
    lines.sort(null);
    return sha256(String.join("\n", lines));
  }

  /** SHA-256 of a text (UTF-8), as 64 hex digits. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
