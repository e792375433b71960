package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TableAssert;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same jar on a Spark standalone cluster started from the project's own jar on 127.0.0.1 (one master,
 * one worker with its own executor JVM): every output table equals, row for row, the local-mode run's.
 * The cluster's processes are stopped also when the test fails.
 */
class StandaloneClusterIT {
  static final String DATE = "2025-06-30";

  @TempDir Path tmp;

  @Test
  void clusterRunEqualsLocalRun() throws Exception {
    Path snapshot = GeneratedSnapshots.get(3000, 7, DATE);
    Path sparkHome = fakeSparkHome();
    int masterPort = freePort();
    int masterUi = freePort();
    List<Process> cluster = new ArrayList<>();
    try {
      cluster.add(daemon(sparkHome, "master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi))));
      cluster.add(daemon(sparkHome, "worker", List.of("org.apache.spark.deploy.worker.Worker",
          "spark://127.0.0.1:" + masterPort, "--host", "127.0.0.1", "--cores", "2", "--memory", "3g",
          "--webui-port", String.valueOf(freePort()), "--work-dir", sparkHome.resolve("work").toString())));
      awaitAliveWorker(masterUi);

      Path clusterOut = tmp.resolve("cluster-out");
      JarRunner.Result onCluster = JarRunner.exec(List.of("java", "-Xmx2g",
          "-Dspark.master=spark://127.0.0.1:" + masterPort, "-Dspark.executor.memory=2g",
          "-Dspark.cores.max=2", "-jar", JarRunner.jar().toString(),
          "run", "--snapshot", snapshot.toString(), "--output", clusterOut.toString()),
          Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12"), Duration.ofMinutes(20));
      assertEquals(0, onCluster.exitCode(), onCluster.output());
      assertTrue(Files.isDirectory(sparkHome.resolve("work")) && Files.list(sparkHome.resolve("work")).findAny()
          .isPresent(), "the worker started an executor for the application");

      Path localOut = GeneratedSnapshots.cleanRun(snapshot);
      TableAssert.sameTables(SharedSpark.get(), Published.require(localOut, snapshot, DATE),
          Published.require(clusterOut, snapshot, DATE));
    } finally {
      for (int i = cluster.size() - 1; i >= 0; i--) {
        stop(cluster.get(i));
      }
    }
  }

  /** The worker builds executor command lines from SPARK_HOME/jars (TECH.md §8): the app jar goes there. */
  private Path fakeSparkHome() throws IOException {
    Path home = tmp.resolve("sparkhome");
    Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    Files.createSymbolicLink(home.resolve("jars/pathwatch.jar"), JarRunner.jar().toAbsolutePath());
    return home;
  }

  private Process daemon(Path sparkHome, String name, List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m", "-cp", JarRunner.jar().toString()));
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve(name + ".log").toFile());
    pb.environment().putAll(Map.of("SPARK_LOCAL_IP", "127.0.0.1", "SPARK_HOME", sparkHome.toString(),
        "SPARK_SCALA_VERSION", "2.12"));
    return pb.start();
  }

  private void awaitAliveWorker(int masterUi) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      try {
        String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        if (json.contains("\"ALIVE\"") && json.contains("\"aliveworkers\" : 1")) {
          return;
        }
      } catch (IOException notYet) {
        // the master's web UI is not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("no ALIVE worker:\n" + Files.readString(tmp.resolve("master.log"))
        + Files.readString(tmp.resolve("worker.log")));
  }

  private static void stop(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
