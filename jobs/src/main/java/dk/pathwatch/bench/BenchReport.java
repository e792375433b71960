package dk.pathwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's figures: a table per size (per step: seconds, marker rows per second, peak heap; per process:
 * wall time JVM start to exit, CPU seconds, peak RSS and heap), a summary with full / floor per size, and the
 * targets of the issue, each met, not met or not measured. Written as text (to the console), JSON and Markdown.
 */
public final class BenchReport {
  public static final String JSON = "bench-results.json";
  public static final String MARKDOWN = "bench-results.md";

  /** The targets of issue #16, all on this 2-core machine, JVM start to exit, {@code -Xmx8g}. */
  static final double MAX_SECONDS_20M = 300;
  static final long MAX_HEAP_BYTES = 8L << 30;
  static final double MAX_FULL_OVER_FLOOR_20M = 2.0;
  static final double MAX_SECONDS_1M = 40;
  static final double MAX_SECONDS_DEMO = 15;
  static final double MAX_100M_OVER_20M = 5.5;
  /** The machine's memory the 100M run must complete in. */
  static final long MAX_RSS_MB_100M = 24L * 1024;
  /** The markers of the one large person the issue names. */
  static final long ONE_PERSON_MARKERS = 200_000;
  /**
   * "Changes neither memory nor time materially": the run with that person at most this much slower and its peak
   * heap at most this much larger than the run on the same rows spread over their own persons (runs of the same
   * snapshot alone on this machine vary by a few per cent).
   */
  static final double MAX_ONE_PERSON_GROWTH = 0.10;
  /** Disclosure control and its audit: at most this share of the nightly job (issue #13). */
  static final double MAX_DISCLOSURE_SHARE = 0.05;

  /** One target of the issue and how this run stands against it. */
  public record Target(String name, String value, String status) {}

  private final BenchRunner.Options options;
  private final String jar;
  /** Whether every child JVM was started from the jar's class archive (the runner knows; not from classes). */
  private final boolean classArchive;
  private final List<SizeResult> sizes;
  private final String when = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();

  public BenchReport(BenchRunner.Options options, String jar, boolean classArchive, List<SizeResult> sizes) {
    this.options = options;
    this.jar = jar;
    this.classArchive = classArchive;
    this.sizes = List.copyOf(sizes);
  }

  public List<SizeResult> sizes() {
    return sizes;
  }

  // ---------------------------------------------------------------- targets

  public List<Target> targets() {
    List<Target> t = new ArrayList<>();
    SizeResult m1 = find(1_000_000);
    SizeResult m20 = find(20_000_000);
    SizeResult m100 = find(100_000_000);
    SizeResult demo = find(BenchSize.DEMO.markers());
    boolean heapOk = heapBytes(options.heap()) <= MAX_HEAP_BYTES;
    t.add(wallTarget("20M markers end to end <= 300 s, -Xmx <= 8g", m20, MAX_SECONDS_20M, heapOk));
    if (m20 == null || Double.isNaN(m20.ratio())) {
      t.add(new Target("full / fair floor <= 2.0 (20M)", "-", "not measured"));
    } else {
      t.add(new Target("full / fair floor <= 2.0 (20M)", fmt(m20.ratio(), 2),
          status(m20.ratio() <= MAX_FULL_OVER_FLOOR_20M)));
    }
    t.add(wallTarget("1M markers <= 40 s", m1, MAX_SECONDS_1M, heapOk));
    t.add(wallTarget("demo (" + BenchSize.DEMO.label() + ") job <= 15 s", demo, MAX_SECONDS_DEMO, heapOk));
    if (m100 == null) {
      t.add(new Target("100M completes in 24 GiB, no OOM", "-", "not measured"));
    } else {
      ChildProcess.Stats s = m100.full().stats();
      t.add(new Target("100M completes in 24 GiB, no OOM", "exit " + s.exitCode() + (s.outOfMemory() ? ", OOM" : "")
          + ", " + fmt(s.wallSeconds(), 1) + " s, peak RSS " + mb(s.peakRssMb()) + " MB",
          status(s.ok() && s.peakRssMb() <= MAX_RSS_MB_100M)));
    }
    if (m20 == null || m100 == null) {
      t.add(new Target("time(100M) / time(20M) <= 5.5", "-", "not measured"));
    } else {
      double ratio = m100.full().stats().wallSeconds() / m20.full().stats().wallSeconds();
      t.add(new Target("time(100M) / time(20M) <= 5.5", fmt(ratio, 2),
          status(m20.full().stats().ok() && m100.full().stats().ok() && ratio <= MAX_100M_OVER_20M)));
    }
    t.add(onePersonTarget());
    if (m20 == null) {
      t.add(new Target("20M: disclosure control + audit <= 5 % of the job", "-", "not measured"));
    } else {
      double share = disclosureShare(m20);
      t.add(new Target("20M: disclosure control + audit <= 5 % of the job",
          Double.isNaN(share) ? "-" : fmt(100 * share, 2) + " %",
          Double.isNaN(share) ? "not measured" : status(share <= MAX_DISCLOSURE_SHARE)));
    }
    return t;
  }

