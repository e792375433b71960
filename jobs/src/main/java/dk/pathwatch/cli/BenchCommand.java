package dk.pathwatch.cli;

import dk.pathwatch.bench.BenchReport;
import dk.pathwatch.bench.BenchRunner;
import dk.pathwatch.bench.BenchSize;
import dk.pathwatch.bench.FloorJob;
import dk.pathwatch.bench.JavaLauncher;
import dk.pathwatch.bench.OnePersonSnapshot;
import dk.pathwatch.bench.SizeResult;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.SparkSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: times the nightly job end to end on generated snapshots of several sizes against a bare
 * Spark floor job, and says whether the performance targets are met. The floor runs as the hidden
 * subcommand {@code bench floor}, so that it too is timed as its own JVM.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = {BenchCommand.Floor.class, BenchCommand.OnePerson.class},
    description = {
        "Benchmark the nightly job. For each size: generate a snapshot (or reuse the one in the work folder); run "
            + "'run' on it in a child JVM (java -Xmx<heap> -jar <this jar>), timed from JVM start to exit, with its "
            + "peak RSS (VmHWM, polled), peak heap (GC log), CPU seconds and the per-step seconds of the run "
            + "manifest; then run a floor job in another JVM: plain Spark reading the same files, joining markers "
            + "to episodes, sorting per person and computing OF4 per quarter x region x family (count, median), "
            + "one output table.",
        "Prints a table per size and a summary with full/floor and the targets, and writes bench-results.json "
            + "and bench-results.md into the work folder. Sizes count marker rows: 20k, 1M, 5M, 20M, 100M."})
public final class BenchCommand implements Callable<Integer> {
  /** This command as picocli built it: its root command's class is what the children run. */
  @Spec CommandSpec spec;

  @Option(names = "--sizes", paramLabel = "LIST", defaultValue = "1M,5M,20M",
      description = "Comma-separated sizes in marker rows (k = thousand, M = million), e.g. 20k,1M,100M. "
          + "Default: ${DEFAULT-VALUE}.")
  String sizes;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "bench-work",
      description = "Work folder: snapshots (reused when their snapshot.json matches size and seed), run outputs, "
          + "logs and the figures. Default: ${DEFAULT-VALUE}/.")
  Path work;

  @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "8g",
      description = "-Xmx of every child JVM (generator, job, floor). Default: ${DEFAULT-VALUE}.")
  String heap;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Seed of the generated snapshots. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--skip-floor", defaultValue = "false",
      description = "Do not run the floor job (no full/floor ratio). Default: ${DEFAULT-VALUE}.")
  boolean skipFloor;

  @Option(names = "--one-person", paramLabel = "MARKERS", defaultValue = "0",
      description = "Also run the smallest size of at least 5 x MARKERS markers (1M for 200k) on a copy of its "
          + "snapshot in which one person holds at least this many markers (the rows of the first persons merged "
          + "into one) and compare time and peak heap with the plain run. Default: ${DEFAULT-VALUE} (off).")
  String onePerson;

  @Option(names = "--no-class-archive", negatable = false, defaultValue = "false",
      description = "Start the child JVMs without the jar's class archive (pathwatch.jsa, see 'class-archive'). By "
          + "default the bench makes the archive first when the jar has none or a stale one, untimed, and every "
          + "child (generator, job, floor) starts from it.")
  boolean noClassArchive;

  @Option(names = "--timeout-minutes", paramLabel = "M", defaultValue = "180",
      description = "Longest any one child JVM may run before it is stopped. Default: ${DEFAULT-VALUE}.")
  long timeoutMinutes;

  @Override
  public Integer call() {
    BenchRunner.Options options = options();
    BenchReport report = new BenchRunner(options, JavaLauncher.current(spec.root().userObject().getClass()), System.out).run();
    for (SizeResult r : report.sizes()) {
      if (!r.full().stats().ok() || (r.floor() != null && !r.floor().stats().ok())) {
        System.out.println("bench: a run of " + r.size() + " failed; see its log under " + work.resolve("logs"));
        return ExitCodes.INTERNAL_ERROR;
      }
    }
    return ExitCodes.OK;
  }

  /** The runner's options of the parsed command line; bad values give exit code {@code BAD_ARGUMENTS}. */
  public BenchRunner.Options options() {
    try {
      List<BenchSize> list = BenchSize.parseList(sizes);
      if (!heap.matches("(?i)[0-9]+[kmgt]?")) {
        throw new IllegalArgumentException("--heap must look like 8g or 8192m, got " + heap);
      }
      if (timeoutMinutes < 1) {
        throw new IllegalArgumentException("--timeout-minutes must be at least 1");
      }
      long onePersonMarkers = "0".equals(onePerson.trim()) ? 0 : BenchSize.parse(onePerson).markers();
      return new BenchRunner.Options(list, work, heap, seed, skipFloor, Duration.ofMinutes(timeoutMinutes),
          onePersonMarkers, !noClassArchive);
    } catch (IllegalArgumentException e) {
      throw new PathwatchException(ExitCodes.BAD_ARGUMENTS, e.getMessage(), e);
    }
  }

  /** {@code bench floor}: the floor job on one snapshot, in its own JVM (started by {@code bench}). */
  @Command(name = "floor", hidden = true, mixinStandardHelpOptions = true,
      description = "Run the benchmark's floor job: OF4 per quarter x region x family in plain Spark.")
  public static final class Floor implements Callable<Integer> {
    @Option(names = "--snapshot", required = true, paramLabel = "DIR", description = "Snapshot folder.")
    String snapshot;

    @Option(names = "--output", required = true, paramLabel = "DIR",
        description = "Output folder; the table is written to DIR/of4 (replaced).")
    String output;

    @Override
    public Integer call() {
      SparkSession spark = SparkSessions.getOrCreate("pathwatch-bench-floor");
      try {
        long rows = FloorJob.run(spark, snapshot, output);
        System.out.println("floor: " + rows + " rows in " + output + "/" + FloorJob.TABLE);
        return ExitCodes.OK;
      } finally {
        spark.stop();
      }
    }
  }

  /** {@code bench one-person}: writes the one-person copy of a snapshot, in its own JVM (started by {@code bench}). */
  @Command(name = "one-person", hidden = true, mixinStandardHelpOptions = true,
      description = "Copy a snapshot, giving the first persons' episodes one person until it holds MARKERS markers.")
  public static final class OnePerson implements Callable<Integer> {
    @Option(names = "--snapshot", required = true, paramLabel = "DIR", description = "Source snapshot folder.")
    Path snapshot;

    @Option(names = "--markers", required = true, paramLabel = "N", description = "Markers of the one person.")
    long markers;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder of the copy (replaced).")
    Path output;

    @Override
    public Integer call() {
      SparkSession spark = SparkSessions.getOrCreate("pathwatch-bench-one-person");
      try {
        OnePersonSnapshot.Merged merged = OnePersonSnapshot.write(spark, snapshot, output, markers);
        System.out.println("one person: " + merged.personsMerged() + " persons merged into one of "
            + merged.markers() + " markers in " + output);
        return ExitCodes.OK;
      } finally {
        spark.stop();
      }
    }
  }
}
