package dk.pathwatch.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code pathwatch.jar} as its own process, as a scheduler or a person would. */
public final class JarRunner {

  /** Exit code and everything the process printed (stdout and stderr together). */
  public record Result(int exitCode, String output) {}

  private JarRunner() {}

  public static Path jar() {
    Path jar = Path.of(System.getProperty("pathwatch.jar", "target/pathwatch.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first (mvn package): " + jar);
    }
    return jar;
  }

  public static Result run(List<String> args) {
    return run(args, Map.of(), Duration.ofMinutes(15));
  }

  public static Result run(List<String> args, Map<String, String> env, Duration timeout) {
    List<String> command = new ArrayList<>(List.of("java", "-Xmx2g", "-jar", jar().toString()));
    command.addAll(args);
    return exec(command, env, timeout);
  }

  public static Result exec(List<String> command, Map<String, String> env, Duration timeout) {
    try {
      Path log = Files.createTempFile("pathwatch-it", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("timed out after " + timeout + ": " + command + "\n" + Files.readString(log));
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
