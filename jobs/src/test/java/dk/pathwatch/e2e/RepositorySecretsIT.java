package dk.pathwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JobRepository password on a real PostgreSQL server that checks it (password authentication for the job's
 * role): given the wrong way in every place it can be given (environment, --db-config, the URL), and the right
 * way in the URL, the real jar's stdout and stderr, the repository's BATCH_ tables (job parameters, exit
 * messages) and every file of the output folder never hold it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepositorySecretsIT {
  private static final String USER = "pathwatch_job";
  private static final String PASSWORD = "Pw-Secret-4c1d9e";
  private static final String WRONG = "Pw-Wrong-7e2b50";
  private static final String DATE = "2025-03-31";

  @TempDir static Path tmp;
  private EmbeddedPostgres postgres;
  private Path snapshot;

  @BeforeAll
  void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("create role " + USER + " login password '" + PASSWORD + "'");
      st.execute("create database pathwatch owner " + USER);
      ResultSet rs = st.executeQuery("show hba_file");
      rs.next();
      // the superuser keeps trust (for this test's checks); the job's role must give its password
      Files.writeString(Path.of(rs.getString(1)), "local all all trust\n"
          + "host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"
          + "host all all 127.0.0.1/32 md5\nhost all all ::1/128 md5\n");
      st.execute("select pg_reload_conf()");
    }
    snapshot = TinySnapshot.write(SharedSpark.get(), tmp.resolve("snapshots/" + DATE));
  }

  @AfterAll
  void stop() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private String url() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/pathwatch";
  }

  private JarRunner.Result run(Path out, Map<String, String> env, String... more) {
    List<String> args = new ArrayList<>(List.of("run", "--snapshot", snapshot.toString(), "--output",
        out.toString()));
    args.addAll(List.of(more));
    return JarRunner.run(args, env, Duration.ofMinutes(10));
  }

  @Test
  void aWrongPasswordIsRefusedWithoutPrintingIt() throws Exception {
    Path config = tmp.resolve("db.properties");
    Files.writeString(config, "url=" + url() + "\nuser=" + USER + "\npassword=" + WRONG + "\n");
    List<JarRunner.Result> results = List.of(
        run(tmp.resolve("out-env"), Map.of("PATHWATCH_DB_URL", url(), "PATHWATCH_DB_USER", USER,
            "PATHWATCH_DB_PASSWORD", WRONG)),
        run(tmp.resolve("out-config"), Map.of(), "--db-config", config.toString()),
        run(tmp.resolve("out-url"), Map.of(), "--job-repository",
            url() + "?user=" + USER + "&password=" + WRONG + "&ssl=false"));
    for (JarRunner.Result r : results) {
      assertEquals(6, r.exitCode(), r.output());
      assertTrue(r.output().contains("password authentication failed for user \"" + USER + "\""), r.output());
      assertFalse(r.output().contains(WRONG), "the wrong password is printed:\n" + r.output());
      assertFalse(r.output().contains(PASSWORD), r.output());
    }
    assertTrue(results.get(2).output().contains("password=***"), results.get(2).output());
  }

  @Test
  void theRightPasswordLeavesNoTraceInOutputRepositoryOrFiles() throws Exception {
    Path out = tmp.resolve("out-ok");
    String urlWithPassword = url() + "?password=" + PASSWORD;
    JarRunner.Result r = run(out, Map.of("PATHWATCH_DB_USER", USER), "--job-repository", urlWithPassword);
    assertEquals(0, r.exitCode(), r.output());
    assertFalse(r.output().contains(PASSWORD), "printed:\n" + r.output());
    assertTrue(r.output().contains("password=***"), "the URL is shown, its password hidden:\n" + r.output());

    JarRunner.Result history = JarRunner.run(List.of("history", "--output", out.toString(), "--job-repository",
        urlWithPassword), Map.of("PATHWATCH_DB_USER", USER), Duration.ofMinutes(5));
    assertEquals(0, history.exitCode(), history.output());
    assertFalse(history.output().contains(PASSWORD), history.output());

    List<String> repository = repositoryText();
    assertTrue(repository.stream().anyMatch(v -> v.contains(DATE)), "the job parameters are there: " + repository);
    assertFalse(repository.stream().anyMatch(v -> v.contains(PASSWORD)), "the repository holds the password");

    byte[] secret = PASSWORD.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertFalse(contains(Files.readAllBytes(f), secret), "the password is in " + f);
      }
    }
  }

  /** Every text value of every BATCH_ table of the job's database. */
  private List<String> repositoryText() throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection c = postgres.getDatabase("postgres", "pathwatch").getConnection();
         Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("select table_name from information_schema.tables "
          + "where table_schema = 'public' and table_name like 'batch%' and table_type = 'BASE TABLE'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertTrue(tables.contains("batch_job_execution_params"), tables.toString());
      for (String table : tables) {
        try (ResultSet rs = st.executeQuery("select * from " + table)) {
          while (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              values.add(String.valueOf(rs.getObject(i)));
            }
          }
        }
      }
    }
    return values;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
