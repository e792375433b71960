package dk.pathwatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one child JVM and measures it from the outside: wall time from start to exit, peak resident memory
 * ({@code VmHWM} of {@code /proc/<pid>/status}) and CPU seconds ({@code utime + stime} of
 * {@code /proc/<pid>/stat}), both polled while it runs, and its peak heap from the GC log it was told to
 * write. On a machine without {@code /proc} the memory and CPU figures are unknown (-1).
 */
public final class ChildProcess {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  private static final long POLL_MILLIS = 200;
  /** Linux reports CPU times in clock ticks of USER_HZ, 100 per second on every common platform. */
  private static final double TICKS_PER_SECOND = 100.0;
  private static final Pattern GC_SIZES = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /**
   * What a child did.
   *
   * @param peakRssMb peak resident set size in MiB, -1 when unknown
   * @param cpuSeconds user + system CPU seconds, -1 when unknown
   * @param peakHeapMb largest heap occupancy seen by the GC (before a collection) in MiB, -1 when unknown
   * @param outOfMemory whether the child printed an {@code OutOfMemoryError}
   */
  public record Stats(int exitCode, double wallSeconds, double cpuSeconds, long peakRssMb, long peakHeapMb,
      boolean outOfMemory, Path log) {
    public boolean ok() {
      return exitCode == 0 && !outOfMemory;
    }
  }

  private ChildProcess() {}

  /**
   * Runs {@code command} with its output (stdout and stderr) in {@code log}, and waits for it.
   *
   * @param gcLog the GC log the command writes ({@code -Xlog:gc:file=...}), or null
   */
  public static Stats run(List<String> command, Path log, Path gcLog, Duration timeout) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      if (gcLog != null) {
        Files.deleteIfExists(gcLog);
      }
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
      LOG.info("starting {}", String.join(" ", command));
      long start = System.nanoTime();
      Process p = pb.start();
      Probe probe = new Probe(p.pid());
      long deadline = start + timeout.toNanos();
      while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        probe.sample();
        if (System.nanoTime() > deadline) {
          p.destroyForcibly().waitFor();
          throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command)
              + " (output in " + log + ")");
        }
      }
      double wall = (System.nanoTime() - start) / 1e9;
      return new Stats(p.exitValue(), wall, probe.cpuSeconds(), probe.peakRssMb(),
          gcLog == null ? -1 : peakHeapMb(gcLog), printedOutOfMemory(log), log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + command, e);
    }
  }

  /** The largest heap occupancy before a collection in a {@code -Xlog:gc} file, in MiB; -1 without any. */
  static long peakHeapMb(Path gcLog) {
    if (!Files.exists(gcLog)) {
      return -1;
    }
    long peak = -1;
    try (BufferedReader r = Files.newBufferedReader(gcLog, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        Matcher m = GC_SIZES.matcher(line);
        if (m.find()) {
          peak = Math.max(peak, mebibytes(Long.parseLong(m.group(1)), m.group(2).charAt(0)));
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot read GC log {}: {}", gcLog, e.getMessage());
    }
    return peak;
  }

  private static long mebibytes(long value, char unit) {
    return switch (unit) {
      case 'K' -> value / 1024;
      case 'G' -> value * 1024;
      default -> value;
    };
  }

  static boolean printedOutOfMemory(Path log) {
    try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.contains("java.lang.OutOfMemoryError")) {
          return true;
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}", log, e.getMessage());
    }
    return false;
  }

  /** Polls {@code /proc/<pid>}; keeps the last figures read (VmHWM is itself a peak, CPU time only grows). */
  static final class Probe {
    private final Path status;
    private final Path stat;
    private long peakRssKb = -1;
    private long cpuTicks = -1;

    Probe(long pid) {
      this.status = Path.of("/proc", String.valueOf(pid), "status");
      this.stat = Path.of("/proc", String.valueOf(pid), "stat");
    }

    void sample() {
      try {
        Long hwm = vmHwmKb(Files.readString(status));
        if (hwm != null) {
          peakRssKb = Math.max(peakRssKb, hwm);
        }
        long ticks = cpuTicks(Files.readString(stat));
        cpuTicks = Math.max(cpuTicks, ticks);
      } catch (IOException | RuntimeException e) {
        // the process is gone between two polls, or there is no /proc: keep what was read
      }
    }

    long peakRssMb() {
      return peakRssKb < 0 ? -1 : peakRssKb / 1024;
    }

    double cpuSeconds() {
      return cpuTicks < 0 ? -1 : cpuTicks / TICKS_PER_SECOND;
    }
  }

  /** {@code VmHWM:    123456 kB} of a {@code /proc/<pid>/status} text, in kB; null when absent. */
  static Long vmHwmKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.substring(6).replace("kB", "").trim());
      }
    }
    return null;
  }

  /** utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line; the name may hold spaces. */
  static long cpuTicks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state), so field n is f[n - 3]
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
