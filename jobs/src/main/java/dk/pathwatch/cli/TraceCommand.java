package dk.pathwatch.cli;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.SparkPaths;
import dk.pathwatch.common.SparkSessions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trace}: lineage of one aggregate cell of a published run, for internal quality work. Prints the cell's
 * internal (unsuppressed) row and its published row, then the pathways it counts (from {@code cell_ids} of the
 * {@code pathways} table) with their dates, days and region, and each pathway's markers (from
 * {@code pathway_markers}); for a waiting-time cell the clocks it counts and their start markers. The person is
 * shown by the pseudonym {@code cpr_encrypted} only, never by anything else.
 */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Trace an aggregate cell of a published run back to its pathways and markers (internal use; the person is",
        "shown by pseudonym only). A cell id is the cell_id column of indicators, activity or mwt, e.g.",
        "2025Q2|1081|AFB01|alle|OF4 (quarter|region|pathway|modality|indicator), 2025Q2|national|all (activity),",
        "2025Q2|1081|UDR|inden_for| (mwt: quarter|region|rule|category|reason, an empty reason last)."})
public final class TraceCommand implements Callable<Integer> {
  /** The aggregate tables that have cells, in the order they are searched. */
  static final List<String> CELL_TABLES = List.of("indicators", "activity", "mwt");
  static final String NULL = "-";

  @Option(names = "--run", required = true, paramLabel = "DIR",
      description = "A published run: its run folder (the folder holding tables/), or its place "
          + "OUTPUT/<snapshot>-<id>/cutoff=<date>, whose CURRENT names the current run.")
  String run;

