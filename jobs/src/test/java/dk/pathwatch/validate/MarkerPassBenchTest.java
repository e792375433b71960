package dk.pathwatch.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.RunParameters;
import dk.pathwatch.load.MarkerView;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cost of one marker-scope pass with every shipped rule against the same pass without rules, on ~1M synthetic
 * marker rows (realistic code mix, a few per cent of faults). The marker view is built once and stored as
 * Parquet so that only the rule projection differs. Off by default: {@code -Dpathwatch.bench=true}.
 */
@EnabledIfSystemProperty(named = "pathwatch.bench", matches = "true")
class MarkerPassBenchTest {
  private static final Logger LOG = LoggerFactory.getLogger(MarkerPassBenchTest.class);
  private static final int ROWS = 1_000_000;
  private final SparkSession spark = SharedSpark.get();

  @Test
  void allRulesVersusNone(@TempDir Path dir) {
    RunParameters run = new RunParameters(LocalDate.of(2025, 4, 30), LocalDate.of(2025, 3, 31));
    Dataset<Row> markers = spark.range(ROWS).selectExpr(
        "concat('E', id % 250000) dw_ek_forloeb",
        "element_at(array('AFB01A','AFB01B','AFB01C1','AFB01F1','AFB26A','AFB26B','AFB26C1','AFB26F2','AFB13A',"
            + "'AFB14C1','AFB14F1','AFA01A','AFA01X1','AFV01A1A','AFV01B','AFV02K1','AFV02K2','AFB01C','AFB99Q',"
            + "'AFB01X1'), cast(id % 20 as int) + 1) markoer",
        "case when id % 997 = 0 then null else date_add(date'2024-01-01', cast(id % 500 as int)) end dato_markoer",
        "case when id % 50 = 0 then null when id % 50 = 1 then '25:00' "
            + "else format_string('%02d:%02d', cast(id % 24 as int), cast(id % 60 as int)) end tidspunkt_markoer",
        "date_add(date'2024-01-01', cast(id % 500 + id % 7 as int)) dato_indberetning",
        "'LPR3' lprindberetningssystem");
    Dataset<Row> episodes = spark.range(249_000).selectExpr(
        "concat('E', id) dw_ek_forloeb", "case when id % 1000 = 0 then null else concat('P', id % 200000) end "
            + "cpr_encrypted",
        "case when id % 500 = 0 then '1099' else cast(1081 + id % 5 as string) end region_ans",
        "cast(1081 + id % 5 as string) region_bopael", "concat('S', id % 300) sorenhed_ans", "'ALAL01' forloeblabel",
        "date'2024-01-01' dato_start", "case when id % 400 = 0 then date'2024-06-01' end dato_slut",
        "case when id % 400 = 0 then 'ALAC70' end afslutningsmaade");
    String path = dir.resolve("view").toString();
    RuleSet rules = RuleSet.load(RuleSet.rulesFolder(null));
    MarkerScope.build(MarkerView.build(markers, episodes, RuleFixtures.sksCodes()), rules, run).write().parquet(path);
    Dataset<Row> view = spark.read().parquet(path);

    List<Long> without = new ArrayList<>();
    List<Long> with = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      without.add(time(() -> view.write().format("noop").mode("overwrite").save()));
      with.add(time(() -> ScopeEvaluator.evaluate(view, Scope.MARKER, rules, run)
          .write().format("noop").mode("overwrite").save()));
    }
    // the first round warms up code generation and the file cache
    long medianWithout = median(without.subList(1, 4));
    long medianWith = median(with.subList(1, 4));
    String report = String.format("marker pass over %d rows, %d rules: without rules %d ms, with rules %d ms "
        + "(median of 3 after warm-up; all: %s vs %s)", view.count(), rules.rules(Scope.MARKER).size(),
        medianWithout, medianWith, without, with);
    LOG.warn(report);
    System.out.println(report);

    Dataset<Row> checked = ScopeEvaluator.evaluate(view, Scope.MARKER, rules, run);
    assertEquals(ROWS, checked.count());
    assertTrue(checked.where("array_contains(broken_rules, 'VR01')").count() > 0);
  }

  private static long time(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
