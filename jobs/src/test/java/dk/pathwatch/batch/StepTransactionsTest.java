package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.CapturedRun;
import dk.pathwatch.InstrumentedFileSystem;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import dk.pathwatch.common.ExitCodes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The steps' Spark work holds no database transaction (issue #15): with a PostgreSQL JobRepository, every file a step
 * writes on its own thread (work tables, state, reports, manifest) is written with no JDBC connection bound to that
 * thread. Before, each tasklet ran inside a JobRepository transaction for the whole step.
 */
class StepTransactionsTest {

  @TempDir Path tmp;

  @Test
  void noStepHoldsAJobRepositoryConnectionWhileItWorks() throws Exception {
    InstrumentedFileSystem.register(SharedSpark.get().sparkContext().hadoopConfiguration());
    Path snapshot = TinySnapshot.write(SharedSpark.get(), tmp.resolve("2025-03-31"));
    Thread stepThread = Thread.currentThread();
    List<String> written = new CopyOnWriteArrayList<>();
    List<String> inTransaction = new CopyOnWriteArrayList<>();
    InstrumentedFileSystem.observe(file -> {
      if (Thread.currentThread() == stepThread) {
        written.add(file.toString());
        if (TransactionSynchronizationManager.getResourceMap().values().stream()
            .anyMatch(ConnectionHolder.class::isInstance)) {
          inTransaction.add(file.toString());
        }
      }
    });
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      CapturedRun r = CapturedRun.of("run", "--snapshot", snapshot.toString(), "--output",
          InstrumentedFileSystem.uri(tmp.resolve("out")), "--job-repository",
          postgres.getJdbcUrl("postgres", "postgres"));
      assertEquals(ExitCodes.OK, r.exitCode(), r.output());
    } finally {
      InstrumentedFileSystem.reset();
    }
    assertTrue(written.stream().anyMatch(f -> f.endsWith("/state/validate.json")), "the steps' writes were seen");
    assertTrue(written.stream().anyMatch(f -> f.endsWith("/manifest.json")), "publish's too");
    assertEquals(List.of(), inTransaction, "written while a JobRepository transaction was open");
  }
}
