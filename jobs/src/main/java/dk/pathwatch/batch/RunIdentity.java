package dk.pathwatch.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes two runs the same run: same output folder, same snapshot (its canonical path and the fingerprint of
 * its files), same extraction date and cut-off, same rule set and same reference data (their hashes). A run with
 * the same identity gives identical tables, so a restart may resume where a failed run stopped; when anything here
 * changed, the work of the failed run is not reused (a new run starts, saying why) and a run already published is
 * published again.
 */
public record RunIdentity(String output, String snapshot, String snapshotFingerprint, String extractionDate,
    String cutoff, String rulesHash, String referenceHash) {

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("output", output);
    m.put("snapshot", snapshot);
    m.put("snapshot_fingerprint", snapshotFingerprint);
    m.put("extraction_date", extractionDate);
    m.put("cutoff_date", cutoff);
    m.put("rules_hash", rulesHash);
    m.put("reference_hash", referenceHash);
    return m;
  }

  public static RunIdentity fromMap(Map<?, ?> m) {
    return new RunIdentity(str(m, "output"), str(m, "snapshot"), str(m, "snapshot_fingerprint"),
        str(m, "extraction_date"), str(m, "cutoff_date"), str(m, "rules_hash"), str(m, "reference_hash"));
  }

  private static String str(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v == null ? null : v.toString();
  }

  /** One hash of the whole identity (first 16 hex digits), recorded in the manifest as {@code run.run_key}. */
  public String key() {
    return dk.pathwatch.publish.SnapshotIdentity.sha256(String.join("\n", output, snapshot, snapshotFingerprint,
        extractionDate, cutoff, rulesHash, referenceHash)).substring(0, 16);
  }

  /** What differs from an earlier run's identity, in words ("the rules (hash 1a2b3c… → 4d5e6f…)"). */
  public List<String> differencesFrom(RunIdentity earlier) {
    List<String> d = new ArrayList<>();
    diff(d, "the output folder", earlier.output, output);
    diff(d, "the snapshot", earlier.snapshot, snapshot);
    diff(d, "the snapshot's files", earlier.snapshotFingerprint, snapshotFingerprint);
    diff(d, "the extraction date", earlier.extractionDate, extractionDate);
    diff(d, "the cut-off", earlier.cutoff, cutoff);
    diff(d, "the rules", earlier.rulesHash, rulesHash);
    diff(d, "the reference data", earlier.referenceHash, referenceHash);
    return d;
  }

  private static void diff(List<String> out, String what, String before, String now) {
    if (before == null ? now != null : !before.equals(now)) {
      boolean hash = now != null && now.matches("[0-9a-f]{64}");
      out.add(what + (hash ? " (hash " + abbrev(before) + " -> " + abbrev(now) + ")"
          : " (" + before + " -> " + now + ")"));
    }
  }

  private static String abbrev(String hash) {
    return hash == null ? "none" : hash.substring(0, Math.min(12, hash.length()));
  }
}
