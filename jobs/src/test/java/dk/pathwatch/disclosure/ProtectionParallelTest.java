package dk.pathwatch.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The sub-tables of a table are protected in parallel (largest first) and merged in their own order: the outcome
 * must be the one protecting them one after the other gives — the same flags, exact and unprotectable cells,
 * rounds, cells checked and narrowest range — whatever the number of threads. Tables of many independent
 * region × pathway blocks of different sizes, so that the blocks finish in another order than they are listed.
 */
class ProtectionParallelTest {

  @Test
  void parallelOutcomeIsTheSerialOne() {
    Random rnd = new Random(20261130L);
    int hidden = 0;
    int rounds = 0;
    for (int trial = 0; trial < 40; trial++) {
      LinearTable table = new LinearTable();
      int blocks = 3 + rnd.nextInt(10);
      for (int b = 0; b < blocks; b++) {
        block(table, rnd, "b" + b, 2 + rnd.nextInt(5), 2 + rnd.nextInt(6));
      }
      Protection.Outcome serial = Protection.protect(table, 1);
      for (int threads : new int[] {2, 5}) {
        Protection.Outcome parallel = Protection.protect(table, threads);
        String where = "trial " + trial + ", " + threads + " threads";
        assertEquals(serial.flags(), parallel.flags(), where + ": flags");
        assertEquals(serial.exact(), parallel.exact(), where + ": exact cells");
        assertEquals(serial.unprotectable(), parallel.unprotectable(), where + ": unprotectable cells");
        assertEquals(serial.subTables(), parallel.subTables(), where + ": sub-tables");
        assertEquals(serial.rounds(), parallel.rounds(), where + ": rounds");
        assertEquals(serial.checked(), parallel.checked(), where + ": cells checked");
        assertEquals(serial.narrowestCell(), parallel.narrowestCell(), where + ": narrowest cell");
        assertEquals(serial.narrowestWidth(), parallel.narrowestWidth(), where + ": narrowest width");
      }
      hidden += serial.flags().size();
      rounds += serial.rounds();
    }
    assertTrue(hidden > 500 && rounds > 100, "exercised: " + hidden + " hidden cells, " + rounds + " rounds");
  }

  /** Regions × pathways of small and larger counts, a total per region and per pathway, and the grand total. */
  private static void block(LinearTable t, Random rnd, String name, int regions, int pathways) {
    int[][] cell = new int[regions][pathways];
    long[] rowSum = new long[regions];
    long[] colSum = new long[pathways];
    for (int r = 0; r < regions; r++) {
      for (int p = 0; p < pathways; p++) {
        long v = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(2) == 0 ? 1 + rnd.nextInt(4) : 5 + rnd.nextInt(30);
        cell[r][p] = t.count(name + "|" + r + "|" + p, v, 0);
        rowSum[r] += v;
        colSum[p] += v;
      }
    }
    List<Integer> rowTotals = new ArrayList<>();
    for (int r = 0; r < regions; r++) {
      int total = t.count(name + "|" + r + "|all", rowSum[r], 1);
      t.sum(total, Arrays.stream(cell[r]).boxed().toList());
      rowTotals.add(total);
    }
    List<Integer> colTotals = new ArrayList<>();
    for (int p = 0; p < pathways; p++) {
      final int col = p;
      int total = t.count(name + "|national|" + p, colSum[p], 1);
      t.sum(total, IntStream.range(0, regions).mapToObj(r -> cell[r][col]).toList());
      colTotals.add(total);
    }
    int grand = t.count(name + "|national|all", Arrays.stream(rowSum).sum(), 2);
    t.sum(grand, rowTotals);
    t.sum(grand, colTotals);
  }
}
