package dk.pathwatch.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The repair rounds start the audit's elimination from a state an earlier round left where the newly hidden cells
 * do not reach ({@link IntervalAudit.Eliminations}). On random tables of two blocks whose suppression grows by a few
 * shown cells per round, the check that reuses those states must reduce the relations to exactly the rows of an
 * elimination from scratch, find exactly its exact cells and prove exactly its moves; and it must have reused
 * states often (else this tests nothing).
 */
class AuditEliminationReuseTest {

  @Test
  void reusedEliminationGivesTheRowsAndDecisionsOfOneFromScratch() {
    reusedEliminationGivesTheRowsAndDecisionsOfOneFromScratch(false);
  }

  /**
   * Relations ordered by the cells the first round shows: the rows are those of an elimination from scratch in the
   * same order, the decisions those of one in the table's order.
   */
  @Test
  void reusedEliminationInTheOrderOfShownCellsDecidesAsTheTablesOrder() {
    reusedEliminationGivesTheRowsAndDecisionsOfOneFromScratch(true);
  }

  private static void reusedEliminationGivesTheRowsAndDecisionsOfOneFromScratch(boolean byShownCells) {
    Random rnd = new Random(7);
    int checks = 0;
    int reused = 0;
    for (int trial = 0; trial < 200; trial++) {
      LinearTable t = new LinearTable();
      RandomBlocks.block(t, rnd, "a", 3 + rnd.nextInt(3), 3 + rnd.nextInt(4),
          r -> r.nextInt(10) == 0 ? 0 : r.nextInt(10) < 6 ? 1 + r.nextInt(4) : 5 + r.nextInt(10));
      RandomBlocks.block(t, rnd, "b", 3 + rnd.nextInt(3), 3 + rnd.nextInt(4),
          r -> r.nextInt(10) == 0 ? 0 : r.nextInt(10) < 6 ? 1 + r.nextInt(4) : 5 + r.nextInt(10));
      BitSet primary = RandomBlocks.primary(t);
      if (primary.isEmpty()) {
        continue;
      }
      BitSet suppressed = (BitSet) primary.clone();
      suppressed.or(GaussSuppression.secondary(t, primary));
      BitSet movingReused = new BitSet();
      BitSet movingFresh = new BitSet();
      Map<Integer, IntervalAudit.Certificate[]> certificatesReused = new HashMap<>();
      Map<Integer, IntervalAudit.Certificate[]> certificatesFresh = new HashMap<>();
      IntervalAudit.Eliminations states = byShownCells
          ? IntervalAudit.Eliminations.byShownCells(t, suppressed) : new IntervalAudit.Eliminations(t);
      for (int round = 0; round < 6; round++) {
        IntervalAudit.Check withStates = IntervalAudit.check(t, suppressed, primary, movingReused, new BitSet(),
            certificatesReused, states);
        IntervalAudit.Check fresh =
            IntervalAudit.check(t, suppressed, primary, movingFresh, new BitSet(), certificatesFresh, null);
        String where = "trial " + trial + ", round " + round;
        assertEquals(0, fresh.reusedRelations(), where);
        IntervalAudit.Check sameOrder = IntervalAudit.check(t, suppressed, primary, new BitSet(), new BitSet(),
            new HashMap<>(), states.withoutStates(t));
        assertEquals(0, sameOrder.reusedRelations(), where);
        assertEquals(sameOrder.reducedRows(), withStates.reducedRows(), where + ": reduced relations");
        assertEquals(fresh.exact(), withStates.exact(), where + ": exact cells");
        assertEquals(movingFresh, movingReused, where + ": cells proven to move");
        if (!byShownCells) {
          assertEquals(fresh.reducedRows(), withStates.reducedRows(), where + ": reduced relations");
          assertEquals(fresh.certified(), withStates.certified(), where + ": certified");
        }
        checks++;
        reused += withStates.reusedRelations() > 0 ? 1 : 0;
        // in one block: the other block's relations are kept from the earlier rounds
        String block = rnd.nextBoolean() ? "a|" : "b|";
        RandomBlocks.hideMore(t, rnd, suppressed, c -> t.key(c).startsWith(block));
      }
    }
    assertTrue(reused >= checks / 4 && reused < checks, "states reused in " + reused + " of " + checks + " checks");
  }
}
