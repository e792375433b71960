package dk.pathwatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the bundled rule files and reference data that a test may change. */
public final class Rules {
  public static final Path HOME = Path.of(System.getProperty("pathwatch.home", ".."));

  private Rules() {}

  /** A copy of {@code validation-rules/} at {@code dir}. */
  public static Path copy(Path dir) {
    Path from = HOME.resolve("validation-rules");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = dir.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends {@code text} to a file of the copy (a comment changes the hash, not the meaning). */
  public static void append(Path rules, String file, String text) {
    try {
      Path f = rules.resolve(file);
      Files.writeString(f, Files.readString(f) + text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
