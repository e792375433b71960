package dk.pathwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.generate.SnapshotGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmark: for each size, generate (or reuse) a snapshot, run the nightly job on it in a child JVM,
 * then the floor job in another, and collect what each did. Every child runs from the same code as this
 * process ({@link JavaLauncher}) with {@code -Xmx<heap>} and a GC log. Layout of the work folder:
 *
 * <pre>
 * snapshots/SIZE-seedS/   generated snapshot (reused when its snapshot.json matches size, seed and generator)
 * snapshots/SIZE-seedS-personN/  its copy with one person of N markers (--one-person; reused likewise)
 * runs/SIZE/full/         output of the job (replaced on every run, so the job never sees a finished run)
 * runs/SIZE/floor/        output of the floor job
 * runs/SIZE/one-person/   output of the job on the one-person copy
 * logs/                   every child's output and GC log
 * bench-results.json, bench-results.md
 * </pre>
 */
public final class BenchRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);

  /**
   * @param heap {@code -Xmx} of every child JVM, e.g. {@code 8g}
   * @param timeout the longest any one child may run
   * @param onePersonMarkers when above 0, one size ({@link #onePersonSize}) is also run on a copy of its snapshot in
   *     which one person holds at least this many markers ({@link OnePersonSnapshot})
   * @param classArchive whether every child JVM starts from the jar's class archive ({@link ClassArchive}), made
   *     first when the jar has none or a stale one (not timed); only when running from the jar
   */
  public record Options(List<BenchSize> sizes, Path work, String heap, long seed, boolean skipFloor,
      Duration timeout, long onePersonMarkers, boolean classArchive) {}

  private final Options options;
  private final JavaLauncher launcher;
  private final PrintStream out;
  private final ObjectMapper json = new ObjectMapper();

  /** The class-archive flag every child starts with (none without a jar, or with {@code --no-class-archive}). */
  private List<String> archiveFlags = List.of();

  public BenchRunner(Options options, JavaLauncher launcher, PrintStream out) {
    this.options = options;
    this.launcher = launcher;
    this.out = out;
  }

  /** Runs every size, prints a table per size and the summary, and writes the figures into the work folder. */
  public BenchReport run() {
    if (options.classArchive() && launcher.jar() != null && !ClassArchive.current(launcher.jar())) {
      ClassArchive.create(launcher, options.work().resolve("class-archive"), out);
    }
    archiveFlags = options.classArchive() ? ClassArchive.flags(launcher.jar()) : List.of();
    if (options.onePersonMarkers() > 0 && onePersonSize() == null) {
      out.printf("--one-person %d: no size of at least %d markers, no one-person run%n", options.onePersonMarkers(),
          ONE_PERSON_SHARE_DIVISOR * options.onePersonMarkers());
    }
    List<SizeResult> results = new ArrayList<>();
    for (BenchSize size : options.sizes()) {
      SizeResult r = runSize(size);
      results.add(r);
      out.println();
      out.print(BenchReport.sizeTable(r));
      out.flush();
    }
    BenchReport report = new BenchReport(options, launcher.jar() == null ? "(classpath)" : launcher.jar().toString(),
        !archiveFlags.isEmpty(), results);
    out.println();
    out.print(report.summaryText());
    report.write(options.work());
    out.println("figures written to " + options.work().resolve(BenchReport.JSON) + " and "
        + options.work().resolve(BenchReport.MARKDOWN));
    return report;
  }

  SizeResult runSize(BenchSize size) {
    Path snapshot = options.work().resolve("snapshots").resolve(size.label() + "-seed" + options.seed());
    boolean reused = matches(snapshot, size);
    double generateSeconds = -1;
    if (reused) {
      LOG.info("{}: reusing snapshot {}", size, snapshot);
    } else {
      deleteRecursively(snapshot);
      ChildProcess.Stats gen = child("generate", size, List.of("generate", "--output", snapshot.toString(),
          "--pathways", String.valueOf(size.pathways()), "--seed", String.valueOf(options.seed())));
      if (!gen.ok()) {
        throw new IllegalStateException("generating the " + size + " snapshot failed (exit " + gen.exitCode()
            + "), see " + gen.log());
      }
      generateSeconds = gen.wallSeconds();
    }
    JsonNode meta = readJson(snapshot.resolve("snapshot.json"));
    long markers = meta.path("row_counts").path("forloebsmarkoerer").asLong();
    long episodes = meta.path("row_counts").path("forloeb").asLong();

    Path fullOut = runDir(size, "full");
    ChildProcess.Stats full = child("full", size, List.of("run", "--snapshot", snapshot.toString(), "--output",
        fullOut.toString()));
    Optional<Path> manifest = findManifest(fullOut);
    List<JobFigures.StepFigure> steps = manifest.map(m -> stepFigures(readJson(m), markers)).orElse(List.of());
    JobFigures fullFigures = new JobFigures(full, steps, manifest.map(Path::toString).orElse(null));

    JobFigures floorFigures = null;
    if (!options.skipFloor()) {
      Path floorOut = runDir(size, "floor");
      ChildProcess.Stats floor = child("floor", size, List.of("bench", "floor", "--snapshot", snapshot.toString(),
          "--output", floorOut.toString()));
      floorFigures = new JobFigures(floor, List.of(), null);
    }
    SizeResult.OnePerson onePerson = size.equals(onePersonSize()) ? runOnePerson(size, snapshot, markers) : null;
    return new SizeResult(size, snapshot.toString(), reused, generateSeconds, markers, episodes, fullFigures,
        floorFigures, onePerson);
  }

  /** The person of {@code --one-person} is at most this share of the snapshot it is made in. */
  static final int ONE_PERSON_SHARE_DIVISOR = 5;

  /**
   * The size whose snapshot gets the one-person run: the smallest of at least {@value #ONE_PERSON_SHARE_DIVISOR}
   * times {@code --one-person} markers (1M for 200k), so the one person is at most a fifth of it; null when
   * {@code --one-person} is off or no size is that large.
   */
  BenchSize onePersonSize() {
    long asked = options.onePersonMarkers();
    if (asked <= 0) {
      return null;
    }
    return options.sizes().stream().filter(s -> s.markers() >= ONE_PERSON_SHARE_DIVISOR * asked)
        .min(Comparator.comparingLong(BenchSize::markers)).orElse(null);
  }

  /** The full job on a copy of the size's snapshot in which one person holds {@code --one-person} markers. */
  private SizeResult.OnePerson runOnePerson(BenchSize size, Path snapshot, long markerRows) {
    long asked = options.onePersonMarkers();
    Path copy = snapshot.resolveSibling(snapshot.getFileName() + "-person" + asked);
    if (!matchesOnePerson(copy, snapshot, asked)) {
      ChildProcess.Stats made = child("one-person-snapshot", size, List.of("bench", "one-person", "--snapshot",
          snapshot.toString(), "--markers", String.valueOf(asked), "--output", copy.toString()));
      if (!made.ok()) {
        throw new IllegalStateException("making the one-person copy of " + snapshot + " failed (exit "
            + made.exitCode() + "), see " + made.log());
      }
    }
    JsonNode section = readJson(copy.resolve("snapshot.json")).path(OnePersonSnapshot.SECTION);
    Path out = runDir(size, "one-person");
    ChildProcess.Stats run = child("one-person", size, List.of("run", "--snapshot", copy.toString(), "--output",
        out.toString()));
    Optional<Path> manifest = findManifest(out);
    List<JobFigures.StepFigure> steps = manifest.map(m -> stepFigures(readJson(m), markerRows)).orElse(List.of());
    return new SizeResult.OnePerson(asked, section.path("markers").asLong(),
        section.path("persons_merged").asLong(), copy.toString(),
        new JobFigures(run, steps, manifest.map(Path::toString).orElse(null)));
  }

  /** Whether {@code copy} is a finished one-person copy of {@code snapshot} for {@code asked} markers. */
  boolean matchesOnePerson(Path copy, Path snapshot, long asked) {
    Path meta = copy.resolve("snapshot.json");
    if (!Files.exists(meta) || !Files.exists(copy.resolve("forloeb/_SUCCESS"))) {
      return false;
    }
    JsonNode section = readJson(meta).path(OnePersonSnapshot.SECTION);
    return section.path("asked").asLong() == asked
        && section.path("source").asText().equals(snapshot.toAbsolutePath().toString());
  }

  private ChildProcess.Stats child(String what, BenchSize size, List<String> args) {
    Path logs = options.work().resolve("logs");
    Path gcLog = logs.resolve(size.label() + "-" + what + "-gc.log").toAbsolutePath();
    List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx" + options.heap(), "-Xlog:gc:file=" + gcLog));
    jvm.addAll(JavaLauncher.JOB_JVM_FLAGS);
    jvm.addAll(archiveFlags);
    out.printf("%s: %s ...%n", size, what);
    out.flush();
    ChildProcess.Stats stats = ChildProcess.run(launcher.command(jvm, args),
        logs.resolve(size.label() + "-" + what + ".log"), gcLog, options.timeout());
    out.printf("%s: %s exit %d in %.1f s%s%n", size, what, stats.exitCode(), stats.wallSeconds(),
        stats.outOfMemory() ? " (OutOfMemoryError)" : "");
    return stats;
  }

  private Path runDir(BenchSize size, String what) {
    Path dir = options.work().resolve("runs").resolve(size.label()).resolve(what).toAbsolutePath();
    deleteRecursively(dir);
    return dir;
  }

  /** Whether {@code snapshot} holds a finished snapshot of this size, seed and generator version. */
  boolean matches(Path snapshot, BenchSize size) {
    Path meta = snapshot.resolve("snapshot.json");
    if (!Files.exists(meta) || !Files.exists(snapshot.resolve("forloebsmarkoerer/_SUCCESS"))
        || !Files.exists(snapshot.resolve("forloeb/_SUCCESS"))) {
      return false;
    }
    JsonNode m = readJson(meta);
    return m.path("pathways").asLong() == size.pathways() && m.path("seed").asLong() == options.seed()
        && SnapshotGenerator.VERSION.equals(m.path("generator_version").asText())
        && m.path("as_of").isNull();
  }

  /** The published run's manifest: {@code manifest.json} under the output, outside {@code _staging} and the like. */
  static Optional<Path> findManifest(Path output) {
    if (!Files.isDirectory(output)) {
      return Optional.empty();
    }
    try (Stream<Path> paths = Files.walk(output, 4)) {
      return paths.filter(p -> p.getFileName().toString().equals("manifest.json"))
          .filter(p -> !output.relativize(p).toString().startsWith("_"))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The row of the disclosure control and its audit (part of the indicators step: {@code disclosure.seconds}). */
  static final String DISCLOSURE_STEP = "(indicators: disclosure)";

  /**
   * Per-step seconds from {@code timings_seconds}, and each step's {@code peak_heap_mb} wherever the manifest
   * records it: as a field of an object named after the step, or as a map from step to megabytes; then the seconds
   * of disclosure control and audit ({@link #DISCLOSURE_STEP}), which the indicators step's seconds include.
   */
  static List<JobFigures.StepFigure> stepFigures(JsonNode manifest, long markerRows) {
    List<JobFigures.StepFigure> steps = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> timings = manifest.path("timings_seconds").fields();
    while (timings.hasNext()) {
      Map.Entry<String, JsonNode> t = timings.next();
      double seconds = t.getValue().asDouble();
      steps.add(new JobFigures.StepFigure(t.getKey(), seconds, seconds > 0 ? markerRows / seconds : 0,
          peakHeap(manifest, t.getKey())));
    }
    JsonNode disclosure = manifest.path("disclosure").path("seconds");
    if (disclosure.isNumber()) {
      double seconds = disclosure.asDouble();
      steps.add(new JobFigures.StepFigure(DISCLOSURE_STEP, seconds, seconds > 0 ? markerRows / seconds : 0, -1));
    }
    return steps;
  }

  private static long peakHeap(JsonNode node, String step) {
    if (node.isObject()) {
      JsonNode map = node.get("peak_heap_mb");
      if (map != null && map.isObject() && map.has(step)) {
        return map.get(step).asLong();
      }
      JsonNode own = node.get(step);
      if (own != null && own.isObject() && own.has("peak_heap_mb")) {
        return own.get("peak_heap_mb").asLong();
      }
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        long found = peakHeap(child, step);
        if (found >= 0) {
          return found;
        }
      }
    }
    return -1;
  }

  private JsonNode readJson(Path file) {
    try {
      return json.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
