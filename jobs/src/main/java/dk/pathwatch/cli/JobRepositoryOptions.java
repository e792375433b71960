package dk.pathwatch.cli;

import dk.pathwatch.batch.JobRepositoryDatabase;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the JobRepository database is, shared by {@code run} and {@code history}. */
public final class JobRepositoryOptions {

  @Option(names = "--job-repository", paramLabel = "JDBC-URL",
      description = "JobRepository database. Default: env PATHWATCH_DB_URL, else --db-config, else an H2 file in "
          + "OUTPUT/_batch/. User and password come from PATHWATCH_DB_USER / PATHWATCH_DB_PASSWORD or --db-config.")
  String jobRepository;

  @Option(names = "--db-config", paramLabel = "FILE",
      description = "Properties file with url, user, password for the JobRepository database.")
  Path dbConfig;

  public JobRepositoryDatabase resolve(String output) {
    return JobRepositoryDatabase.resolve(jobRepository, dbConfig, JobRepositoryDatabase.defaultH2Url(output),
        System.getenv());
  }
}
