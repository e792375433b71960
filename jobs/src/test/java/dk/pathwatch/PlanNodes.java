package dk.pathwatch;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.execution.CommandResultExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.apache.spark.sql.execution.SortExec;
import scala.collection.JavaConverters;

/**
 * The physical operators a query ran with, after it ran (adaptive execution's final plan, query stages opened), so
 * that a test can count the shuffles and sorts a step costs instead of timing it.
 */
public final class PlanNodes {
  private final List<SparkPlan> nodes = new ArrayList<>();

  private PlanNodes(SparkPlan root) {
    collect(root);
  }

  /** The operators of the query that last executed {@code df} (call after an action on it). */
  public static PlanNodes of(Dataset<?> df) {
    return new PlanNodes(df.queryExecution().executedPlan());
  }

  /** The operators of an executed plan, e.g. of a write a listener saw. */
  public static PlanNodes of(SparkPlan plan) {
    return new PlanNodes(plan);
  }

  private void collect(SparkPlan plan) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      collect(adaptive.executedPlan());
      return;
    }
    if (plan instanceof QueryStageExec stage) {
      collect(stage.plan());
      return;
    }
    if (plan instanceof CommandResultExec command) {
      collect(command.commandPhysicalPlan());
      return;
    }
    nodes.add(plan);
    for (SparkPlan child : JavaConverters.seqAsJavaListConverter(plan.children()).asJava()) {
      collect(child);
    }
  }

  /** The sorts (SortExec) of the plan. */
  public List<SortExec> sorts() {
    return nodes.stream().filter(n -> n instanceof SortExec).map(n -> (SortExec) n).toList();
  }

  /** The shuffles whose partitioning mentions the given column, e.g. {@code cpr_encrypted}. */
  public List<ShuffleExchangeExec> shufflesBy(String column) {
    return nodes.stream().filter(n -> n instanceof ShuffleExchangeExec).map(n -> (ShuffleExchangeExec) n)
        .filter(e -> e.outputPartitioning().toString().contains(column)).toList();
  }

  /** The shuffles and sorts whose rows carry the given column, e.g. {@code markoer} for marker rows. */
  public List<SparkPlan> carrying(String column) {
    return nodes.stream().filter(n -> n instanceof SortExec || n instanceof ShuffleExchangeExec)
        .filter(n -> n.output().toString().contains(column)).toList();
  }

  /** The file reads of the plan (each a pass over its files). */
  public List<FileSourceScanExec> fileScans() {
    return nodes.stream().filter(n -> n instanceof FileSourceScanExec).map(n -> (FileSourceScanExec) n).toList();
  }

  /** The nodes of the plan whose name is the given one, e.g. {@code Window}. */
  public List<SparkPlan> named(String nodeName) {
    return nodes.stream().filter(n -> n.nodeName().equals(nodeName)).toList();
  }

  /** Rows a shuffle wrote (its SQL metric). */
  public static long rowsWritten(ShuffleExchangeExec exchange) {
    return exchange.metrics().apply("shuffleRecordsWritten").value();
  }

  @Override
  public String toString() {
    return String.join("\n", nodes.stream().map(SparkPlan::nodeName).toList());
  }
}
