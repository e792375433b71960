package dk.pathwatch.cli;

import dk.pathwatch.bench.ClassArchive;
import dk.pathwatch.bench.JavaLauncher;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code class-archive}: makes the jar's class-data-sharing archive, so that every later run starts faster. */
@Command(name = "class-archive", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Make pathwatch.jsa next to pathwatch.jar: Java's class-data-sharing archive of the classes a night run "
            + "loads, made by one run of the job on a generated demo snapshot (about a minute). A run started with "
            + "-XX:SharedArchiveFile=<that file> maps them instead of loading them from the jar (the Airflow DAG, "
            + "on a task's first try, and 'bench' do so when the archive is newer than the jar). Make it again after "
            + "every new jar: Java ignores an archive of another jar, with a warning."})
public final class ClassArchiveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--work", paramLabel = "DIR",
      description = "Folder in which a scratch folder for the demo snapshot and run is made (and deleted "
          + "afterwards). Default: the system's temporary folder.")
  Path work;

  @Override
  public Integer call() {
    JavaLauncher launcher = JavaLauncher.current(spec.root().userObject().getClass());
    if (launcher.jar() == null) {
      throw new PathwatchException(ExitCodes.BAD_ARGUMENTS,
          "class-archive: run it from the jar (java -jar pathwatch.jar class-archive); a class archive belongs to a jar");
    }
    try {
      Path scratch = work != null ? Files.createTempDirectory(Files.createDirectories(work), "class-archive-")
          : Files.createTempDirectory("pathwatch-class-archive-");
      ClassArchive.create(launcher, scratch, System.out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ExitCodes.OK;
  }
}
