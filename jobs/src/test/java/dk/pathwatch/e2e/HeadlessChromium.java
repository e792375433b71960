package dk.pathwatch.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium ({@code /usr/bin/chromium}, installed by {@code scripts/setup.sh}) as a test browser: dumps
 * the DOM of a page after it rendered, with the browser's log (console messages included) on stderr, and takes
 * screenshots. Each call gets a fresh profile folder and no network features, so nothing leaks between runs.
 */
final class HeadlessChromium {
  static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

  /** What the browser printed: the DOM (stdout) and its log (stderr). */
  record Output(int exitCode, String stdout, String stderr) {

    /** Log lines of console messages or uncaught script errors (a page without script should have none). */
    List<String> consoleLines() {
      return stderr.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")).toList();
    }
  }

  private HeadlessChromium() {}

  static Path binary() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    throw new IllegalStateException("no chromium: scripts/setup.sh installs it (apt-get install -y chromium)");
  }

  /** The DOM of {@code page} after it rendered, with console logging on stderr. */
  static Output dumpDom(Path page) {
    return run(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString()));
  }

  /** A screenshot of {@code page} at the given window size into {@code png}. */
  static Output screenshot(Path page, Path png, int width, int height) {
    return run(List.of("--window-size=" + width + "," + height, "--hide-scrollbars",
        "--screenshot=" + png.toAbsolutePath(), page.toUri().toString()));
  }

  private static Output run(List<String> args) {
    Path profile = null;
    try {
      profile = Files.createTempDirectory("chromium-profile");
      List<String> command = new ArrayList<>();
      command.add(binary().toString());
      command.addAll(FLAGS);
      command.add("--user-data-dir=" + profile);
      command.addAll(args);
      File out = Files.createTempFile("chromium", ".out").toFile();
      File err = Files.createTempFile("chromium", ".err").toFile();
      Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("chromium timed out: " + command);
      }
      Output o = new Output(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8));
      Files.deleteIfExists(out.toPath());
      Files.deleteIfExists(err.toPath());
      return o;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      delete(profile);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }
}