  @Option(names = "--cell", required = true, paramLabel = "CELL_ID", description = "The cell id to trace.")
  String cell;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
      description = "Print at most N pathways or clocks with their markers (default: ${DEFAULT-VALUE}); "
          + "the total is always printed.")
  int limit;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.getOrCreate("pathwatch-trace");
    try {
      PrintWriter out = spec.commandLine().getOut();
      trace(spark, out);
      out.flush();
      return ExitCodes.OK;
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  private void trace(SparkSession spark, PrintWriter out) {
    String tables = runFolder(spark) + "/tables";
    requireRun(spark, tables);
    for (String table : CELL_TABLES) {
      Row row = findCell(spark, tables + "/" + table);
      if (row == null) {
        continue;
      }
      out.println("cell " + cell + " (" + table + ", internal values)");
      out.println("  " + fields(row));
      Row published = findCell(spark, tables + "/" + table + "_published");
      out.println("published: " + (published == null ? "(no row)" : fields(published)));
      if (table.equals("mwt")) {
        printClocks(spark, tables, out);
      } else {
        String indicator = table.equals("indicators") ? row.getAs("indicator") : null;
        printPathways(spark, tables, indicator, out);
      }
      return;
    }
    throw new PathwatchException(ExitCodes.BAD_ARGUMENTS,
        "no cell '" + cell + "' in " + String.join(", ", CELL_TABLES) + " of " + run);
  }

  /** The run folder: {@code --run} itself, or the run its {@code CURRENT} names when it is a published place. */
  private String runFolder(SparkSession spark) {
    String dir = run.replaceAll("/+$", "");
    String pointer = dir + "/" + dk.pathwatch.publish.RunLayout.POINTER;
    dk.pathwatch.publish.OutputFiles files =
        new dk.pathwatch.publish.OutputFiles(spark.sparkContext().hadoopConfiguration());
    if (!files.exists(dir + "/tables") && files.exists(pointer)) {
      return dir + "/" + files.readString(pointer).trim();
    }
    return dir;
  }

  private void requireRun(SparkSession spark, String tables) {
    try {
      Path path = new Path(tables + "/pathways");
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw new PathwatchException(ExitCodes.BAD_ARGUMENTS, "not a published run (no tables/pathways): " + run);
      }
    } catch (java.io.IOException e) {
      throw new PathwatchException(ExitCodes.INPUT_INVALID, "cannot read " + run + ": " + e.getMessage(), e);
    }
  }

  private Row findCell(SparkSession spark, String table) {
    List<Row> rows = SparkPaths.parquet(spark, table).where(col("cell_id").equalTo(cell)).limit(2).collectAsList();
    if (rows.size() > 1) {
      throw new IllegalStateException("cell id " + cell + " is not unique in " + table);
    }
    return rows.isEmpty() ? null : rows.get(0);
  }

  /**
   * The pathways whose {@code cell_ids} contain the cell, ordered by the indicator's days (when the cell is an
   * indicator) then pathway id, each followed by its markers.
   */
  private void printPathways(SparkSession spark, String tables, String indicator, PrintWriter out) {
    String daysColumn = indicator == null ? null : "days_" + indicator.toLowerCase();
    Dataset<Row> counted = SparkPaths.parquet(spark, tables + "/pathways")
        .where(array_contains(col("cell_ids"), cell));
    long total = counted.count();
    List<Column> select = new ArrayList<>();
    for (String c : List.of("pathway_id", "cpr_encrypted", "region", "quarter", "pathway", "modality", "date_a",
        "date_b", "date_c", "date_c1", "date_f", "date_x", "end_code")) {
      select.add(col(c));
    }
    List<Column> order = new ArrayList<>();
    if (daysColumn != null) {
      select.add(col(daysColumn).as("days"));
      order.add(col(daysColumn));
    }
    order.add(col("pathway_id"));
    List<Row> shown = counted.select(select.toArray(Column[]::new)).orderBy(order.toArray(Column[]::new))
        .limit(limit).collectAsList();
    out.println("pathways: " + total + " (showing " + shown.size() + ")");
    Map<String, List<Row>> markers = markersOf(spark, tables, shown);
    for (Row p : shown) {
      StringBuilder line = new StringBuilder("pathway ").append(p.getString(0))
          .append(" pseudonym=").append(value(p, "cpr_encrypted"));
      for (String c : List.of("region", "quarter", "pathway", "modality", "date_a", "date_b", "date_c", "date_c1",
          "date_f", "date_x", "end_code")) {
        line.append(' ').append(c).append('=').append(value(p, c));
      }
      if (daysColumn != null) {
        line.append(" days=").append(value(p, "days"));
      }
      out.println(line);
      for (Row m : markers.getOrDefault(p.getString(0), List.of())) {
        out.println("  marker dw_ek_forloeb=" + value(m, "dw_ek_forloeb") + " code=" + value(m, "markoer")
            + " date=" + value(m, "dato_markoer") + " time=" + value(m, "tidspunkt_markoer"));
      }
    }
  }

  /** The markers of the shown pathways (a handful), in the order of the pathway walk. */
  private static Map<String, List<Row>> markersOf(SparkSession spark, String tables, List<Row> pathways) {
    Map<String, List<Row>> byPathway = new LinkedHashMap<>();
    if (pathways.isEmpty()) {
      return byPathway;
    }
    Object[] ids = pathways.stream().map(r -> r.getString(0)).toArray();
    SparkPaths.parquet(spark, tables + "/pathway_markers")
        .where(col("pathway_id").isin(ids))
        .select("pathway_id", "dw_ek_forloeb", "markoer", "dato_markoer", "tidspunkt_markoer")
        .orderBy("pathway_id", "dato_markoer", "tidspunkt_markoer", "markoer")
        .collectAsList()
        .forEach(m -> byPathway.computeIfAbsent(m.getString(0), k -> new ArrayList<>()).add(m));
    return byPathway;
  }

  /** The clocks whose {@code cell_ids} contain the cell, each with its start marker. */
  private void printClocks(SparkSession spark, String tables, PrintWriter out) {
    Dataset<Row> counted = SparkPaths.parquet(spark, tables + "/clocks").where(array_contains(col("cell_ids"), cell));
    long total = counted.count();
    List<Row> shown = counted.orderBy("clock_id").limit(limit).collectAsList();
    out.println("clocks: " + total + " (showing " + shown.size() + ")");
    for (Row c : shown) {
      StringBuilder line = new StringBuilder("clock ").append(value(c, "clock_id"))
          .append(" pseudonym=").append(value(c, "cpr_encrypted"));
      for (String f : List.of("rule", "region", "quarter", "date_start", "date_stop", "date_end", "raw_days",
          "pause_days", "net_days", "category", "reason", "still_waiting")) {
        line.append(' ').append(f).append('=').append(value(c, f));
      }
      out.println(line);
      out.println("  marker dw_ek_forloeb=" + value(c, "dw_ek_forloeb") + " code=" + value(c, "markoer")
          + " date=" + value(c, "dato_markoer") + " time=" + value(c, "tidspunkt_markoer") + " (clock start)");
    }
  }

  private static String fields(Row row) {
    StringBuilder s = new StringBuilder();
    for (String name : row.schema().fieldNames()) {
      if (name.equals("cell_id")) {
        continue;
      }
      s.append(s.length() == 0 ? "" : " ").append(name).append('=').append(value(row, name));
    }
    return s.toString();
  }

  private static String value(Row row, String name) {
    Object v = row.getAs(name);
    return v == null ? NULL : v.toString();
  }
}