  /** The first size run with {@code --one-person}: its time and peak heap against the plain run's. */
  private Target onePersonTarget() {
    String name = "a 200,000-marker person: time, memory +<= 10 %";
    for (SizeResult r : sizes) {
      SizeResult.OnePerson p = r.onePerson();
      if (p != null) {
        double time = p.timeGrowth(r.full());
        double heap = p.heapGrowth(r.full());
        String value = String.format(Locale.ROOT, "%s, %,d markers: time %s, heap %s", r.size(), p.markers(),
            percent(time), percent(heap));
        if (p.asked() < ONE_PERSON_MARKERS) {
          return new Target(name, value, "not measured (--one-person below 200k)");
        }
        return new Target(name, value, status(time <= MAX_ONE_PERSON_GROWTH && heap <= MAX_ONE_PERSON_GROWTH));
      }
    }
    return new Target(name, "-", "not measured (bench --one-person 200k)");
  }

  private static String percent(double growth) {
    return Double.isNaN(growth) ? "-" : String.format(Locale.ROOT, "%+.1f %%", 100 * growth);
  }

  /** A size's full job, JVM start to exit, against a limit in seconds. */
  private Target wallTarget(String name, SizeResult r, double maxSeconds, boolean heapOk) {
    if (r == null) {
      return new Target(name, "-", "not measured");
    }
    double s = r.full().stats().wallSeconds();
    return new Target(name, fmt(s, 1) + " s, -Xmx" + options.heap(),
        status(r.full().stats().ok() && s <= maxSeconds && heapOk));
  }

  /** The disclosure control's seconds over the full job's (JVM start to exit), or NaN when not recorded. */
  static double disclosureShare(SizeResult r) {
    double wall = r.full().stats().wallSeconds();
    return r.full().steps().stream().filter(st -> st.step().equals(BenchRunner.DISCLOSURE_STEP)).findFirst()
        .map(st -> wall > 0 ? st.seconds() / wall : Double.NaN).orElse(Double.NaN);
  }

  private SizeResult find(long markers) {
    for (SizeResult r : sizes) {
      if (r.size().markers() == markers) {
        return r;
      }
    }
    return null;
  }

  private static String status(boolean met) {
    return met ? "met" : "NOT met";
  }

