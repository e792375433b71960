package dk.pathwatch;

import dk.pathwatch.common.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the bundled {@code validation-rules/} folder (rules/ and reference/), for tests that break them. */
public final class BundledRules {
  private BundledRules() {}

  /** Copies the bundled folder to {@code target} and returns it. */
  public static Path copyTo(Path target) throws IOException {
    Path source = ProjectFiles.bundled("validation-rules");
    try (Stream<Path> all = Files.walk(source)) {
      for (Path p : all.toList()) {
        Path t = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return target;
  }
}
