package dk.pathwatch.publish;

import java.util.Locale;

/**
 * Recognises a full disk or an exhausted quota in an exception chain, however deep Spark, Parquet or Deequ wrapped
 * it: the local "No space left on device" (ENOSPC), "Disk quota exceeded" (EDQUOT) and HDFS's quota exceptions.
 */
public final class DiskFull {
  private DiskFull() {}

  /** The message that says the disk is full, or null when the failure is something else. */
  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      String lower = m.toLowerCase(Locale.ROOT);
      if (lower.contains("no space left on device")) {
        return "No space left on device";
      }
      if (lower.contains("disk quota exceeded")) {
        return "Disk quota exceeded";
      }
      if (t.getClass().getName().endsWith("QuotaExceededException")) {
        return t.getClass().getSimpleName() + ": " + firstLine(m);
      }
    }
    return null;
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
