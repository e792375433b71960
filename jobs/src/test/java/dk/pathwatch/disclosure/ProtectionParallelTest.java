package dk.pathwatch.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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
        RandomBlocks.block(table, rnd, "b" + b, 2 + rnd.nextInt(5), 2 + rnd.nextInt(6));
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
}
