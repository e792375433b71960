package dk.pathwatch.validate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Pathwatch;
import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.generate.FaultKind;
import dk.pathwatch.generate.GeneratorOptions;
import dk.pathwatch.generate.SnapshotGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when of "Declarative rules": on a generated snapshot with every publishable fault kind injected at a
 * high rate, the nightly job (in-process) reports each fault under its rule, finds every injected row, and
 * reports no row the generator's truth calls clean. The faults of issue #12 are among them: codes in the wrong case
 * (VR01-CASE), a duplicate whose first copy is excluded (VR11-EXCLUDED: no VR11, no VR15 where the B is kept), a
 * clock start shared by two episodes (VR11-EPISODE), EFT with one start (PW03), stray stops (PW04). Per rule id, the keys of {@code validation_errors} are
 * compared with the keys of {@code truth/}: episode-scope rules on {@code dw_ek_forloeb} only, every other
 * rule on {@code dw_ek_forloeb, markoer, dato_markoer, tidspunkt_markoer} (pathway rows carry their A's key,
 * orphans their own, clocks their start marker's).
 */
class TruthReconciliationTest {
  private static final int PATHWAYS = 3000;
  private static final long SEED = 7;
  private static final double RATE = 0.05;
  private static final String EXTRACTION = "2025-06-30";
  /** The validator's rule id for a fault kind whose DOMAIN rule is split in parts. */
  private static final Map<String, String> VALIDATOR_ID = Map.of("VR35", "VR35-UNCLOSED");
  private static final int EXAMPLES = 5;

  @Test
  void everyInjectedFaultIsReportedUnderItsRuleAndNothingElse(@TempDir Path tmp) {
    SparkSession spark = SharedSpark.get();
    Path snapshot = tmp.resolve("snapshots").resolve(EXTRACTION);
    GeneratorOptions options = new GeneratorOptions(snapshot, PATHWAYS, SEED,
        GeneratorOptions.DEFAULT_EXTRACTION_DATE, GeneratorOptions.publishableRates(RATE), null);
    SnapshotGenerator.generate(spark, options);
    Path out = tmp.resolve("out");
    assertEquals(ExitCodes.OK, Pathwatch.execute("run", "--snapshot", snapshot.toString(),
        "--output", out.toString()), "the job publishes the faulty snapshot");

    Set<String> episodeRules = RuleSet.load(RuleSet.rulesFolder(null)).rules(Scope.EPISODE).stream()
        .map(Rule::id).collect(Collectors.toSet());
    List<String> kinds = new ArrayList<>();
    for (FaultKind kind : FaultKind.values()) {
      if (options.rate(kind) > 0 && !kinds.contains(kind.truthRuleId())) {
        kinds.add(kind.truthRuleId());
      }
    }
    Dataset<Row> truth = keyed(spark.read().parquet(snapshot.resolve("truth").toString())
        .withColumn("rule_id", validatorId(col("rule_id"))), episodeRules, kinds);
    Dataset<Row> found = keyed(spark.read().parquet(Published.require(out, snapshot, EXTRACTION)
        .resolve("tables/validation_errors").toString()), episodeRules, kinds);

    Map<String, long[]> table = compare(truth, found, kinds);
    System.out.println(render(table));
    List<String> problems = new ArrayList<>();
    table.forEach((rule, n) -> {
      if (n[0] == 0) {
        problems.add(rule + ": never injected");
      }
    });
    problems.addAll(examples(truth.except(found), "missing"));
    problems.addAll(examples(found.except(truth), "extra"));
    assertTrue(problems.isEmpty(), "truth and validation_errors differ:\n" + render(table) + "\n"
        + String.join("\n", problems));
  }

  private static Column validatorId(Column ruleId) {
    Column mapped = ruleId;
    for (Map.Entry<String, String> e : VALIDATOR_ID.entrySet()) {
      mapped = when(ruleId.equalTo(e.getKey()), lit(e.getValue())).otherwise(mapped);
    }
    return mapped;
  }

  /** Distinct (rule_id, key) of the rules under test; the key is what both tables have for the rule's scope. */
  private static Dataset<Row> keyed(Dataset<Row> rows, Set<String> episodeRules, List<String> kinds) {
    List<String> ids = kinds.stream().map(k -> VALIDATOR_ID.getOrDefault(k, k)).toList();
    Column markerKey = concat_ws("|", part("dw_ek_forloeb"), part("markoer"), part("dato_markoer"),
        part("tidspunkt_markoer"));
    Column key = when(col("rule_id").isin(episodeRules.toArray()), part("dw_ek_forloeb")).otherwise(markerKey);
    return rows.where(col("rule_id").isin(ids.toArray())).select(col("rule_id"), key.as("key")).distinct()
        .cache();
  }

  private static Column part(String column) {
    return coalesce(col(column).cast("string"), lit("<null>"));
  }

  /** Per rule: truth n, found n, missing, extra (distinct keys). */
  private static Map<String, long[]> compare(Dataset<Row> truth, Dataset<Row> found, List<String> kinds) {
    Map<String, long[]> table = new LinkedHashMap<>();
    for (String kind : kinds) {
      table.put(VALIDATOR_ID.getOrDefault(kind, kind), new long[4]);
    }
    fill(table, truth, 0);
    fill(table, found, 1);
    fill(table, truth.except(found), 2);
    fill(table, found.except(truth), 3);
    return table;
  }

  private static void fill(Map<String, long[]> table, Dataset<Row> keyed, int column) {
    for (Row r : keyed.groupBy("rule_id").count().collectAsList()) {
      table.get(r.getString(0))[column] = r.getLong(1);
    }
  }

  private static List<String> examples(Dataset<Row> diff, String what) {
    Map<String, List<String>> byRule = new TreeMap<>();
    for (Row r : diff.orderBy("rule_id", "key").collectAsList()) {
      List<String> keys = byRule.computeIfAbsent(r.getString(0), k -> new ArrayList<>());
      if (keys.size() < EXAMPLES) {
        keys.add(r.getString(1));
      }
    }
    List<String> out = new ArrayList<>();
    byRule.forEach((rule, keys) -> out.add(rule + " " + what + ": " + keys));
    return out;
  }

  static String render(Map<String, long[]> table) {
    StringBuilder s = new StringBuilder(String.format("%-14s %8s %8s %8s %8s%n", "rule", "truth", "found",
        "missing", "extra"));
    table.forEach((rule, n) -> s.append(String.format("%-14s %8d %8d %8d %8d%n", rule, n[0], n[1], n[2], n[3])));
    return s.toString();
  }
}
