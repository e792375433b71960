package dk.pathwatch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The jar's class-data-sharing archive (Java's AppCDS): the classes a night run loads (Spark, Hadoop, Parquet, Spring
 * Batch: some 20,000), parsed and verified once and mapped from the archive at every later start instead of read
 * from the jar again. Measured on the demo (issue #16): the JVM start and load step took 13.7-15.0 s of CPU without
 * it and 8.1-8.5 s with it. It is made by one job run on a generated demo snapshot with
 * {@code -XX:ArchiveClassesAtExit}, lives next to the jar ({@code pathwatch.jar} → {@code pathwatch.jsa}) and is
 * valid for that jar only: Java checks the jar's size and time and, if they changed, warns and starts without it.
 */
public final class ClassArchive {
  private ClassArchive() {}

  /** Where the archive of {@code jar} lives. */
  public static Path of(Path jar) {
    String name = jar.getFileName().toString();
    String base = name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
    return jar.resolveSibling(base + ".jsa");
  }

  /** Whether {@code jar} has an archive made after it was last written (an older one would be ignored). */
  public static boolean current(Path jar) {
    Path archive = of(jar);
    try {
      return Files.isRegularFile(archive)
          && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** The JVM flag that uses the jar's current archive; none when there is no jar or no current archive. */
  public static List<String> flags(Path jar) {
    return jar != null && current(jar) ? List.of("-XX:SharedArchiveFile=" + of(jar)) : List.of();
  }

  /**
   * Makes the archive of the launcher's jar: generates the demo snapshot under {@code work}, runs the job on it in
   * a child JVM that writes the classes it loaded at exit, and moves the archive into place (a failed run leaves
   * no archive). {@code work} is a scratch folder of the caller's own: emptied first, deleted afterwards.
   */
  public static Path create(JavaLauncher launcher, Path work, PrintStream out) {
    if (launcher.jar() == null) {
      throw new IllegalStateException("a class archive belongs to a jar: run this from pathwatch.jar");
    }
    Path archive = of(launcher.jar());
    Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
    Path snapshot = work.resolve("snapshot").toAbsolutePath();
    try {
      BenchRunner.deleteRecursively(work);
      Files.createDirectories(work);
      step(launcher, work, "generate", List.of(), List.of("generate", "--output", snapshot.toString(), "--pathways",
          String.valueOf(Math.round(BenchSize.DEMO.markers() / BenchSize.MARKERS_PER_PATHWAY)), "--seed", "1"), out);
      Files.deleteIfExists(partial);
      step(launcher, work, "run", List.of("-XX:ArchiveClassesAtExit=" + partial), List.of("run", "--snapshot",
          snapshot.toString(), "--output", work.resolve("output").toAbsolutePath().toString()), out);
      if (!Files.isRegularFile(partial)) {
        throw new IllegalStateException("the training run wrote no class archive (" + partial + "): see "
            + work.resolve("run.log"));
      }
      Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      out.printf("class archive: %s (%d MB), used by every run of %s started with %s%n", archive,
          Files.size(archive) >> 20, launcher.jar(), flags(launcher.jar()));
      BenchRunner.deleteRecursively(work);
      return archive;
    } catch (IOException e) {
      throw new UncheckedIOException("making the class archive " + archive, e);
    }
  }

  private static void step(JavaLauncher launcher, Path work, String what, List<String> extraJvm, List<String> args,
      PrintStream out) {
    List<String> jvm = new ArrayList<>(List.of("-Xmx8g"));
    jvm.addAll(JavaLauncher.JOB_JVM_FLAGS);
    jvm.addAll(extraJvm);
    out.printf("class archive: %s on the demo snapshot ...%n", what);
    out.flush();
    ChildProcess.Stats stats = ChildProcess.run(launcher.command(jvm, args), work.resolve(what + ".log"), null,
        Duration.ofMinutes(30));
    if (!stats.ok()) {
      throw new IllegalStateException("class archive: the " + what + " run failed (exit " + stats.exitCode()
          + "), see " + stats.log());
    }
  }
}
