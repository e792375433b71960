package dk.pathwatch.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.disclosure.LinearTable;
import dk.pathwatch.disclosure.Protection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property, over many random small tables (random pathways, so random counts and many zeros): after disclosure
 * control the attacker's audit recovers no hidden value exactly, except cells that the flags and margins give away
 * whatever is hidden — and those are checked to be exactly that, by auditing the table with every cell hidden that
 * may be hidden. Also the rules themselves: counts 1–4 primary, zeros shown, a count published twice hidden in both
 * places, shares of few pathways hidden, a hidden count's share hidden with the count's flag.
 */
class DisclosurePropertyTest {

  @Test
  void noHiddenValueIsRecoverableInRandomTables() {
    Random rnd = new Random(20261130L);
    int secondary = 0;
    int unprotectable = 0;
    int tables = 0;
    for (int trial = 0; trial < 120; trial++) {
      RandomTables t = RandomTables.generate(rnd, 20 + rnd.nextInt(400), 1 + rnd.nextInt(2));
      DisclosureControl.Decision d = DisclosureControl.decide(t.indicators, t.activity, t.mwt);
      String where = "trial " + trial;
      assertEquals(List.of(), d.audit().recoverable(), where + ": recoverable hidden cells");
      assertReauditFindsOnlyUnprotectable(d.counts(), d.flags(), d.audit().unprotectable(), where);
      assertReauditFindsOnlyUnprotectable(d.shares(), d.flags(), d.audit().unprotectable(), where);
      assertUnprotectableWhateverIsHidden(d.counts(), d.audit().unprotectable(), where);
      assertCountRules(t, d.flags(), where);
      assertLinkedCountsHiddenAlike(t, d.flags(), where);
      assertShareRules(t, d.flags(), where);
      secondary += d.flags().values().stream().filter(DisclosureControl.SECONDARY::equals).count();
      unprotectable += d.audit().unprotectable().size();
      tables++;
    }
    assertTrue(tables == 120 && secondary > 500, "secondary suppression exercised: " + secondary);
    assertTrue(unprotectable > 0, "tables where the flags give cells away are among them: " + unprotectable);
  }

  /** The audit run again from the flags alone (as a reader would) finds only the cells reported unprotectable. */
  private static void assertReauditFindsOnlyUnprotectable(LinearTable table, Map<String, String> flags,
      List<String> unprotectable, String where) {
    Map<Integer, Protection.Flag> byCell = new HashMap<>();
    for (int c = 0; c < table.size(); c++) {
      String f = flags.get(table.key(c));
      if (f != null) {
        byCell.put(c, DisclosureControl.PRIMARY.equals(f) && table.kind(c) == LinearTable.Kind.COUNT
            ? Protection.Flag.PRIMARY : Protection.Flag.SECONDARY);
      }
    }
    Set<String> allowed = new HashSet<>(unprotectable);
    for (int c : Protection.audit(table, byCell).exact()) {
      assertTrue(allowed.contains(table.key(c)), where + ": " + table.key(c) + " is recoverable");
    }
  }

  /** Each unprotectable cell is exact even when every cell that may be hidden is hidden. */
  private static void assertUnprotectableWhateverIsHidden(LinearTable counts, List<String> unprotectable,
      String where) {
    if (unprotectable.isEmpty()) {
      return;
    }
    Map<Integer, Protection.Flag> all = new HashMap<>();
    for (int c = 0; c < counts.size(); c++) {
      if (counts.published(c) && counts.value(c) > 0) {
        all.put(c, counts.value(c) <= LinearTable.MAX_PRIMARY_COUNT ? Protection.Flag.PRIMARY
            : Protection.Flag.SECONDARY);
      }
    }
    Set<String> exact = new HashSet<>();
    Protection.audit(counts, all).exact().forEach(c -> exact.add(counts.key(c)));
    for (String key : unprotectable) {
      if (!key.contains("." + DisclosureModel.SHARE + "|")) {
        assertTrue(exact.contains(key), where + ": " + key + " called unprotectable but could be protected");
      }
    }
  }

  private static void assertCountRules(RandomTables t, Map<String, String> flags, String where) {
    t.countValues().forEach((key, v) -> {
      String f = flags.get(key);
      if (v == 0) {
        assertNull(f, where + ": zero is shown: " + key);
      } else if (v <= 4) {
        assertEquals(DisclosureControl.PRIMARY, f, where + ": 1–4 is primary: " + key);
      } else if (f != null) {
        assertEquals(DisclosureControl.SECONDARY, f, where + ": ≥ 5 is never primary: " + key);
      }
    });
  }

  private static void assertLinkedCountsHiddenAlike(RandomTables t, Map<String, String> flags, String where) {
    for (DisclosureModel.ActivityRow a : t.activity) {
      DisclosureModel.links(a.pathway(), a.quarter()).forEach((indicator, column) -> {
        String ind = DisclosureModel.key(DisclosureModel.INDICATORS, "n", DisclosureModel.indicatorCellId(
            a.quarter(), a.region(), a.pathway(), "alle", indicator));
        String act = DisclosureModel.key(DisclosureModel.ACTIVITY, column, a.cellId());
        assertEquals(flags.get(ind) != null, flags.get(act) != null, where + ": " + ind + " and " + act);
      });
    }
  }

  private static void assertShareRules(RandomTables t, Map<String, String> flags, String where) {
    for (DisclosureModel.IndicatorRow r : t.indicators) {
      String share = flags.get(DisclosureModel.key(DisclosureModel.INDICATORS, DisclosureModel.SHARE, r.cellId()));
      String count = flags.get(DisclosureModel.key(DisclosureModel.INDICATORS, "n", r.cellId()));
      if (r.share() == null) {
        assertNull(share, where + ": no share flag where no share exists: " + r.cellId());
      } else if (count != null) {
        assertEquals(count, share, where + ": a hidden count's share carries its flag: " + r.cellId());
      } else if (r.base() <= 10) {
        assertEquals(DisclosureControl.PRIMARY, share, where + ": share of ≤ 10 pathways: " + r.cellId());
      } else if (share != null) {
        assertEquals(DisclosureControl.SECONDARY, share, where + ": " + r.cellId());
      }
      if (r.share() != null && r.base() <= 10) {
        assertNotNull(share, where + ": share of ≤ 10 pathways hidden: " + r.cellId());
      }
    }
  }
}
