package dk.pathwatch.cli;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.SparkSessions;
import dk.pathwatch.generate.FaultKind;
import dk.pathwatch.generate.GeneratorOptions;
import dk.pathwatch.generate.GeneratorResult;
import dk.pathwatch.generate.SnapshotGenerator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pathwatch generate}: writes a synthetic snapshot with injected faults and their truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write a synthetic snapshot (forloebsmarkoerer/, forloeb/, organisationer/ as Parquet), the "
        + "expected violations in truth/, and snapshot.json. Same options and seed give the same rows.",
        "Fault kinds: VR01 VR02 VR03 VR04 VR04-TIME VR05 VR05-EARLY VR06 VR07 VR08 VR09 VR10 VR11 VR24 VR27 "
            + "(marker rows), VR12-VR22 VR25 (pathways), PW01 VR35 (clocks), DS02 (episode keys; a BLOCKER, so it is "
            + "only injected when named in --faults, e.g. --faults DS02=0.01)."})
public final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder to write the snapshot into (its table folders are replaced).")
  Path output;

  @Option(names = "--pathways", paramLabel = "N", defaultValue = "2000",
      description = "Number of pathways (about 12%% of persons have two). Default: ${DEFAULT-VALUE}.")
  long pathways;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Random seed; the same seed gives the same rows. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--extraction-date", paramLabel = "D", defaultValue = "2025-06-30",
      description = "Extraction date of the snapshot (YYYY-MM-DD). Default: ${DEFAULT-VALUE}.")
  LocalDate extractionDate;

  @Option(names = "--fault-rate", paramLabel = "R", defaultValue = "0.01",
      description = "Probability that a given fault kind is injected into a pathway, episode or clock "
          + "(0..1). Default: ${DEFAULT-VALUE}.")
  double faultRate;

  @Option(names = "--faults", paramLabel = "KIND=R,...",
      description = "Per-kind overrides of --fault-rate, e.g. VR01=0.02,VR11=0.005. Default: none.")
  String faults;

  @Option(names = "--clean", defaultValue = "false",
      description = "Inject no faults (overrides --fault-rate and --faults): the truth is empty. "
          + "Default: ${DEFAULT-VALUE}.")
  boolean clean;

  @Option(names = "--as-of", paramLabel = "D",
      description = "Write the same population as it was registered on D (<= extraction date): markers "
          + "registered and dated by D, episodes started by D, ends after D cleared. Default: none.")
  LocalDate asOf;

  @Override
  public Integer call() {
    GeneratorOptions options = options();
    SparkSession spark = SparkSessions.getOrCreate("pathwatch-generate");
    try {
      GeneratorResult result = SnapshotGenerator.generate(spark, options);
      System.out.println("generate: wrote " + result.rowCounts() + " to " + output + " in "
          + result.wallMillis() / 1000.0 + " s");
      System.out.println("generate: expected violations " + result.truthByRule());
      return ExitCodes.OK;
    } finally {
      spark.stop();
    }
  }

  /** The generator options of the parsed command line; bad values give exit code {@code BAD_ARGUMENTS}. */
  public GeneratorOptions options() {
    try {
      Map<FaultKind, Double> rates = GeneratorOptions.publishableRates(clean ? 0.0 : faultRate);
      if (!clean) {
        rates = GeneratorOptions.withOverrides(rates, faults);
      }
      return new GeneratorOptions(output, pathways, seed, extractionDate, rates, asOf);
    } catch (IllegalArgumentException e) {
      throw new PathwatchException(ExitCodes.BAD_ARGUMENTS, e.getMessage(), e);
    }
  }
}
