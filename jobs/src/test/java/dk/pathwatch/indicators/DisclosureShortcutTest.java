package dk.pathwatch.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.disclosure.IntervalAudit.Interval;
import dk.pathwatch.disclosure.LinearTable;
import dk.pathwatch.disclosure.Protection;
import dk.pathwatch.disclosure.RandomBlocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Protection takes its audit figures from the repair loop's last check (cells proven to move in earlier rounds are
 * not proven again, and only the narrowest range is computed, where cheaper bounds do not decide it). On random
 * tables those figures must be the ones the full audit gives when it computes every hidden cell's range from
 * scratch: the same exact cells, the same number checked, the same narrowest range and cell.
 */
class DisclosureShortcutTest {

  @Test
  void figuresFromTheRepairLoopAreThoseOfTheFullAudit() {
    Random rnd = new Random(20261201L);
    int tables = 0;
    int exactCells = 0;
    for (int trial = 0; trial < 60; trial++) {
      RandomTables t = RandomTables.generate(rnd, 20 + rnd.nextInt(400), 1 + rnd.nextInt(2));
      DisclosureControl.Decision d = DisclosureControl.decide(t.indicators, t.activity, t.mwt);
      for (LinearTable table : List.of(d.counts(), d.shares())) {
        exactCells += assertSameAsFullAudit(table, "trial " + trial + " " + (table == d.counts() ? "counts"
            : "shares")).exact;
        tables++;
      }
    }
    assertTrue(tables == 120 && exactCells > 0, "exercised: " + tables + " tables, " + exactCells + " exact cells");
  }

  /**
   * Tables of several independent region × pathway blocks with totals and larger counts, where the narrowest range
   * is often wider than 1 and sits in any block: the narrowest range is then found by computing ranges, not by the
   * cheap bounds alone.
   */
  @Test
  void theNarrowestRangeIsTheFullAuditsWhenItIsWide() {
    Random rnd = new Random(7);
    int wide = 0;
    for (int trial = 0; trial < 200; trial++) {
      LinearTable table = new LinearTable();
      int blocks = 1 + rnd.nextInt(3);
      for (int b = 0; b < blocks; b++) {
        RandomBlocks.block(table, rnd, "b" + b, 2 + rnd.nextInt(3), 2 + rnd.nextInt(3));
      }
      wide += assertSameAsFullAudit(table, "trial " + trial).narrowest > 1 ? 1 : 0;
    }
    assertTrue(wide > 20, "narrowest ranges wider than 1: " + wide);
  }

  private record Seen(int exact, long narrowest) {}

  /** Protection's figures against the full audit's ranges of the same suppression. */
  private static Seen assertSameAsFullAudit(LinearTable table, String where) {
    Protection.Outcome fast = Protection.protect(table);
    Map<Integer, Interval> full = fast.intervals();
    List<Integer> exact = new ArrayList<>(fast.exact());
    exact.addAll(fast.unprotectable());
    assertEquals(new TreeSet<>(full.entrySet().stream().filter(e -> e.getValue().exact())
        .map(Map.Entry::getKey).toList()), new TreeSet<>(exact), where + ": exact cells");
    assertEquals(full.size(), fast.checked(), where + ": cells checked");
    assertEquals(fast.flags().keySet(), full.keySet(), where + ": the ranges are those of the hidden cells");
    int cell = -1;
    for (Map.Entry<Integer, Interval> e : full.entrySet()) {
      if (!fast.unprotectable().contains(e.getKey()) && (cell < 0 || Protection.narrower(e.getValue().width(),
          table.key(e.getKey()), full.get(cell).width(), table.key(cell)))) {
        cell = e.getKey();
      }
    }
    assertEquals(cell < 0 ? -1 : cell, fast.narrowestCell(), where + ": narrowest cell");
    if (cell >= 0) {
      assertEquals(full.get(cell).width(), fast.narrowestWidth(), where + ": narrowest width");
    }
    return new Seen(exact.size(), cell < 0 ? -1 : full.get(cell).width());
  }
}
