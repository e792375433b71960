package dk.pathwatch.common;

import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the job's SparkSession. The master comes from Spark's own settings ({@code spark.master} as a
 * system property or from spark-submit); without one, local mode on every core is the default.
 */
public final class SparkSessions {
  /** HotSpot's limit of a method it compiles ({@code -XX:+DontCompileHugeMethods}, the default). */
  static final int HUGE_METHOD_BYTES = 8_000;

  private SparkSessions() {}

  /**
   * Runs {@code work} with the session setting {@code key} at {@code value} and puts the session's own setting back
   * afterwards (unset when it had none), so that later steps keep it.
   */
  public static <T> T withSetting(SparkSession spark, String key, String value, Supplier<T> work) {
    RuntimeConfig conf = spark.conf();
    // contains: set in the session; getOption would also return a default, which would then be left set
    String before = conf.contains(key) ? conf.get(key) : null;
    conf.set(key, value);
    try {
      return work.get();
    } finally {
      if (before != null) {
        conf.set(key, before);
      } else {
        conf.unset(key);
      }
    }
  }

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
    // HotSpot does not JIT-compile a method of more than 8,000 bytes of bytecode unless told to
    // (-XX:-DontCompileHugeMethods, JavaLauncher.JOB_JVM_FLAGS): a whole-stage-codegen stage with a bigger method
    // then runs interpreted for ever (the person walk's row serializer, one method for every output column, was a
    // fifth of the walk stage). Without that flag, Spark is told to fall back above the limit to each operator's
    // own generated code, split into methods the JIT compiles.
    if (!compilesHugeMethods()) {
      conf.setIfMissing("spark.sql.codegen.hugeMethodLimit", String.valueOf(HUGE_METHOD_BYTES));
    }
    conf.setIfMissing("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // write dates as they are (proleptic Gregorian): Spark's default refuses a date before 1582 in a work table
    conf.setIfMissing("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
    conf.setIfMissing("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED");
    conf.setIfMissing("spark.driver.host", "127.0.0.1");
    conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** Whether this JVM JIT-compiles methods above {@link #HUGE_METHOD_BYTES} ({@code -XX:-DontCompileHugeMethods}). */
  static boolean compilesHugeMethods() {
    try {
      return "false".equals(java.lang.management.ManagementFactory
          .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("DontCompileHugeMethods").getValue());
    } catch (RuntimeException e) { // not HotSpot: assume the default
      return false;
    }
  }

  /** A few partitions per core: small enough for a laptop, AQE coalesces further. */
  static int defaultShufflePartitions() {
    return Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
  }

  /** Marker rows per shuffle partition that a task sorts in memory with a heap of a few GB (measured at 20M). */
  static final long MARKERS_PER_PARTITION = 2_500_000;

  /**
   * Sizes the shuffle partitions to the snapshot: the default ({@link #defaultShufflePartitions}) up to 20M marker
   * rows on two cores, one partition per {@value #MARKERS_PER_PARTITION} markers beyond, so a 100M snapshot's
   * tasks hold as much as a 20M one's. A value set by the operator ({@code spark.sql.shuffle.partitions} as a
   * system property or a spark-submit {@code --conf}) is left alone.
   *
   * @return the number of partitions in force
   */
  public static int sizeShufflePartitions(SparkSession spark, long markerRows) {
    if (new SparkConf(true).contains("spark.sql.shuffle.partitions")) {
      return Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    }
    int partitions = shufflePartitionsFor(markerRows, defaultShufflePartitions());
    spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
    return partitions;
  }

  static int shufflePartitionsFor(long markerRows, int defaultPartitions) {
    long bySize = (markerRows + MARKERS_PER_PARTITION - 1) / MARKERS_PER_PARTITION;
    return (int) Math.max(defaultPartitions, bySize);
  }
}
