package dk.pathwatch.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock on (output, snapshot, cut-off) a run holds from its start to its end: a small JSON file
 * ({@link RunLayout#lock()}) naming its holder (host, pid, the process's start time, when the run started), made
 * with one atomic exclusive create ({@link OutputFiles#createExclusive}), so that of two runs exactly one gets it,
 * on a local disk and on HDFS alike.
 *
 * <p><b>Stale locks.</b> A process killed with SIGKILL cannot remove its lock. A lock is stale, and the next run
 * takes it over (saying so), when
 *
 * <ul>
 *   <li>its holder ran on this host and no process with its pid and start time is alive any more (recognised at
 *       once), or
 *   <li>its file was not touched for {@link #STALE_AFTER} (the holder touches it every {@link #HEARTBEAT}: a run
 *       on another host, e.g. a cluster-mode driver, is judged by this heartbeat alone).
 * </ul>
 *
 * A take-over first renames the stale lock aside (one atomic rename: of two runs taking over, one wins) and then
 * creates its own. Releasing deletes the lock only while it is still this run's own.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  public static final Duration HEARTBEAT = Duration.ofMinutes(1);
  public static final Duration STALE_AFTER = Duration.ofMinutes(10);

  private final OutputFiles files;
  private final String path;
  private final Holder holder;
  private final ScheduledExecutorService heartbeat;

  /** Who holds a lock. {@code processStart} tells a live holder from a later process that reuses its pid. */
  public record Holder(String host, long pid, String processStart, String started, String token, String what) {

    static Holder current(String what) {
      ProcessHandle self = ProcessHandle.current();
      return new Holder(hostName(), self.pid(), self.info().startInstant().map(Instant::toString).orElse(""),
          Instant.now().toString(), UUID.randomUUID().toString(), what);
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("host", host);
      m.put("pid", pid);
      m.put("process_start", processStart);
      m.put("started", started);
      m.put("token", token);
      m.put("run", what);
      return m;
    }

    static Optional<Holder> parse(byte[] json) {
      try {
        Map<?, ?> m = OutputFiles.JSON.readValue(json, Map.class);
        return Optional.of(new Holder(String.valueOf(m.get("host")), ((Number) m.get("pid")).longValue(),
            String.valueOf(m.get("process_start")), String.valueOf(m.get("started")), String.valueOf(m.get("token")),
            String.valueOf(m.get("run"))));
      } catch (java.io.IOException | RuntimeException e) {
        return Optional.empty();
      }
    }

    public String describe() {
      return "host " + host + ", pid " + pid + ", started " + started;
    }

    /** On this host: whether the holding process is gone (no process with its pid and start time). */
    boolean processGone() {
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      if (p.isEmpty() || !p.get().isAlive()) {
        return true;
      }
      String start = p.get().info().startInstant().map(Instant::toString).orElse("");
      return !processStart.isEmpty() && !start.isEmpty() && !start.equals(processStart);
    }
  }

  private RunLock(OutputFiles files, String path, Holder holder) {
    this.files = files;
    this.path = path;
    this.holder = holder;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pathwatch-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = HEARTBEAT.toSeconds();
    heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.SECONDS);
  }

  /**
   * Takes the lock at {@code path} for the run described by {@code what}.
   *
   * @throws PathwatchException with {@link ExitCodes#LOCKED} when another live run holds it
   */
  public static RunLock acquire(OutputFiles files, String path, String what) {
    Holder me = Holder.current(what);
    byte[] content = json(me);
    for (int tries = 0; tries < 3; tries++) {
      if (files.createExclusive(path, content)) {
        LOG.info("lock {} taken ({})", path, me.describe());
        return new RunLock(files, path, me);
      }
      byte[] seen;
      try {
        seen = files.readBytes(path);
      } catch (PathwatchException gone) {
        continue; // released meanwhile: try again
      }
      Optional<Holder> holder = Holder.parse(seen);
      String staleBecause = staleReason(files, path, holder);
      if (staleBecause == null) {
        throw new PathwatchException(ExitCodes.LOCKED, what + " is already being run by "
            + holder.map(Holder::describe).orElse("an unknown process") + " (lock " + path
            + "): this run did not start");
      }
      takeOver(files, path, seen, holder, staleBecause);
    }
    throw new PathwatchException(ExitCodes.LOCKED, "the lock " + path
        + " keeps changing hands: this run did not start");
  }

  /** Why a lock is stale, or null when its holder may still be running. */
  static String staleReason(OutputFiles files, String path, Optional<Holder> holder) {
    if (holder.isPresent() && holder.get().host().equals(hostName()) && holder.get().processGone()) {
      return "its process (" + holder.get().describe() + ") is gone";
    }
    long age = System.currentTimeMillis() - files.modificationTime(path);
    if (age > STALE_AFTER.toMillis()) {
      return "it was last refreshed " + Duration.ofMillis(age).toMinutes() + " minutes ago (heartbeat every "
          + HEARTBEAT.toMinutes() + " minute)";
    }
    return null;
  }

  private static void takeOver(OutputFiles files, String path, byte[] seen, Optional<Holder> holder, String why) {
    String aside = path + ".stale-" + UUID.randomUUID();
    try {
      files.moveFolder(path, aside);
    } catch (PathwatchException e) {
      return; // another run took it over first
    }
    if (!java.util.Arrays.equals(files.readBytes(aside), seen)) {
      // a fresh lock was created between the look and the rename: put it back and let the caller see it
      files.createExclusive(path, files.readBytes(aside));
    } else {
      String msg = "taking over the stale lock " + path + " of " + holder.map(Holder::describe).orElse("an unknown "
          + "process") + ": " + why;
      LOG.warn(msg);
      System.out.println("pathwatch: " + msg);
    }
    files.delete(aside);
  }

  private void beat() {
    try {
      if (isMine()) {
        files.touch(path);
      } else {
        LOG.warn("lock {} is no longer this run's: another run took it over", path);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot refresh the lock {}: {}", path, e.getMessage());
    }
  }

  private boolean isMine() {
    return files.exists(path) && Holder.parse(files.readBytes(path)).map(h -> h.token().equals(holder.token()))
        .orElse(false);
  }

  public Holder holder() {
    return holder;
  }

  /** Removes the lock if it is still this run's own. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      if (isMine()) {
        files.delete(path);
        LOG.info("lock {} released", path);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot release the lock {}: {} (the next run will see that its process is gone)", path,
          e.getMessage());
    }
  }

  private static byte[] json(Holder h) {
    try {
      return OutputFiles.JSON.writeValueAsString(h.toMap()).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "unknown-host" : env;
    }
  }
}
