package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.pathwatch.Pathwatch;
import dk.pathwatch.Published;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TableAssert;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.generate.GeneratorOptions;
import dk.pathwatch.generate.SnapshotGenerator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stationary and dynamic figures (SPEC §4, cut-off): a later snapshot run with an earlier cut-off gives exactly
 * the figures of the earlier snapshot; the same later snapshot with cut-off = its extraction date gives the
 * current figures, which differ.
 */
class StationaryFiguresTest {
  static final LocalDate EARLY = LocalDate.parse("2025-03-31");
  static final LocalDate LATE = LocalDate.parse("2025-06-30");
  static final List<String> FIGURES = List.of("indicators", "indicators_published", "activity",
      "activity_published", "mwt", "mwt_published");

  @Test
  void laterSnapshotWithEarlierCutoffReproducesTheEarlierFigures(@TempDir Path tmp) {
    SparkSession spark = SharedSpark.get();
    GeneratorOptions late = GeneratorOptions.defaults(tmp.resolve("late/" + LATE)).withSeed(11);
    late = new GeneratorOptions(late.output(), 1500, late.seed(), LATE, late.faultRates(), null);
    SnapshotGenerator.generate(spark, late);
    SnapshotGenerator.generate(spark, late.withOutput(tmp.resolve("early/" + EARLY)).withAsOf(EARLY));

    Path out = tmp.resolve("out");
    assertEquals(ExitCodes.OK, Pathwatch.execute("run", "--snapshot", tmp.resolve("early/" + EARLY).toString(),
        "--output", out.resolve("early").toString(), "--extraction-date", EARLY.toString()));
    assertEquals(ExitCodes.OK, Pathwatch.execute("run", "--snapshot", tmp.resolve("late/" + LATE).toString(),
        "--output", out.resolve("late").toString(), "--cutoff", EARLY.toString()));
    assertEquals(ExitCodes.OK, Pathwatch.execute("run", "--snapshot", tmp.resolve("late/" + LATE).toString(),
        "--output", out.resolve("late").toString()));

    Path frozen = Published.require(out.resolve("early"), tmp.resolve("early/" + EARLY), EARLY.toString());
    Path rerunFrozen = Published.require(out.resolve("late"), tmp.resolve("late/" + LATE), EARLY.toString());
    Path current = Published.require(out.resolve("late"), tmp.resolve("late/" + LATE), LATE.toString());
    for (String table : FIGURES) {
      TableAssert.sameRows(spark.read().parquet(frozen.resolve("tables/" + table).toString()),
          spark.read().parquet(rerunFrozen.resolve("tables/" + table).toString()), table + " (stationary)");
    }
    long currentOnly = spark.read().parquet(current.resolve("tables/indicators").toString())
        .exceptAll(spark.read().parquet(frozen.resolve("tables/indicators").toString())).count();
    org.junit.jupiter.api.Assertions.assertTrue(currentOnly > 0, "the dynamic figures include later registrations");
  }
}
