package dk.pathwatch.indicators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Small random published tables that are consistent by construction: random pathways (region, pathway, B or not,
 * outcome, modality of the first F, within the standard time or not) aggregated in plain Java into the internal
 * indicators, activity and mwt rows, every cell of the grid written, zeros included (the shapes of SPEC §4).
 */
final class RandomTables {
  static final List<String> REGIONS = List.of("1081", "1082", "1083", "1084", "1085");
  static final List<String> ORGAN = List.of("AFB01", "AFB02", "AFB13", "AFB14");
  static final List<String> PATHWAYS = List.of("AFB01", "AFB02", "AFB13", "AFB14", "AFA01", "AFD01");
  static final List<String> MODALITIES = List.of("kirurgi", "medicin", "straale");
  /** (pathway, modality) pairs of OF4 with no standard time: their pathways count in n_no_standard. */
  static final List<String> NO_STANDARD = List.of("AFB14|straale", "AFB02|medicin");

  /** One generated pathway. */
  record P(String quarter, String region, String pathway, boolean b, String outcome, String modality,
      boolean within) {
    boolean treated() {
      return outcome.equals("treated");
    }

    boolean x1() {
      return outcome.equals("x1");
    }

    boolean standardOf4() {
      return modality != null && !NO_STANDARD.contains(pathway + "|" + modality);
    }
  }

  final List<DisclosureModel.IndicatorRow> indicators = new ArrayList<>();
  final List<DisclosureModel.ActivityRow> activity = new ArrayList<>();
  final List<DisclosureModel.MwtRow> mwt = new ArrayList<>();

  /** {@code pathways} random pathways over {@code quarters} quarters, skewed to few regions and pathways. */
  static RandomTables generate(Random rnd, int pathways, int quarters) {
    List<P> ps = new ArrayList<>();
    for (int i = 0; i < pathways; i++) {
      String q = "2025Q" + (1 + rnd.nextInt(quarters));
      String region = REGIONS.get(Math.min(rnd.nextInt(5), rnd.nextInt(5)));
      String pathway = PATHWAYS.get(Math.min(rnd.nextInt(6), rnd.nextInt(6)));
      boolean b = rnd.nextDouble() < 0.8;
      double u = rnd.nextDouble();
      String outcome = u < 0.5 ? "treated" : u < 0.65 ? "x1" : u < 0.85 ? "closed" : "open";
      String modality = outcome.equals("treated") && pathway.startsWith("AFB") && rnd.nextDouble() > 0.05
          ? MODALITIES.get(rnd.nextInt(3)) : null;
      ps.add(new P(q, region, pathway, b, outcome, modality, rnd.nextDouble() < 0.7));
    }
    RandomTables t = new RandomTables();
    for (int qi = 1; qi <= quarters; qi++) {
      String q = "2025Q" + qi;
      List<P> inQ = ps.stream().filter(p -> p.quarter().equals(q)).toList();
      t.addIndicators(q, inQ);
      t.addActivity(q, inQ);
      t.addMwt(rnd, q);
    }
    return t;
  }

  private void addIndicators(String q, List<P> ps) {
    for (String ind : List.of("OF1", "OF4", "DF1", "DF3", "MF1", "MF3")) {
      String family = ind.startsWith("OF") ? "AFB" : ind.startsWith("DF") ? "AFA01" : "AFD01";
      List<String> pathways = new ArrayList<>(ind.startsWith("OF") ? ORGAN : List.of(family));
      pathways.add("all");
      List<String> modalities = new ArrayList<>(ind.equals("OF4") ? MODALITIES : List.of());
      modalities.add("alle");
      boolean hasStandard = ind.equals("OF4") || ind.equals("DF3");
      Predicate<P> counted = switch (ind) {
        case "OF1", "DF1", "MF1" -> P::b;
        case "OF4" -> P::treated;
        default -> P::x1;
      };
      for (String region : regionsAndNational()) {
        for (String pathway : pathways) {
          for (String m : modalities) {
            List<P> cell = ps.stream().filter(p -> p.pathway().startsWith(family) && counted.test(p)
                && (region.equals("national") || p.region().equals(region))
                && (pathway.equals("all") || p.pathway().equals(pathway))
                && (m.equals("alle") || m.equals(p.modality()))).toList();
            long n = cell.size();
            long noStandard = !hasStandard ? 0
                : cell.stream().filter(p -> ind.equals("OF4") && !p.standardOf4()).count();
            long within = cell.stream().filter(p -> p.within() && (ind.equals("DF3") || p.standardOf4())).count();
            long base = n - noStandard;
            indicators.add(new DisclosureModel.IndicatorRow(
                DisclosureModel.indicatorCellId(q, region, pathway, m, ind), q, region, pathway, m, ind, n,
                hasStandard ? within : null, hasStandard && base > 0 ? within / (double) base : null, noStandard));
          }
        }
      }
    }
  }

  private void addActivity(String q, List<P> ps) {
    List<String> pathways = new ArrayList<>(PATHWAYS);
    pathways.add("all");
    for (String region : regionsAndNational()) {
      for (String pathway : pathways) {
        List<P> cell = ps.stream().filter(p -> (region.equals("national") || p.region().equals(region))
            && (pathway.equals("all") || p.pathway().equals(pathway))).toList();
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("started", (long) cell.size());
        c.put("investigation_started", cell.stream().filter(P::b).count());
        c.put("disproven", cell.stream().filter(P::x1).count());
        c.put("treated", cell.stream().filter(P::treated).count());
        c.put("closed_without_treatment", cell.stream().filter(p -> p.x1() || p.outcome().equals("closed")).count());
        c.put("open_at_cutoff", cell.stream().filter(p -> p.outcome().equals("open")).count());
        activity.add(new DisclosureModel.ActivityRow(String.join("|", q, region, pathway), q, region, pathway, c));
      }
    }
  }

  private void addMwt(Random rnd, String q) {
    for (String rule : List.of("UDR", "BEH")) {
      for (String category : List.of("inden_for", "regler_ikke_overholdt")) {
        long n = 0;
        long waiting = 0;
        for (String region : REGIONS) {
          long rn = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(15);
          long rw = rn == 0 ? 0 : rnd.nextInt((int) rn + 1);
          n += rn;
          waiting += rw;
          mwt.add(row(q, region, rule, category, rn, rw));
        }
        mwt.add(row(q, "national", rule, category, n, waiting));
      }
    }
  }

  private static DisclosureModel.MwtRow row(String q, String region, String rule, String category, long n,
      long waiting) {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("n", n);
    c.put("n_still_waiting", waiting);
    return new DisclosureModel.MwtRow(String.join("|", q, region, rule, category, ""), q, region,
        List.of(rule, category, ""), c);
  }

  private static List<String> regionsAndNational() {
    List<String> r = new ArrayList<>(REGIONS);
    r.add("national");
    return r;
  }

  /** Every published count by key, with its value. */
  Map<String, Long> countValues() {
    Map<String, Long> m = new HashMap<>();
    indicators.forEach(r -> m.put(DisclosureModel.key(DisclosureModel.INDICATORS, "n", r.cellId()), r.n()));
    activity.forEach(r -> r.counts().forEach((c, v) -> m.put(DisclosureModel.key(DisclosureModel.ACTIVITY, c,
        r.cellId()), v)));
    mwt.forEach(r -> r.counts().forEach((c, v) -> m.put(DisclosureModel.key(DisclosureModel.MWT, c, r.cellId()),
        v)));
    return m;
  }
}
