package dk.pathwatch.batch;

import javax.sql.DataSource;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly job: load → validate → pathways → indicators → report → publish, one tasklet step per stage.
 * The DataSource is registered by {@link NightlyJobRunner} before the context starts. The JobRepository keeps
 * its own JDBC transaction manager; the tasklets run under a {@link ResourcelessTransactionManager}: their Spark
 * work needs no database transaction, and a JDBC one would hold a connection open (idle in transaction) for the
 * whole of a step that may take minutes.
 */
@Configuration
@EnableBatchProcessing(dataSourceRef = "dataSource", transactionManagerRef = "transactionManager")
public class BatchConfiguration {
  public static final String JOB_NAME = "pathwatch-nightly";

  @Bean
  public PlatformTransactionManager transactionManager(DataSource dataSource) {
    return new JdbcTransactionManager(dataSource);
  }

  @Bean
  public Job nightlyJob(JobRepository repository) {
    PlatformTransactionManager tx = new ResourcelessTransactionManager();
    var steps = NightlyJobSteps.all();
    var builder = new JobBuilder(JOB_NAME, repository).start(step(steps.get(0), repository, tx));
    for (PipelineStep s : steps.subList(1, steps.size())) {
      builder = builder.next(step(s, repository, tx));
    }
    return builder.build();
  }

  private static org.springframework.batch.core.Step step(PipelineStep s, JobRepository repository,
      PlatformTransactionManager tx) {
    return new StepBuilder(s.name(), repository).tasklet(s, tx).build();
  }
}
