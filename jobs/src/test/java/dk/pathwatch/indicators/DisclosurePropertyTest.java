package dk.pathwatch.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Property: in every published table, for every group (a cell apart from region) whose national value is shown,
 * national minus the shown regions never isolates one suppressed region — for counts, and for shares through
 * n_within. Checked over many random cells with small counts on purpose; also checks the primary rules and that
 * shown values are the internal ones.
 */
class DisclosurePropertyTest {
  private static final String[] REGIONS = {"1081", "1082", "1083", "1084", "1085"};
  private static final String[] QUARTERS = {"2025Q1", "2025Q2", "2025Q3"};

  /** One region or national cell of a group: the internal value, and whether a reader sees it. */
  private record Cell(String region, long value, boolean shown) {}

  /** Mostly small counts so that suppression happens often: 1–4, 5–10 and 11–60 about equally. */
  private static long count(Random rnd) {
    double u = rnd.nextDouble();
    return u < 0.35 ? 1 + rnd.nextInt(4) : u < 0.65 ? 5 + rnd.nextInt(6) : 11 + rnd.nextInt(50);
  }

  private static void add(Map<String, List<Cell>> groups, String group, Cell cell) {
    groups.computeIfAbsent(group, g -> new ArrayList<>()).add(cell);
  }

  /** The property itself; returns the number of groups where a secondary suppression was needed. */
  private static int assertNoRegionRecomputable(String what, Map<String, List<Cell>> groups) {
    int protectedGroups = 0;
    for (Map.Entry<String, List<Cell>> g : groups.entrySet()) {
      Cell national = g.getValue().stream().filter(c -> c.region().equals("national")).findFirst().orElseThrow();
      if (!national.shown()) {
        continue;
      }
      long residual = national.value();
      long suppressedSum = 0;
      List<String> suppressed = new ArrayList<>();
      for (Cell c : g.getValue()) {
        if (c.region().equals("national")) {
          continue;
        }
        if (c.shown()) {
          residual -= c.value();
        } else {
          suppressed.add(c.region());
          suppressedSum += c.value();
        }
      }
      assertEquals(suppressedSum, residual, what + " " + g.getKey() + ": regions do not add up to national");
      assertNotEquals(1, suppressed.size(),
          what + " " + g.getKey() + ": region " + suppressed + " = national − shown regions = " + residual);
      if (suppressed.size() == 2) {
        protectedGroups++;
      }
    }
    return protectedGroups;
  }

  @Test
  void indicatorsNeverLeakARegionByCountOrShare() {
    Random rnd = new Random(20250601L);
    List<Object[]> rows = new ArrayList<>();
    Map<String, Object[]> internal = new HashMap<>();
    for (String q : QUARTERS) {
      for (int p = 1; p <= 12; p++) {
        for (String m : List.of("kirurgi", "medicin", "straale", "alle")) {
          for (String ind : List.of("OF1", "OF4")) {
            boolean hasStandard = ind.equals("OF4");
            String pathway = String.format("AFB%02d", p);
            long sumN = 0;
            long sumW = 0;
            long sumNs = 0;
            for (String region : REGIONS) {
              if (rnd.nextDouble() < 0.25) {
                continue;
              }
              long n = count(rnd);
              long ns = hasStandard && rnd.nextDouble() < 0.15 ? rnd.nextInt((int) n + 1) : 0;
              Long w = hasStandard ? (long) rnd.nextInt((int) (n - ns) + 1) : null;
              rows.add(Fixtures.indicatorRow(q, region, pathway, m, ind, n, w, ns));
              sumN += n;
              sumW += w == null ? 0 : w;
              sumNs += ns;
            }
            if (sumN > 0) {
              rows.add(Fixtures.indicatorRow(q, "national", pathway, m, ind, sumN, hasStandard ? sumW : null, sumNs));
            }
          }
        }
      }
    }
    rows.forEach(r -> internal.put((String) r[13], r));
    List<Row> published = DisclosureControl.publishIndicators(Fixtures.table(Fixtures.INDICATORS_DDL, rows))
        .collectAsList();
    assertEquals(rows.size(), published.size());

    Map<String, List<Cell>> counts = new HashMap<>();
    Map<String, List<Cell>> shares = new HashMap<>();
    for (Row r : published) {
      Object[] in = internal.get((String) r.getAs("cell_id"));
      long n = (long) in[5];
      String flagN = r.getAs("suppressed_n");
      String flagShare = r.getAs("suppressed_share");
      assertEquals(n >= 1 && n <= 4, "primary".equals(flagN), "primary count rule " + in[13]);
      assertEquals(n <= 10, "primary".equals(flagShare), "primary share rule " + in[13]);
      assertEquals(flagN == null ? (Long) n : null, r.getAs("n"), "published n " + in[13]);
      assertEquals(flagShare == null ? in[7] : null, r.getAs("share_within"), "published share " + in[13]);
      if (n <= 10) {
        assertNull(r.getAs("median"), "quartiles with n ≤ 10 " + in[13]);
      }
      String group = String.join("|", r.getAs("quarter"), r.getAs("pathway"), r.getAs("modality"),
          r.getAs("indicator"));
      String region = r.getAs("region");
      add(counts, group, new Cell(region, n, flagN == null));
      if (in[6] != null) {
        // a shown cell's n_within follows from share × (n − n_no_standard); a null share with no flag means 0
        boolean shown = flagShare == null && (!region.equals("national") || in[7] != null);
        add(shares, group, new Cell(region, (long) in[6], shown));
      }
    }
    int protectedCounts = assertNoRegionRecomputable("indicator n", counts);
    int protectedShares = assertNoRegionRecomputable("indicator share", shares);
    assertTrue(counts.size() > 250, "groups: " + counts.size());
    assertTrue(protectedCounts > 20 && protectedShares > 10,
        "the data must exercise secondary suppression: " + protectedCounts + ", " + protectedShares);
  }

