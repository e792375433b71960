package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRepositoryDatabaseTest {
  private static final String SECRET = "s3cr3t-Pw";

  @Test
  void aPasswordInTheUrlOrTheTextIsHidden() {
    JobRepositoryDatabase db = new JobRepositoryDatabase("jdbc:postgresql://h:5432/db?user=u&password=" + SECRET
        + "&ssl=true", "u", SECRET);
    assertEquals("jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true", db.scrub(db.url()));
    assertEquals("jdbc:postgresql://u:***@h/db", db.scrub("jdbc:postgresql://u:" + SECRET + "@h/db"));
    assertEquals("jdbc:h2:file:/x;USER=sa;PASSWORD=***", db.scrub("jdbc:h2:file:/x;USER=sa;PASSWORD=" + SECRET));
    assertEquals("auth failed for *** here", db.scrub("auth failed for " + SECRET + " here"));
    assertFalse(db.toString().contains(SECRET), db.toString());
  }

  @Test
  void theEnvironmentAndConfigFileAreReadButNeverShown() {
    JobRepositoryDatabase db = JobRepositoryDatabase.resolve(null, null, "jdbc:h2:mem:x",
        Map.of("PATHWATCH_DB_URL", "jdbc:postgresql://127.0.0.1:1/x", "PATHWATCH_DB_PASSWORD", SECRET));
    assertEquals(SECRET, db.password());
    assertFalse(db.toString().contains(SECRET));
  }

  /** An unreachable database: exit 6, and neither the message nor any cause, nor their stack traces, name it. */
  @Test
  void aFailureToConnectNeverCarriesThePassword() {
    JobRepositoryDatabase db = new JobRepositoryDatabase("jdbc:postgresql://127.0.0.1:1/x?password=" + SECRET,
        "u", SECRET);
    PathwatchException e = assertThrows(PathwatchException.class, db::open);
    assertEquals(ExitCodes.REPOSITORY_UNAVAILABLE, e.exitCode());
    assertTrue(e.getMessage().contains("password=***"), e.getMessage());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains(SECRET), trace.toString());
  }
}
