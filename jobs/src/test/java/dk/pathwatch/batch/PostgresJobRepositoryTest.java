package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Pathwatch;
import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import dk.pathwatch.common.ExitCodes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JobRepository on a real PostgreSQL server (started by the test from Maven's embedded binaries): a run
 * that fails in a middle step, a restart that resumes there, and the BATCH_ tables showing that history.
 */
class PostgresJobRepositoryTest {
  static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void failedRunRestartsAtTheFailedStepAndHistoryShowsBoth(@TempDir Path tmp) throws Exception {
    Path snapshot = TinySnapshot.write(SharedSpark.get(), tmp.resolve("2025-03-31"));
    String url = postgres.getJdbcUrl("postgres", "postgres");
    String[] args = {"run", "--snapshot", snapshot.toString(), "--output", tmp.resolve("out").toString(),
        "--job-repository", url};

    System.setProperty("pathwatch.failAfterStep", "load");
    try {
      assertEquals(ExitCodes.INTERNAL_ERROR, Pathwatch.execute(args));
    } finally {
      System.clearProperty("pathwatch.failAfterStep");
    }
    assertTrue(Published.current(tmp.resolve("out"), snapshot, "2025-03-31") == null,
        "nothing published by the failed run");

    assertEquals(ExitCodes.OK, Pathwatch.execute(args));
    assertTrue(Files.exists(Published.require(tmp.resolve("out"), snapshot, "2025-03-31").resolve("manifest.json")));

    List<String> steps = new ArrayList<>();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
         ResultSet rs = c.createStatement().executeQuery(
             "select e.job_execution_id, e.status, s.step_name, s.status from batch_job_execution e "
                 + "join batch_step_execution s on s.job_execution_id = e.job_execution_id "
                 + "order by e.job_execution_id, s.step_execution_id")) {
      while (rs.next()) {
        steps.add(rs.getString(2) + ":" + rs.getString(3) + ":" + rs.getString(4));
      }
    }
    assertEquals("FAILED:load:FAILED", steps.get(0), steps.toString());
    assertTrue(steps.get(1).startsWith("COMPLETED:load:COMPLETED"), "the restart resumes at the failed step: " + steps);
    assertEquals("COMPLETED", steps.get(steps.size() - 1).split(":")[0]);
  }
}
