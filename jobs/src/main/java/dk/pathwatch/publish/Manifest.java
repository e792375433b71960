package dk.pathwatch.publish;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run manifest (SPEC §6): inputs with row counts and checksums, parameters, rule-set version and hash,
 * reference-data hashes, row accounting, timings per step, outputs with path and row count, versions and the
 * exit status. Built from what each step stored in {@code state/}.
 */
public final class Manifest {
  private final Map<String, Object> content = new LinkedHashMap<>();

  public Manifest put(String key, Object value) {
    content.put(key, value);
    return this;
  }

  public Map<String, Object> content() {
    return content;
  }

  public static Map<String, Object> versions() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("pathwatch", Manifest.class.getPackage().getImplementationVersion() == null ? "dev"
        : Manifest.class.getPackage().getImplementationVersion());
    v.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    v.put("java", System.getProperty("java.version"));
    v.put("spring_batch", org.springframework.batch.core.SpringBatchVersion.getVersion());
    return v;
  }
}
