package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Pathwatch;
import dk.pathwatch.PlanNodes;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.TinySnapshot;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.load.MarkerView;
import dk.pathwatch.pathways.PersonWalk;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SortExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.apache.spark.sql.execution.exchange.REPARTITION_BY_NUM$;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk step's queries, as they ran in a real job (issue #16): the marker rows are moved to their person by one
 * exchange and sorted there once (the walk's input query); the duplicate rank, the rules and the person walk add no
 * sort, shuffle or window, and the output is written per kind without sorting it again (the query that writes it).
 */
class WalkPlanTest {

  @Test
  void everyMarkerIsMovedToItsPersonOnceAndSortedOnce(@TempDir Path tmp) throws Exception {
    SparkSession spark = SharedSpark.get();
    Path snapshot = TinySnapshot.write(spark, tmp.resolve("snapshots/2025-03-31"));
    List<QueryExecution> queries = new CopyOnWriteArrayList<>();
    List<QueryExecution> walkInputs = new CopyOnWriteArrayList<>();
    QueryExecutionListener listener = new QueryExecutionListener() {
      @Override
      public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
        (PersonWalk.INPUT_QUERY.equals(funcName) ? walkInputs : queries).add(qe);
      }

      @Override
      public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
    };
    spark.listenerManager().register(listener);
    spark.conf().unset(WalkStep.CONCURRENT_WRITERS);
    try {
      assertEquals(ExitCodes.OK, Pathwatch.execute("run", "--snapshot", snapshot.toString(), "--output",
          tmp.resolve("out").toString()));
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.listenerManager().unregister(listener);
    }
    assertFalse(spark.conf().contains(WalkStep.CONCURRENT_WRITERS),
        "the walk's writers per kind are its own write's setting, not the later steps'");
    QueryExecution write = queries.stream().filter(q -> q.logical().toString().contains("/work/walk"))
        .findFirst().orElseThrow(() -> new AssertionError("no write of work/walk among " + queries.size()));
    assertEquals(List.of(), PlanNodes.of(write.executedPlan()).sorts(), "the output is written as walked, not sorted");
    assertEquals(1, walkInputs.size(), "the walk reads one query: " + walkInputs);
    PlanNodes plan = PlanNodes.of(walkInputs.get(0).executedPlan());

    List<ShuffleExchangeExec> byPerson = plan.shufflesBy("cpr_encrypted").stream()
        .filter(e -> e.output().toString().contains("markoer")).toList();
    assertEquals(1, byPerson.size(), plan.toString());
    assertEquals(7, PlanNodes.rowsWritten(byPerson.get(0)), "every marker row moves to its person");
    assertFalse(byPerson.get(0).output().toString().contains(MarkerView.PERSON_CPR),
        "the person key is hashed, not carried: " + byPerson.get(0).output());
    List<?> markerSorts = plan.carrying("markoer").stream().filter(n -> n instanceof SortExec).toList();
    assertEquals(1, markerSorts.size(), "one sort of the marker rows (walk order), none by kind: " + plan);
    SortExec sort = (SortExec) markerSorts.get(0);
    int partitions = byPerson.get(0).outputPartitioning().numPartitions();
    assertAll(
        () -> assertEquals(0, partitions % spark.sparkContext().defaultParallelism(),
            "as many person partitions for every core: " + partitions),
        () -> assertEquals(REPARTITION_BY_NUM$.MODULE$, byPerson.get(0).shuffleOrigin(),
            "a fixed count, which adaptive execution does not coalesce"),
        () -> assertEquals(partitions, sort.outputPartitioning().numPartitions(),
            "the walk runs every person partition as a task of its own, even for 7 rows"),
        () -> assertEquals(List.of(), List.of("episode_start", "person_death_date", "known_code", "max_severity")
            .stream().filter(c -> sort.output().toString().contains(c)).toList(),
            "the rules are evaluated before the sort, which carries only what the walk reads: " + sort.output()));
    assertEquals(List.of(), plan.named("Window").stream().filter(w -> w.output().toString().contains("markoer"))
        .toList(), "the walk ranks duplicates as it goes: no window buffers the marker rows");
    assertTrue(plan.carrying("markoer").size() <= 3,
        "marker rows cross at most two shuffles (to their episode, to their person) and one sort: " + plan);
  }
}
