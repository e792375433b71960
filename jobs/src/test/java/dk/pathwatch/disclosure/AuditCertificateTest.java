package dk.pathwatch.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A cell found exact by the audit's programs carries certificates to the checks of larger suppressions (the repair
 * rounds), which then decide it without a program while they still hold. On random block tables whose suppression
 * grows by a few shown cells per round, the check with the certificates of the earlier rounds must find exactly the
 * cells, and prove exactly the moves, of a check that runs every program again; and certificates must have decided
 * a good share of the cells (else this tests nothing).
 */
class AuditCertificateTest {

  @Test
  void certifiedChecksDecideAsThePrograms() {
    Random rnd = new Random(1);
    int certified = 0;
    int exactAgain = 0;
    for (int trial = 0; trial < 300; trial++) {
      LinearTable t = new LinearTable();
      // mostly small counts, so that many cells are pinned only as linear programs see (as at 1M pathways)
      RandomBlocks.block(t, rnd, "b", 3 + rnd.nextInt(4), 3 + rnd.nextInt(4),
          r -> r.nextInt(10) == 0 ? 0 : r.nextInt(10) < 7 ? 1 + r.nextInt(4) : 5 + r.nextInt(10));
      BitSet primary = RandomBlocks.primary(t);
      if (primary.isEmpty()) {
        continue;
      }
      BitSet suppressed = (BitSet) primary.clone();
      suppressed.or(GaussSuppression.secondary(t, primary));
      BitSet movingCarried = new BitSet();
      BitSet movingFresh = new BitSet();
      Map<Integer, IntervalAudit.Certificate[]> certificates = new HashMap<>();
      for (int round = 0; round < 6; round++) {
        IntervalAudit.Check carried =
            IntervalAudit.check(t, suppressed, primary, movingCarried, new BitSet(), certificates);
        IntervalAudit.Check fresh =
            IntervalAudit.check(t, suppressed, primary, movingFresh, new BitSet(), new HashMap<>());
        String where = "trial " + trial + ", round " + round;
        assertEquals(fresh.exact(), carried.exact(), where + ": exact cells");
        assertEquals(movingFresh, movingCarried, where + ": cells proven to move");
        assertEquals(0, fresh.certified(), where);
        certified += carried.certified();
        exactAgain += carried.exact().size();
        RandomBlocks.hideMore(t, rnd, suppressed, c -> true);
      }
    }
    assertTrue(certified >= 10 && certified < exactAgain,
        "certificates decided " + certified + " of " + exactAgain + " exact verdicts");
  }
}
