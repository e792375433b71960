package dk.pathwatch.batch;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.ReferenceLayout;
import dk.pathwatch.indicators.StandardTimes;
import dk.pathwatch.load.MarkerView;
import dk.pathwatch.load.SnapshotLoader;
import dk.pathwatch.pathways.ClockBuilder;
import dk.pathwatch.pathways.PathwayBuilder;
import dk.pathwatch.validate.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every check that needs no data, in one place, run before the job is launched (so before any Spark job reads
 * data, and a refusal leaves nothing behind: no JobRepository entry, no staging folder):
 *
 * <ol>
 *   <li>the rule files ({@link RuleSet#lint}) and every reference table against its layout
 *       ({@link #REFERENCE_TABLES}): exit 5, naming file, line and reason;
 *   <li>the snapshot's folders and every part file's footer against {@code schemas/input}
 *       ({@link SnapshotLoader#inspect}): exit 4, naming table, file and column.
 * </ol>
 *
 * <p>{@code run} calls {@link #check} once the arguments are settled; {@code rules lint} calls
 * {@link #rulesAndReference}, so both refuse the same files. A new check that needs no data belongs here.
 */
public final class Preflight {
  private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);
  /** How many problems the message lists; the rest are counted. */
  private static final int LISTED = 20;

  /** The tables of {@code validation-rules/reference/}, each with the layout its user declares. */
  public static final List<ReferenceLayout> REFERENCE_TABLES = List.of(MarkerView.SKS_CODES, PathwayBuilder.REGIONS,
      StandardTimes.LAYOUT, ClockBuilder.MWT_LIMITS);

  private Preflight() {}

  /**
   * Checks the rules and reference data (null = the bundled ones) and the snapshot of a run before anything else
   * reads them (the run's identity hashes them); throws a {@link PathwatchException} to refuse it.
   */
  public static void check(Path validationRulesOverride, String snapshot, SparkSession spark) {
    rulesAndReference(validationRulesOverride);
    new SnapshotLoader(spark, ProjectFiles.bundled("schemas")).inspect(snapshot);
    LOG.info("preflight: rule files, reference data and the snapshot's part files are sound");
  }

  /**
   * Checks the rule files and the reference data of a {@code validation-rules} folder (null = the bundled one).
   *
   * @return the loaded rule set
   * @throws PathwatchException exit code 5 listing every problem as {@code file:line: reason}; 2 when the folder
   *     given does not exist
   */
  public static RuleSet rulesAndReference(Path validationRulesOverride) {
    if (validationRulesOverride != null && !Files.isDirectory(validationRulesOverride)) {
      throw new PathwatchException(ExitCodes.BAD_ARGUMENTS, "--rules: folder not found: " + validationRulesOverride);
    }
    Path rulesDir = RuleSet.rulesFolder(validationRulesOverride);
    List<String> problems = new ArrayList<>(RuleSet.lint(rulesDir).stream().map(RuleSet.Problem::toString).toList());
    Path referenceDir = ProjectFiles.referenceFolder(validationRulesOverride);
    if (!Files.isDirectory(referenceDir)) {
      problems.add(referenceDir + ": the reference data folder is missing");
    } else {
      for (ReferenceLayout table : REFERENCE_TABLES) {
        problems.addAll(table.check(referenceDir));
      }
    }
    if (!problems.isEmpty()) {
      throw new PathwatchException(ExitCodes.RULES_INVALID, refusal(problems));
    }
    return RuleSet.load(rulesDir);
  }

  /** One line for one problem; otherwise a count and one line per problem (at most {@value #LISTED}). */
  private static String refusal(List<String> problems) {
    if (problems.size() == 1) {
      return "rule files or reference data refused: " + problems.get(0);
    }
    List<String> listed = new ArrayList<>(problems.subList(0, Math.min(LISTED, problems.size())));
    if (problems.size() > LISTED) {
      listed.add("… and " + (problems.size() - LISTED) + " more");
    }
    return "rule files or reference data refused (" + problems.size() + " problems):\n" + String.join("\n", listed);
  }
}