  /** {@code 8g}, {@code 8192m}, {@code 512k} or bytes, as -Xmx reads them. */
  static long heapBytes(String heap) {
    String h = heap.trim().toLowerCase(Locale.ROOT);
    long factor = switch (h.charAt(h.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      default -> 1L;
    };
    return Long.parseLong(factor == 1 ? h : h.substring(0, h.length() - 1)) * factor;
  }

  // ---------------------------------------------------------------- text

  /** The console table of one size. */
  static String sizeTable(SizeResult r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "== %s markers: %,d marker rows, %,d episodes; snapshot %s%s ==%n",
        r.size(), r.markerRows(), r.episodeRows(), r.reused() ? "reused" : "generated",
        r.reused() ? "" : String.format(Locale.ROOT, " in %.1f s", r.generateSeconds())));
    b.append(String.format(Locale.ROOT, "%-28s %10s %14s %14s%n", "step", "seconds", "rows/s", "peak heap MB"));
    for (JobFigures.StepFigure s : r.full().steps()) {
      b.append(String.format(Locale.ROOT, "%-28s %10.1f %,14.0f %14s%n", s.step(), s.seconds(), s.rowsPerSecond(),
          mb(s.peakHeapMb())));
    }
    if (r.full().steps().isEmpty()) {
      b.append("(no published manifest: no per-step figures)\n");
    }
    double disclosure = disclosureShare(r);
    if (!Double.isNaN(disclosure)) {
      b.append(String.format(Locale.ROOT, "disclosure control + audit: %.2f %% of the full job%n", 100 * disclosure));
    }
    b.append(String.format(Locale.ROOT, "%-28s %10s %14s %10s %14s %14s %10s%n", "process (JVM start to exit)",
        "seconds", "rows/s", "CPU s", "peak RSS MB", "peak heap MB", "exit"));
    b.append(processLine("full job", r.full(), r.markerRows()));
    SizeResult.OnePerson p = r.onePerson();
    if (p != null) {
      b.append(processLine("full job, one person", p.full(), r.markerRows()));
      b.append(String.format(Locale.ROOT, "one person of %,d markers (%,d persons merged): time %s, peak heap %s%n",
          p.markers(), p.personsMerged(), percent(p.timeGrowth(r.full())), percent(p.heapGrowth(r.full()))));
    }
    if (r.floor() != null) {
      b.append(processLine("floor job", r.floor(), r.markerRows()));
      double ratio = r.ratio();
      b.append(String.format(Locale.ROOT, "%-28s %10s%n", "full / floor", Double.isNaN(ratio) ? "-" : fmt(ratio, 2)));
    }
    return b.toString();
  }

  private static String processLine(String name, JobFigures f, long rows) {
    ChildProcess.Stats s = f.stats();
    return String.format(Locale.ROOT, "%-28s %10.1f %,14.0f %10s %14s %14s %10s%n", name, s.wallSeconds(),
        f.rowsPerSecond(rows), s.cpuSeconds() < 0 ? "-" : fmt(s.cpuSeconds(), 1), mb(s.peakRssMb()),
        mb(s.peakHeapMb()), s.exitCode() + (s.outOfMemory() ? " OOM" : ""));
  }

  /** The summary: one line per size, then the targets. */
  public String summaryText() {
    StringBuilder b = new StringBuilder("== summary (-Xmx" + options.heap() + ", " + cores() + " cores) ==\n");
    b.append(String.format(Locale.ROOT, "%-8s %14s %10s %10s %8s %14s %14s%n", "size", "marker rows", "full s",
        "floor s", "ratio", "full RSS MB", "full heap MB"));
    for (SizeResult r : sizes) {
      b.append(String.format(Locale.ROOT, "%-8s %,14d %10.1f %10s %8s %14s %14s%n", r.size(), r.markerRows(),
          r.full().stats().wallSeconds(), r.floor() == null ? "-" : fmt(r.floor().stats().wallSeconds(), 1),
          Double.isNaN(r.ratio()) ? "-" : fmt(r.ratio(), 2), mb(r.full().stats().peakRssMb()),
          mb(r.full().stats().peakHeapMb())));
    }
    b.append("targets:\n");
    for (Target t : targets()) {
      b.append(String.format(Locale.ROOT, "  %-46s %-22s %s%n", t.name(), t.value(), t.status()));
    }
    return b.toString();
  }

  boolean classArchive() {
    return classArchive;
  }

  // ---------------------------------------------------------------- files

  /** Writes {@link #JSON} and {@link #MARKDOWN} into {@code dir}. */
  public void write(Path dir) {
    try {
      Files.createDirectories(dir);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(JSON).toFile(), toMap());
      Files.writeString(dir.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the bench figures to " + dir + ": " + e.getMessage(), e);
    }
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_at", when);
    m.put("jar", jar);
    m.put("heap", options.heap());
    m.put("class_archive", classArchive());
    m.put("seed", options.seed());
    m.put("cores", cores());
    m.put("memory_mb", physicalMemoryMb());
    List<Map<String, Object>> list = new ArrayList<>();
    for (SizeResult r : sizes) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("size", r.size().label());
      s.put("markers_requested", r.size().markers());
      s.put("pathways_requested", r.size().pathways());
      s.put("marker_rows", r.markerRows());
      s.put("episode_rows", r.episodeRows());
      s.put("snapshot", r.snapshot());
      s.put("snapshot_reused", r.reused());
      s.put("generate_seconds", r.reused() ? null : round(r.generateSeconds(), 1));
      s.put("full", figures(r.full(), r.markerRows()));
      s.put("floor", r.floor() == null ? null : figures(r.floor(), r.markerRows()));
      s.put("full_over_floor", Double.isNaN(r.ratio()) ? null : round(r.ratio(), 3));
      SizeResult.OnePerson p = r.onePerson();
      if (p != null) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("markers_asked", p.asked());
        one.put("markers", p.markers());
        one.put("persons_merged", p.personsMerged());
        one.put("snapshot", p.snapshot());
        one.put("full", figures(p.full(), r.markerRows()));
        one.put("time_growth", Double.isNaN(p.timeGrowth(r.full())) ? null : round(p.timeGrowth(r.full()), 4));
        one.put("heap_growth", Double.isNaN(p.heapGrowth(r.full())) ? null : round(p.heapGrowth(r.full()), 4));
        s.put("one_person", one);
      }
      list.add(s);
    }
    m.put("sizes", list);
    List<Map<String, Object>> targets = new ArrayList<>();
    for (Target t : targets()) {
      targets.add(Map.of("target", t.name(), "value", t.value(), "status", t.status()));
    }
    m.put("targets", targets);
    return m;
  }

  private static Map<String, Object> figures(JobFigures f, long rows) {
    ChildProcess.Stats s = f.stats();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exit_code", s.exitCode());
    m.put("out_of_memory", s.outOfMemory());
    m.put("wall_seconds", round(s.wallSeconds(), 2));
    m.put("cpu_seconds", s.cpuSeconds() < 0 ? null : round(s.cpuSeconds(), 1));
    m.put("rows_per_second", Math.round(f.rowsPerSecond(rows)));
    m.put("peak_rss_mb", s.peakRssMb() < 0 ? null : s.peakRssMb());
    m.put("peak_heap_mb", s.peakHeapMb() < 0 ? null : s.peakHeapMb());
    m.put("log", s.log().toString());
    if (f.manifest() != null) {
      m.put("manifest", f.manifest());
    }
    List<Map<String, Object>> steps = new ArrayList<>();
    for (JobFigures.StepFigure st : f.steps()) {
      Map<String, Object> sm = new LinkedHashMap<>();
      sm.put("step", st.step());
      sm.put("seconds", st.seconds());
      sm.put("rows_per_second", Math.round(st.rowsPerSecond()));
      sm.put("peak_heap_mb", st.peakHeapMb() < 0 ? null : st.peakHeapMb());
      steps.add(sm);
    }
    m.put("steps", steps);
    return m;
  }

  /** The same figures as Markdown tables, for the README to quote. */
  String markdown() {
    StringBuilder b = new StringBuilder("# Pathwatch benchmark\n\n");
    b.append(String.format(Locale.ROOT, "Run %s on %d cores, %,d MiB memory; every JVM -Xmx%s%s; seed %d; jar `%s`.%n%n",
        when, cores(), physicalMemoryMb(), options.heap(), classArchive() ? ", started from the jar's class archive" : "",
        options.seed(), jar));
    b.append("| size | marker rows | full job s | rows/s | CPU s | peak RSS MB | peak heap MB | floor s | full / floor |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SizeResult r : sizes) {
      ChildProcess.Stats s = r.full().stats();
      b.append(String.format(Locale.ROOT, "| %s | %,d | %.1f%s | %,.0f | %s | %s | %s | %s | %s |%n", r.size(),
          r.markerRows(), s.wallSeconds(), s.ok() ? "" : " (exit " + s.exitCode() + ")",
          r.full().rowsPerSecond(r.markerRows()), s.cpuSeconds() < 0 ? "-" : fmt(s.cpuSeconds(), 1),
          mb(s.peakRssMb()), mb(s.peakHeapMb()),
          r.floor() == null ? "-" : fmt(r.floor().stats().wallSeconds(), 1),
          Double.isNaN(r.ratio()) ? "-" : fmt(r.ratio(), 2)));
    }
    for (SizeResult r : sizes) {
      SizeResult.OnePerson p = r.onePerson();
      if (p != null) {
        ChildProcess.Stats s = p.full().stats();
        b.append(String.format(Locale.ROOT, "%n%s with one person of %,d markers (%,d persons merged): %.1f s%s, "
            + "peak RSS %s MB, peak heap %s MB; time %s, peak heap %s against the plain run.%n", r.size(),
            p.markers(), p.personsMerged(), s.wallSeconds(), s.ok() ? "" : " (exit " + s.exitCode() + ")",
            mb(s.peakRssMb()), mb(s.peakHeapMb()), percent(p.timeGrowth(r.full())), percent(p.heapGrowth(r.full()))));
      }
    }
    b.append("\nPer step of the full job (seconds from the run manifest; rows/s = marker rows / step seconds):\n\n");
    b.append("| size | step | seconds | rows/s | peak heap MB |\n|---|---|---:|---:|---:|\n");
    for (SizeResult r : sizes) {
      for (JobFigures.StepFigure st : r.full().steps()) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %,.0f | %s |%n", r.size(), st.step(), st.seconds(),
            st.rowsPerSecond(), mb(st.peakHeapMb())));
      }
    }
    b.append("\n| target | value | status |\n|---|---|---|\n");
    for (Target t : targets()) {
      b.append("| ").append(t.name()).append(" | ").append(t.value()).append(" | ").append(t.status()).append(" |\n");
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- helpers

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static long physicalMemoryMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.substring(9).replace("kB", "").trim()) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: unknown
    }
    return -1;
  }

  private static String mb(long mb) {
    return mb < 0 ? "-" : String.format(Locale.ROOT, "%,d", mb);
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
