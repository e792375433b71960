package dk.pathwatch.disclosure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.disclosure.IntervalAudit.Interval;
import dk.pathwatch.disclosure.Protection.Flag;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The method on small hand-made tables: Gauss, the audit's ranges, the fixing rounds, what cannot be protected. */
class ProtectionTest {

  /** national = the regions given; returns the table (cell 0 = national, then the regions in order). */
  private static LinearTable regions(long... values) {
    LinearTable t = new LinearTable();
    long total = 0;
    for (long v : values) {
      total += v;
    }
    int national = t.count("national", total, 1);
    List<Integer> parts = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      parts.add(t.count("r" + (i + 1), values[i], 0));
    }
    t.sum(national, parts);
    return t;
  }

  @Test
  void oneSmallRegionTakesTheSmallestRoomyRegionAlong() {
    LinearTable t = regions(3, 40, 12, 9, 20);
    Protection.Outcome o = Protection.protect(t);
    assertEquals(Map.of(1, Flag.PRIMARY, 4, Flag.SECONDARY), o.flags(), "r1 primary, r4 (9) secondary");
    // 3 + 9 = 12 is known; r1 ∈ [1, 4], r4 = 12 − r1 ∈ [8, 11]
    assertEquals(new Interval(1, 4), o.intervals().get(1));
    assertEquals(new Interval(8, 11), o.intervals().get(4));
    assertTrue(o.exact().isEmpty());
  }

  @Test
  void aPrimaryOneBesideASecondaryFiveIsPinnedSoAThirdCellIsHidden() {
    // Gauss alone picks r2 = 5: r1 + r2 = 6 with r1 ≥ 1 and r2 ≥ 5 pins both.
    LinearTable t = regions(1, 5, 30, 40, 7);
    BitSet primary = new BitSet();
    primary.set(1);
    BitSet gauss = GaussSuppression.secondary(t, primary);
    assertEquals(BitSet.valueOf(new long[] {1L << 2}), gauss, "Gauss picks the smallest: r2 = 5");
    BitSet hidden = (BitSet) gauss.clone();
    hidden.or(primary);
    Map<Integer, Interval> attack = IntervalAudit.intervals(t, hidden, primary);
    assertEquals(new Interval(1, 1), attack.get(1), "the audit sees the pin");
    assertEquals(new Interval(5, 5), attack.get(2));

    Protection.Outcome o = Protection.protect(t);
    assertTrue(o.exact().isEmpty(), "after fixing nothing is pinned: " + o.intervals());
    assertEquals(Flag.SECONDARY, o.flags().get(5), "the smallest region with room (7) is hidden too");
    assertEquals(new Interval(1, 3), o.intervals().get(1)); // 1 + 5 + 7 = 13: r1 = 13 − r2 − r5 ≤ 3
  }

  @Test
  void fourOnesUnderAPrimaryFourCannotBeProtected() {
    LinearTable t = regions(1, 1, 1, 1, 0);
    Protection.Outcome o = Protection.protect(t);
    assertEquals(List.of(0, 1, 2, 3, 4), o.unprotectable().stream().sorted().toList(), "the total is 4 too");
    assertTrue(o.exact().isEmpty(), "reported apart from what suppression should have prevented");
    assertEquals(new Interval(1, 1), o.intervals().get(1));
  }

  @Test
  void twoPrimariesProtectEachOtherWhenTheirSumLeavesRoom() {
    LinearTable t = regions(2, 3, 30, 40, 7);
    Protection.Outcome o = Protection.protect(t);
    assertEquals(Map.of(1, Flag.PRIMARY, 2, Flag.PRIMARY), o.flags());
    assertEquals(new Interval(1, 4), o.intervals().get(1)); // r1 + r2 = 5
  }

  @Test
  void aZeroTotalIsKnownAndItsPartsNeedNoProtection() {
    LinearTable t = regions(0, 0, 0, 0, 0);
    Protection.Outcome o = Protection.protect(t);
    assertTrue(o.flags().isEmpty());
  }

  @Test
  void aHierarchyOfTwoDimensionsIsProtectedAlongBoth() {
    // rows r1, r2 and their total; columns p1, p2, p3 and their total "all"
    long[][] v = {{2, 30, 9}, {20, 11, 25}};
    LinearTable t = new LinearTable();
    int[][] cell = new int[3][4];
    for (int r = 0; r < 3; r++) {
      for (int p = 0; p < 4; p++) {
        long value = 0;
        for (int rr = 0; rr < 2; rr++) {
          for (int pp = 0; pp < 3; pp++) {
            if ((r == 2 || r == rr) && (p == 3 || p == pp)) {
              value += v[rr][pp];
            }
          }
        }
        cell[r][p] = t.count("r" + r + "p" + p, value, (r == 2 ? 1 : 0) + (p == 3 ? 1 : 0));
      }
    }
    for (int p = 0; p < 4; p++) {
      t.sum(cell[2][p], List.of(cell[0][p], cell[1][p]));
    }
    for (int r = 0; r < 3; r++) {
      t.sum(cell[r][3], List.of(cell[r][0], cell[r][1], cell[r][2]));
    }
    Protection.Outcome o = Protection.protect(t);
    assertTrue(o.exact().isEmpty() && o.unprotectable().isEmpty(), o.intervals().toString());
    assertEquals(Flag.PRIMARY, o.flags().get(cell[0][0]));
    assertFalse(o.flags().containsKey(cell[2][3]), "the grand total stays shown");
    assertEquals(4, o.flags().size(), "a 2×2 rectangle of hidden cells: " + o.flags());
  }

  @Test
  void anInequalityLeavesTheHiddenPartsFree() {
    // alle ≥ kirurgi + medicin + straale; kirurgi 2 primary; alle shown
    LinearTable t = new LinearTable();
    int alle = t.count("alle", 30, 1);
    int k = t.count("k", 2, 0);
    int m = t.count("m", 20, 0);
    int s = t.count("s", 6, 0);
    t.atLeastSum(alle, List.of(k, m, s), "unknown modality");
    Protection.Outcome o = Protection.protect(t);
    // the slack hides k without any secondary: k ≤ 30 − 20 − 6 = 4
    assertEquals(Map.of(k, Flag.PRIMARY), o.flags());
    assertEquals(new Interval(1, 4), o.intervals().get(k));
  }

  @Test
  void aCountPublishedTwiceIsHiddenInBothPlaces() {
    LinearTable t = new LinearTable();
    int of1 = t.count("OF1 n", 3, 0);
    int inv = t.count("investigation_started", 3, 0);
    t.equal(of1, inv);
    Protection.Outcome o = Protection.protect(t);
    assertEquals(Map.of(of1, Flag.PRIMARY, inv, Flag.PRIMARY), o.flags());
  }

  @Test
  void aShownZeroShareTotalPinsItsHiddenPartsSoItIsHiddenToo() {
    LinearTable t = new LinearTable();
    int national = t.share("national", 0, 30, 1, false, false);
    int r1 = t.share("r1", 0, 8, 0, true, false);
    int r2 = t.share("r2", 0, 22, 0, false, false);
    t.sum(national, List.of(r1, r2));
    Protection.Outcome o = Protection.protect(t);
    assertTrue(o.exact().isEmpty(), o.intervals().toString());
    assertEquals(Flag.SECONDARY, o.flags().get(national));
  }
}