  @Test
  void activityNeverLeaksARegionInAnyCountColumn() {
    Random rnd = new Random(7L);
    List<Object[]> rows = new ArrayList<>();
    for (String q : QUARTERS) {
      for (int p = 0; p <= 30; p++) {
        String pathway = p == 0 ? "all" : String.format("AFB%02d", p);
        long[] sum = new long[Activity.COUNTS.size()];
        boolean any = false;
        for (String region : REGIONS) {
          if (rnd.nextDouble() < 0.25) {
            continue;
          }
          any = true;
          Object[] row = new Object[3 + sum.length];
          row[0] = q;
          row[1] = region;
          row[2] = pathway;
          long started = count(rnd);
          for (int c = 0; c < sum.length; c++) {
            long v = c == 0 ? started : rnd.nextDouble() < 0.3 ? 0 : Math.min(started, count(rnd));
            row[3 + c] = v;
            sum[c] += v;
          }
          rows.add(row);
        }
        if (any) {
          Object[] national = new Object[3 + sum.length];
          national[0] = q;
          national[1] = "national";
          national[2] = pathway;
          for (int c = 0; c < sum.length; c++) {
            national[3 + c] = sum[c];
          }
          rows.add(national);
        }
      }
    }
    Map<String, Object[]> internal = new HashMap<>();
    rows.forEach(r -> internal.put(r[0] + "|" + r[1] + "|" + r[2], r));
    List<Row> published = DisclosureControl.publishActivity(Fixtures.table(Fixtures.ACTIVITY_DDL, rows))
        .collectAsList();
    int protectedTotal = 0;
    for (int c = 0; c < Activity.COUNTS.size(); c++) {
      String column = Activity.COUNTS.get(c);
      Map<String, List<Cell>> groups = new HashMap<>();
      for (Row r : published) {
        Object[] in = internal.get(r.getAs("quarter") + "|" + r.getAs("region") + "|" + r.getAs("pathway"));
        long v = (long) in[3 + c];
        String flag = r.getAs("suppressed_" + column);
        assertEquals(v >= 1 && v <= 4, "primary".equals(flag), column + " primary rule");
        assertEquals(flag == null ? (Long) v : null, r.getAs(column), column + " published value");
        if (v == 0) {
          assertNull(flag, "zero is shown");
        }
        add(groups, r.getAs("quarter") + "|" + r.getAs("pathway"), new Cell(r.getAs("region"), v, flag == null));
      }
      protectedTotal += assertNoRegionRecomputable("activity " + column, groups);
    }
    assertTrue(protectedTotal > 20, "secondary suppressions exercised: " + protectedTotal);
  }

  @Test
  void mwtNeverLeaksARegion() {
    Random rnd = new Random(11L);
    List<Object[]> rows = new ArrayList<>();
    for (String q : QUARTERS) {
      for (String rule : List.of("UDR", "BEH", "HEN", "EFT")) {
        for (String category : List.of("inden_for", "overskredet_regler_overholdt", "regler_ikke_overholdt")) {
          for (String reason : new String[] {null, "klinisk", "patientens_oenske"}) {
            long sum = 0;
            for (String region : REGIONS) {
              if (rnd.nextDouble() < 0.3) {
                continue;
              }
              long n = count(rnd);
              rows.add(new Object[] {q, region, rule, category, reason, n, 0L});
              sum += n;
            }
            if (sum > 0) {
              rows.add(new Object[] {q, "national", rule, category, reason, sum, 0L});
            }
          }
        }
      }
    }
    Map<String, List<Cell>> groups = new HashMap<>();
    for (Row r : DisclosureControl.publishMwt(Fixtures.table(Fixtures.MWT_DDL, rows)).collectAsList()) {
      String group = String.join("|", r.getAs("quarter"), r.getAs("rule"), r.getAs("category"),
          String.valueOf((Object) r.getAs("reason")));
      String flag = r.getAs("suppressed_n");
      // the internal n: the generated row of this cell
      long n = rows.stream().filter(x -> x[0].equals(r.getAs("quarter")) && x[1].equals(r.getAs("region"))
              && x[2].equals(r.getAs("rule")) && x[3].equals(r.getAs("category"))
              && String.valueOf(x[4]).equals(String.valueOf((Object) r.getAs("reason"))))
          .mapToLong(x -> (long) x[5]).findFirst().orElseThrow();
      assertEquals(n <= 4, "primary".equals(flag), "mwt primary rule");
      assertEquals(flag == null ? (Long) n : null, r.getAs("n"));
      add(groups, group, new Cell(r.getAs("region"), n, flag == null));
    }
    assertTrue(assertNoRegionRecomputable("mwt n", groups) > 10, "secondary suppressions exercised");
  }
}
