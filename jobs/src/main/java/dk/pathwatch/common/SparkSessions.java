package dk.pathwatch.common;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the job's SparkSession. The master comes from Spark's own settings ({@code spark.master} as a
 * system property or from spark-submit); without one, local mode on every core is the default.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession getOrCreate(String appName) {
    SparkConf conf = new SparkConf(true);
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.sql.session.timeZone", "UTC");
    conf.setIfMissing("spark.sql.shuffle.partitions", String.valueOf(defaultShufflePartitions()));
    conf.setIfMissing("spark.sql.adaptive.enabled", "true");
    conf.setIfMissing("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // write dates as they are (proleptic Gregorian): Spark's default refuses a date before 1582 in a work table
    conf.setIfMissing("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
    conf.setIfMissing("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED");
    conf.setIfMissing("spark.driver.host", "127.0.0.1");
    conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** A few partitions per core: small enough for a laptop, AQE coalesces further. */
  static int defaultShufflePartitions() {
    return Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
  }
}
