package dk.pathwatch.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command line of a child JVM that runs a Pathwatch subcommand with the same code as this process:
 * {@code java -Xmx<heap> -jar <the running jar> ...} when running from the jar (whose manifest opens the JDK
 * packages Spark needs), else — in tests, from {@code target/classes} — {@code java ... -cp <this classpath>
 * dk.pathwatch.Pathwatch ...} with those packages opened on the command line.
 */
public final class JavaLauncher {
  /** The packages Spark reflects into on Java 17 (the jar manifest's Add-Opens, the pom's spark.jvm.flags). */
  static final List<String> ADD_OPENS = List.of("java.base/java.lang", "java.base/java.lang.invoke",
      "java.base/java.lang.reflect", "java.base/java.io", "java.base/java.net", "java.base/java.nio",
      "java.base/java.util", "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic",
      "java.base/jdk.internal.ref", "java.base/sun.nio.ch", "java.base/sun.nio.cs",
      "java.base/sun.security.action", "java.base/sun.util.calendar", "java.security.jgss/sun.security.krb5");

  /**
   * JVM flags every job run should have (the Airflow DAG and the README use the same): the throughput collector,
   * which at 1M markers took 7 % off the run's wall time against the default G1 (142.5 s vs 153.5 s, issue #6); and
   * JIT compilation of methods above 8,000 bytes of bytecode, so that Spark's biggest generated methods (the person
   * walk's row serializer) do not run interpreted (issue #16; {@code SparkSessions} has Spark fall back when a JVM
   * runs without it).
   */
  public static final List<String> JOB_JVM_FLAGS = List.of("-XX:+UseParallelGC", "-XX:-DontCompileHugeMethods");

  private final String java;
  private final Path jar;
  private final String classpath;
  private final String mainClass;

  private JavaLauncher(String java, Path jar, String classpath, String mainClass) {
    this.java = java;
    this.jar = jar;
    this.classpath = classpath;
    this.mainClass = mainClass;
  }

  /**
   * A launcher for the code of the running process, with the running process's {@code java}.
   *
   * @param mainClass the entry point children run (the caller names it, so this package does not depend on the
   *     command-line packages that depend on it)
   */
  public static JavaLauncher current(Class<?> mainClass) {
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path source = runningCode(mainClass);
    if (source != null && Files.isRegularFile(source) && source.toString().endsWith(".jar")) {
      return new JavaLauncher(java, source, null, mainClass.getName());
    }
    return new JavaLauncher(java, null, System.getProperty("java.class.path"), mainClass.getName());
  }

  /** The jar (or classes folder) a class was loaded from, or null when unknown. */
  static Path runningCode(Class<?> mainClass) {
    CodeSource cs = mainClass.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(cs.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The jar children run, or null when they run from a classpath. */
  public Path jar() {
    return jar;
  }

  /**
   * {@code java <jvmOptions> -jar <jar> <args>} (or the classpath form).
   *
   * @param jvmOptions e.g. {@code -Xmx8g}, {@code -Xlog:gc:file=...}
   */
  public List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmOptions);
    if (jar != null) {
      cmd.add("-jar");
      cmd.add(jar.toString());
    } else {
      for (String p : ADD_OPENS) {
        cmd.add("--add-opens=" + p + "=ALL-UNNAMED");
      }
      cmd.add("-cp");
      cmd.add(classpath);
      cmd.add(mainClass);
    }
    cmd.addAll(args);
    return cmd;
  }
}
