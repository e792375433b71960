package dk.pathwatch.batch;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The database behind Spring Batch's JobRepository: an embedded H2 file by default, PostgreSQL (or any JDBC
 * URL) when configured. Settings come from, in order: the command line, the environment
 * ({@code PATHWATCH_DB_URL}, {@code PATHWATCH_DB_USER}, {@code PATHWATCH_DB_PASSWORD}), a properties file
 * ({@code url}, {@code user}, {@code password}). The password is never logged nor written anywhere: whatever this
 * class prints or puts in an exception goes through {@link #scrub}, which also hides a password written into the
 * URL ({@code ?password=…}, {@code user:password@host}). Spring Batch's schema is created when
 * {@code BATCH_JOB_INSTANCE} is missing.
 */
public record JobRepositoryDatabase(String url, String user, String password) {
  private static final Logger LOG = LoggerFactory.getLogger(JobRepositoryDatabase.class);

  public static JobRepositoryDatabase resolve(String urlOption, Path configFile, String defaultUrl,
      Map<String, String> env) {
    Properties file = new Properties();
    if (configFile != null) {
      try (InputStream in = Files.newInputStream(configFile)) {
        file.load(in);
      } catch (IOException e) {
        throw new PathwatchException(ExitCodes.BAD_ARGUMENTS, "cannot read database config " + configFile + ": "
            + e.getMessage(), e);
      }
    }
    String url = first(urlOption, env.get("PATHWATCH_DB_URL"), file.getProperty("url"), defaultUrl);
    String user = first(env.get("PATHWATCH_DB_USER"), file.getProperty("user"), url.startsWith("jdbc:h2:") ? "sa" : null);
    String password = first(env.get("PATHWATCH_DB_PASSWORD"), file.getProperty("password"), "");
    return new JobRepositoryDatabase(url, user, password);
  }

  /**
   * The default: an H2 file beside the outputs, so that a run's history lives with what it wrote. Committed
   * changes are written at once ({@code WRITE_DELAY=0}; H2 would otherwise keep them up to half a second), so a
   * process killed right after a step's commit does not lose it and restart that step over a staging folder that
   * later steps have already moved on.
   */
  public static String defaultH2Url(String output) {
    String local = output.startsWith("file:") ? output.substring(5) : output;
    if (local.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      local = System.getProperty("user.home") + "/.pathwatch";
    }
    return "jdbc:h2:file:" + Path.of(local).toAbsolutePath().normalize()
        + "/_batch/repository;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** Opens a pool, checks that the database answers and creates the Spring Batch schema when missing. */
  public HikariDataSource open() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(10_000);
    // one attempt, not ten seconds of retries: an unreachable database fails the run at once with exit 6,
    // and the scheduler's retries (30 minutes apart) are the place to wait for it
    config.setInitializationFailTimeout(1);
    config.setPoolName("pathwatch-jobrepository");
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new PathwatchException(ExitCodes.REPOSITORY_UNAVAILABLE, scrub("JobRepository database " + url
          + " cannot be reached: " + rootMessage(e)), new SecretFree(e, this));
    }
    createSchemaIfMissing(ds);
    LOG.info("JobRepository: {} (user {})", scrub(url), user);
    return ds;
  }

  private void createSchemaIfMissing(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      if (hasTable(c, "BATCH_JOB_INSTANCE") || hasTable(c, "batch_job_instance")) {
        return;
      }
      String product = c.getMetaData().getDatabaseProductName().toLowerCase();
      String script = product.contains("postgres") ? "postgresql" : product.contains("h2") ? "h2" : product;
      LOG.info("JobRepository: creating the Spring Batch schema ({})", script);
      new ResourceDatabasePopulator(
          new ClassPathResource("org/springframework/batch/core/schema-" + script + ".sql")).populate(c);
    } catch (SQLException e) {
      throw new PathwatchException(ExitCodes.REPOSITORY_UNAVAILABLE, scrub("JobRepository database " + url
          + ": cannot create the schema: " + e.getMessage()), new SecretFree(e, this));
    }
  }

  private static boolean hasTable(Connection c, String name) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(null, null, name, new String[] {"TABLE"})) {
      return rs.next();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** The text with the password, and any password written into a JDBC URL, replaced by {@code ***}. */
  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    if (password != null && !password.isEmpty()) {
      out = out.replace(password, "***");
    }
    return out.replaceAll("(?i)((?:password|passwd|pwd)=)[^&;\\s]*", "$1***")
        .replaceAll("(//[^/:@\\s]+:)[^@/\\s]*@", "$1***@");
  }

  @Override
  public String toString() {
    return "JobRepositoryDatabase[url=" + scrub(url) + ", user=" + user + ", password=***]";
  }

  /**
   * A cause that can be logged and printed: the failure's class and scrubbed message, with its stack trace, but
   * not the original exception (a driver may put the URL, with a password in it, into its message).
   */
  static final class SecretFree extends RuntimeException {
    SecretFree(Throwable original, JobRepositoryDatabase db) {
      super(original.getClass().getName() + ": " + db.scrub(original.getMessage()),
          original.getCause() == null ? null : new SecretFree(original.getCause(), db));
      setStackTrace(original.getStackTrace());
    }
  }
}
