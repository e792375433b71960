package dk.pathwatch.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds one person's registrations as the register would hold them on the extraction date: episodes,
 * pathway markers with plausible day gaps and outcomes (treated, disproven, closed without treatment, ended
 * by the patient's wish, still open), the waiting-time clocks of SPEC §5 on the episodes, and the pathway and
 * clock fault shapes drawn for the person. The world is built first as if time ran on; every row registered
 * after the extraction date is then dropped, which is what makes recent pathways open.
 *
 * <p>Clean pathways run at most 120 days from A to their end, and their markers are registered at most 50
 * days late, in walk order, so that no clean pathway is ever open for more than 180 days on any date (VR20),
 * and every earlier registration date sees a prefix of each pathway.
 */
final class WorldBuilder {
  static final LocalDate COVID_FROM = LocalDate.of(2020, 3, 1);
  static final LocalDate COVID_TO = LocalDate.of(2022, 6, 30);
  /** Share of persons with two pathways (a diagnostic pathway leading to an organ pathway, or two cancers). */
  static final double SECOND_PATHWAY_SHARE = 0.12;

  private static final FaultKind[] SHAPES = {FaultKind.VR12, FaultKind.VR13, FaultKind.VR14, FaultKind.VR15,
      FaultKind.VR16, FaultKind.VR17, FaultKind.VR18, FaultKind.VR19, FaultKind.VR20, FaultKind.VR21,
      FaultKind.VR22, FaultKind.VR25};

  private enum Outcome { TREATED, DISPROVEN, NO_TREATMENT, PATIENT_WISH, OTHER_END }

  private final Catalog catalog;
  private final LocalDate extraction;
  private final double[] shapeCumulative;
  private final double pw01Rate;
  private final double vr35Rate;
  private final LocalDate first = GeneratorOptions.FIRST_A_DATE;

  WorldBuilder(Catalog catalog, LocalDate extraction, java.util.Map<FaultKind, Double> rates) {
    this.catalog = catalog;
    this.extraction = extraction;
    this.shapeCumulative = exclusiveCumulative(rates, SHAPES);
    double clockTotal = rates.get(FaultKind.PW01) + rates.get(FaultKind.VR35);
    double scale = clockTotal > 1 ? 1 / clockTotal : 1;
    this.pw01Rate = rates.get(FaultKind.PW01) * scale;
    this.vr35Rate = rates.get(FaultKind.VR35) * scale;
  }

  /**
   * Kinds that exclude each other within one draw share [0, 1): each gets its rate, scaled down when the
   * rates add up to more than 1 (so that at rate 1.0 every kind still appears).
   */
  static double[] exclusiveCumulative(java.util.Map<FaultKind, Double> rates, FaultKind[] kinds) {
    double total = 0;
    for (FaultKind k : kinds) {
      total += rates.get(k);
    }
    double scale = total > 1 ? 1 / total : 1;
    double[] cum = new double[kinds.length];
    double acc = 0;
    for (int i = 0; i < kinds.length; i++) {
      acc += rates.get(kinds[i]) * scale;
      cum[i] = acc;
    }
    return cum;
  }

  Person build(long id, String cpr, int pathwayCount, SplittableRandom world, SplittableRandom faults) {
    String home = Catalog.region(world);
    String residence = world.nextDouble() < 0.92 ? home
        : world.nextDouble() < 0.1 ? null : Catalog.REGIONS[world.nextInt(Catalog.REGIONS.length)];
    Person p = new Person(id, cpr, home, residence);
    List<String> families = new ArrayList<>();
    for (int j = 0; j < pathwayCount; j++) {
      FaultKind shape = drawShape(faults);
      String family = chooseFamily(j, pathwayCount, shape, families, world);
      if (shape == FaultKind.VR22 && !Catalog.URINARY.equals(family)) {
        shape = null;
      }
      families.add(family);
      String cfPrefix = Catalog.URINARY.equals(family) ? Catalog.urinarySub(world) : family;
      Person.Slot slot = new Person.Slot(family, cfPrefix, shape);
      if (shape != null && shape != FaultKind.VR12) {
        buildFaultShape(p, slot, shape, world);
      } else {
        LocalDate a = startDate(p, j, pathwayCount, world);
        if (a == null) {
          continue;
        }
        buildClean(p, slot, a, world, faults);
      }
      p.slots.add(slot);
    }
    endEpisodes(p, world);
    maybeDie(p, world);
    dropUnregistered(p);
    return p;
  }

  private FaultKind drawShape(SplittableRandom faults) {
    double u = faults.nextDouble();
    for (int i = 0; i < SHAPES.length; i++) {
      if (u < shapeCumulative[i]) {
        return SHAPES[i];
      }
    }
    return null;
  }

  private String chooseFamily(int j, int count, FaultKind shape, List<String> used, SplittableRandom world) {
    if (shape == FaultKind.VR22 && !used.contains(Catalog.URINARY)) {
      return Catalog.URINARY;
    }
    boolean organOnly = (shape != null && shape != FaultKind.VR12)
        || (j == 1 && "AFA01".equals(used.get(0)));
    if (!organOnly && j == 0 && count == 2 && world.nextDouble() < 0.4) {
      return "AFA01";
    }
    for (int attempt = 0; ; attempt++) {
      String f = organOnly ? catalog.organFamily(world) : catalog.family(world);
      if (!used.contains(f) && !(shape != null && shape != FaultKind.VR22 && Catalog.URINARY.equals(f)
          && attempt < 5)) {
        return f;
      }
    }
  }

  /** A date of a clean pathway; a second pathway starts after everything of the first. */
  private LocalDate startDate(Person p, int j, int count, SplittableRandom world) {
    if (j == 0) {
      return Dates.between(world, first, count == 2 ? extraction.minusDays(200) : extraction);
    }
    LocalDate prevLast = lastDate(p.markers);
    if (prevLast == null || !prevLast.isBefore(extraction)) {
      return null;
    }
    boolean followsDiagnostic = "AFA01".equals(p.slots.get(0).family);
    int gap = followsDiagnostic ? Dates.days(world, 1, 30) : Dates.days(world, 60, 600);
    return Dates.min(prevLast.plusDays(gap), extraction);
  }

  // ---------------------------------------------------------------- clean pathways

  private Outcome outcome(String family, SplittableRandom world) {
    double u = world.nextDouble();
    if (family.equals("AFA01") || family.equals("AFD01")) {
      return u < 0.86 ? Outcome.DISPROVEN : u < 0.92 ? Outcome.PATIENT_WISH : Outcome.OTHER_END;
    }
    boolean hasX9 = catalog.known(family + "X9");
    if (u < 0.30) {
      return Outcome.TREATED;
    }
    if (u < 0.82) {
      return Outcome.DISPROVEN;
    }
    if (u < 0.90) {
      return hasX9 ? Outcome.NO_TREATMENT : Outcome.DISPROVEN;
    }
    if (u < 0.94) {
      return Outcome.PATIENT_WISH;
    }
    return hasX9 ? Outcome.OTHER_END : Outcome.DISPROVEN;
  }

  private void buildClean(Person p, Person.Slot s, LocalDate aDate, SplittableRandom world,
      SplittableRandom faults) {
    String fam = s.family;
    boolean organ = fam.startsWith("AFB");
    Outcome outcome = outcome(fam, world);
    GenEpisode ep1 = p.addEpisode(episodeRegion(p, world), null, aDate);
    ep1.sorUnit = Catalog.randomSorUnit(ep1.regionAns, world);
    s.episodes.add(ep1);
    GenMarker a = add(s, ep1, fam + "A", aDate, world);
    GenMarker b = null;
    GenMarker c = null;
    GenMarker f = null;
    GenMarker x = null;
    double abMedian = fam.equals("AFA01") ? 4 : fam.equals("AFD01") ? 5 : 6;
    double bxMedian = fam.equals("AFA01") ? 14 : fam.equals("AFD01") ? 18 : 12;
    boolean withB = outcome != Outcome.PATIENT_WISH || world.nextDouble() < 0.5;
    LocalDate last = aDate;
    if (withB) {
      last = last.plusDays(Dates.gap(world, abMedian, 0.6, 0, 40));
      b = add(s, ep1, fam + "B", last, world);
    }
    GenEpisode treating = ep1;
    switch (outcome) {
      case TREATED -> {
        LocalDate cDate = last.plusDays(Dates.gap(world, 12, 0.6, 0, 45));
        if (world.nextDouble() < 0.2) {
          treating = p.addEpisode(world.nextDouble() < 0.6 ? p.homeRegion : episodeRegion(p, world), null, cDate);
          treating.sorUnit = Catalog.randomSorUnit(treating.regionAns, world);
          s.episodes.add(treating);
        }
        String c1 = world.nextDouble() < 0.03 ? "C1A" : "C1";
        c = add(s, treating, s.cfPrefix + c1, cDate, world);
        f = add(s, treating, s.cfPrefix + modality(s.cfPrefix, world),
            cDate.plusDays(Dates.gap(world, 8, 0.5, 0, 35)), world);
      }
      case DISPROVEN -> x = add(s, ep1, fam + "X1", last.plusDays(Dates.gap(world, bxMedian, 0.6, 0, 45)), world);
      case NO_TREATMENT -> {
        String[] c2 = {"C2", "C2A", "C2B", "C2C"};
        LocalDate cDate = last.plusDays(Dates.gap(world, 12, 0.6, 0, 45));
        c = add(s, ep1, s.cfPrefix + c2[world.nextInt(c2.length)], cDate, world);
        x = add(s, ep1, fam + "X9", cDate.plusDays(Dates.days(world, 0, 14)), world);
      }
      case PATIENT_WISH -> x = add(s, ep1, fam + "X2", last.plusDays(Dates.gap(world, 8, 0.6, 0, 30)), world);
      case OTHER_END -> x = add(s, ep1, fam + (catalog.known(fam + "X9") ? "X9" : "X1"),
          last.plusDays(Dates.gap(world, bxMedian, 0.6, 0, 45)), world);
      default -> throw new IllegalStateException(outcome.name());
    }
    fixTimes(s.markers);
    assignReported(s.markers, world, 0);
    p.markers.addAll(s.markers);
    if (organ) {
      p.markers.addAll(clocks(s, ep1, treating, a, b, c, f, x, outcome, world, faults));
    }
  }

  private String modality(String cfPrefix, SplittableRandom world) {
    double u = world.nextDouble();
    if (u < 0.55) {
      return catalog.known(cfPrefix + "F1A") && world.nextDouble() < 0.15 ? "F1A" : "F1";
    }
    if (u < 0.85) {
      return "F2";
    }
    return catalog.known(cfPrefix + "F3A") && world.nextDouble() < 0.2 ? "F3A" : "F3";
  }

  private String episodeRegion(Person p, SplittableRandom rng) {
    return rng.nextDouble() < 0.95 ? p.homeRegion : Catalog.region(rng);
  }

  private GenMarker add(Person.Slot s, GenEpisode ep, String code, LocalDate date, SplittableRandom rng) {
    GenMarker m = new GenMarker(ep.key, code, date, Times.random(rng));
    s.markers.add(m);
    return m;
  }

  /**
   * Within one date, a marker's time of day must not fall before the one registered before it, or the
   * walk (date, time, point) would see them out of order: a too early (or missing) time takes the
   * previous marker's time.
   */
  static void fixTimes(List<GenMarker> sequence) {
    GenMarker prev = null;
    for (GenMarker m : sequence) {
      if (prev != null && m.date.equals(prev.date) && m.timeOfDay().compareTo(prev.timeOfDay()) < 0) {
        m.time = prev.time;
      }
      prev = m;
    }
  }

  /**
   * Registration dates: the marker date plus 0–10 days (3% up to 50), never before the previous marker's
   * registration, so that every registration date sees a prefix of the sequence.
   */
  static void assignReported(List<GenMarker> sequence, SplittableRandom rng, int maxDelayOverride) {
    LocalDate prev = null;
    for (GenMarker m : sequence) {
      int delay = maxDelayOverride > 0 ? rng.nextInt(maxDelayOverride + 1) : reportingDelay(rng);
      LocalDate r = m.date.plusDays(delay);
      m.reported = prev != null && prev.isAfter(r) ? prev : r;
      prev = m.reported;
    }
  }

  static int reportingDelay(SplittableRandom rng) {
    double u = rng.nextDouble();
    if (u < 0.85) {
      return rng.nextInt(4);
    }
    return u < 0.97 ? 4 + rng.nextInt(7) : 11 + rng.nextInt(40);
  }

  // ---------------------------------------------------------------- waiting-time clocks (SPEC §5)

  private List<GenMarker> clocks(Person.Slot s, GenEpisode ep1, GenEpisode treating, GenMarker a, GenMarker b,
      GenMarker c, GenMarker f, GenMarker x, Outcome outcome, SplittableRandom world, SplittableRandom faults) {
    boolean udr = world.nextDouble() < 0.6;
    String treatmentClock = null;
    boolean eft = false;
    if (outcome == Outcome.TREATED) {
      double u = world.nextDouble();
      treatmentClock = u < 0.6 ? "BEH" : u < 0.8 ? "HEN" : null;
      eft = world.nextDouble() < 0.15;
    }
    List<GenMarker> out = new ArrayList<>();
    if (udr) {
      GenMarker start = companion("AFV01A1A", a);
      GenMarker stop = null;
      if (b != null) {
        boolean endedClinically = outcome == Outcome.DISPROVEN && world.nextDouble() < 0.1;
        stop = companion(endedClinically ? "AFV01X1" : "AFV01B", b);
      } else if (x != null && outcome == Outcome.PATIENT_WISH) {
        stop = companion("AFV01X2", x);
      }
      boolean lastOnEpisode = !(treating == ep1 && (treatmentClock != null || eft));
      clock(out, start, stop, lastOnEpisode, 14, true, world, faults);
    }
    if ("BEH".equals(treatmentClock)) {
      GenMarker start = companion("AFV01C8", c);
      GenMarker stop;
      long gap = Dates.daysBetween(c.date, f.date);
      if (gap >= 2 && world.nextDouble() < 0.04) {
        stop = standalone("AFV01X3", treating, c.date.plusDays(Dates.days(world, 1, (int) gap - 1)), world);
        stop.reported = Dates.max(stop.date.plusDays(reportingDelay(world)), start.reported);
      } else {
        stop = companion("AFV01F", f);
      }
      clock(out, start, stop, !eft, 14, true, world, faults);
    } else if ("HEN".equals(treatmentClock)) {
      long gap = Dates.daysBetween(c.date, f.date);
      LocalDate d = c.date.plusDays(Dates.days(world, 0, (int) Math.min(2, gap)));
      GenMarker start = d.equals(c.date) ? companion("AFV01E1A", c)
          : d.equals(f.date) ? companion("AFV01E1A", f) : standalone("AFV01E1A", treating, d, world);
      if (start.reported == null) {
        start.reported = Dates.min(Dates.max(d.plusDays(reportingDelay(world)), c.reported), f.reported);
      }
      clock(out, start, companion("AFV01F", f), !eft, 28, true, world, faults);
    }
    if (eft) {
      LocalDate c9 = f.date.plusDays(Dates.days(world, 20, 60));
      LocalDate e3 = c9.plusDays(Dates.days(world, 1, 5));
      LocalDate f1 = e3.plusDays(Dates.gap(world, 8, 0.5, 1, 30));
      List<GenMarker> chain = List.of(standalone("AFV01C9", treating, c9, world),
          standalone("AFV01E3", treating, e3, world), standalone("AFV01F1", treating, f1, world));
      LocalDate prev = f.reported;
      for (GenMarker m : chain) {
        m.reported = Dates.max(m.date.plusDays(reportingDelay(world)), prev);
        prev = m.reported;
      }
      // consent and referral are registered together, so no extraction sees one without the other (PW03 is a
      // fault of its own)
      chain.get(0).reported = chain.get(1).reported;
      out.add(chain.get(0));
      clock(out, chain.get(1), chain.get(2), true, 14, false, world, faults);
    }
    return out;
  }

  /**
   * Adds a clock's markers: start, stop, and maybe a pause (more likely on clocks over their limit), or one
   * clock fault: a second start while it runs (PW01) or, on the episode's last clock, a pause that never ends
   * (VR35).
   */
  private void clock(List<GenMarker> out, GenMarker start, GenMarker stop, boolean lastOnEpisode, int maxDays,
      boolean faultable, SplittableRandom world, SplittableRandom faults) {
    out.add(start);
    if (stop == null) {
      return;
    }
    out.add(stop);
    long gap = Dates.daysBetween(start.date, stop.date);
    double u = faults.nextDouble();
    if (faultable && u < pw01Rate && gap >= 2) {
      GenMarker again = standalone(start.code, episodeOf(start), start.date.plusDays(Dates.days(world, 1,
          (int) gap - 1)), world);
      again.reported = clampReported(again.date, start.reported, stop.reported, world);
      out.add(again);
    } else if (u >= pw01Rate && u < pw01Rate + vr35Rate && lastOnEpisode && gap >= 2) {
      GenMarker pause = standalone("AFV02K1", episodeOf(start), start.date.plusDays(Dates.days(world, 1,
          (int) gap - 1)), world);
      pause.reported = clampReported(pause.date, start.reported, stop.reported, world);
      out.add(pause);
      return;
    }
    double pauseChance = gap > maxDays ? 0.5 : 0.06;
    if (gap >= 3 && world.nextDouble() < pauseChance) {
      LocalDate p1 = start.date.plusDays(Dates.days(world, 1, (int) gap - 2));
      LocalDate p2 = p1.plusDays(Dates.days(world, 1, (int) Dates.daysBetween(p1, stop.date) - 1));
      String[] type = pauseType(p1, world);
      GenMarker begin = standalone(type[0], episodeOf(start), p1, world);
      GenMarker end = standalone(type[1], episodeOf(start), p2, world);
      begin.reported = clampReported(p1, start.reported, stop.reported, world);
      end.reported = Dates.max(clampReported(p2, start.reported, stop.reported, world), begin.reported);
      out.add(begin);
      out.add(end);
    }
  }

  private static String episodeOf(GenMarker m) {
    return m.episode;
  }

  private static LocalDate clampReported(LocalDate date, LocalDate notBefore, LocalDate notAfter,
      SplittableRandom rng) {
    LocalDate r = Dates.max(date.plusDays(reportingDelay(rng)), notBefore);
    r = Dates.min(r, notAfter);
    return Dates.max(r, date);
  }

  private static String[] pauseType(LocalDate date, SplittableRandom rng) {
    double u = rng.nextDouble();
    boolean covid = !date.isBefore(COVID_FROM) && !date.isAfter(COVID_TO);
    if (covid) {
      return u < 0.4 ? new String[] {"AFV02K1", "AFV02K2"} : u < 0.6 ? new String[] {"AFV02K1C", "AFV02K2C"}
          : u < 0.8 ? new String[] {"AFV02L1", "AFV02L2"} : new String[] {"AFV02M1", "AFV02M2"};
    }
    return u < 0.65 ? new String[] {"AFV02K1", "AFV02K2"} : new String[] {"AFV02L1", "AFV02L2"};
  }

  /** An AFV marker registered together with a pathway marker: same episode, date, time and registration. */
  private static GenMarker companion(String code, GenMarker of) {
    GenMarker m = new GenMarker(of.episode, code, of.date, of.time);
    m.reported = of.reported;
    return m;
  }

  private static GenMarker standalone(String code, GenEpisode ep, LocalDate date, SplittableRandom rng) {
    return standalone(code, ep.key, date, rng);
  }

  private static GenMarker standalone(String code, String episode, LocalDate date, SplittableRandom rng) {
    String time = Times.random(rng);
    return new GenMarker(episode, code, date, time);
  }

  // ---------------------------------------------------------------- pathway fault shapes

  private void buildFaultShape(Person p, Person.Slot s, FaultKind kind, SplittableRandom r) {
    String fam = s.family;
    String cf = s.cfPrefix;
    LocalDate a = switch (kind) {
      case VR13 -> Dates.between(r, extraction.minusDays(150), extraction.minusDays(40));
      case VR20 -> Dates.between(r, first, extraction.minusDays(200));
      case VR25 -> Dates.between(r, first, extraction.minusDays(560));
      default -> Dates.between(r, first, extraction.minusDays(150));
    };
    GenEpisode ep = p.addEpisode(episodeRegion(p, r), null, a);
    ep.sorUnit = Catalog.randomSorUnit(ep.regionAns, r);
    s.episodes.add(ep);
    add(s, ep, fam + "A", a, r);
    LocalDate d = a;
    switch (kind) {
      case VR13 -> {
        d = d.plusDays(Dates.days(r, 2, 10));
        add(s, ep, fam + "B", d, r);
        d = d.plusDays(Dates.days(r, 3, 20));
        add(s, ep, fam + "A", d, r);
        add(s, ep, fam + "B", d.plusDays(Dates.days(r, 1, 5)), r);
      }
      case VR14 -> {
        if (r.nextBoolean()) {
          d = d.plusDays(Dates.days(r, 1, 5));
          add(s, ep, cf + "C1", d, r);
          d = d.plusDays(Dates.days(r, 1, 10));
          add(s, ep, fam + "B", d, r);
          add(s, ep, cf + "F1", d.plusDays(Dates.days(r, 5, 30)), r);
        } else {
          d = d.plusDays(Dates.days(r, 2, 10));
          add(s, ep, fam + "B", d, r);
          d = d.plusDays(Dates.days(r, 1, 10));
          add(s, ep, cf + "F2", d, r);
          add(s, ep, cf + "C1", d.plusDays(Dates.days(r, 1, 10)), r);
        }
      }
      case VR15 -> {
        d = d.plusDays(Dates.days(r, 5, 20));
        add(s, ep, cf + "C1", d, r);
        add(s, ep, cf + "F1", d.plusDays(Dates.days(r, 3, 20)), r);
      }
      case VR16 -> {
        d = d.plusDays(Dates.days(r, 2, 10));
        add(s, ep, fam + "B", d, r);
        add(s, ep, cf + "F2", d.plusDays(Dates.days(r, 10, 30)), r);
      }
      case VR17 -> {
        d = d.plusDays(Dates.days(r, 2, 10));
        add(s, ep, fam + "B", d, r);
        d = d.plusDays(Dates.days(r, 5, 15));
        String[] c2 = {"C2", "C2A", "C2B", "C2C"};
        add(s, ep, cf + c2[r.nextInt(c2.length)], d, r);
        add(s, ep, cf + "F1", d.plusDays(Dates.days(r, 3, 20)), r);
      }
      case VR18, VR19 -> {
        d = d.plusDays(Dates.days(r, 2, 10));
        add(s, ep, fam + "B", d, r);
        d = d.plusDays(Dates.days(r, 5, 15));
        add(s, ep, cf + "C1", d, r);
        if (kind == FaultKind.VR18) {
          d = d.plusDays(Dates.days(r, 3, 20));
          add(s, ep, cf + "F1", d, r);
        }
        add(s, ep, fam + "X1", d.plusDays(Dates.days(r, 3, 30)), r);
      }
      case VR20 -> add(s, ep, fam + "B", d.plusDays(Dates.days(r, 2, 10)), r);
      case VR21 -> {
        d = d.plusDays(Dates.days(r, 2, 10));
        add(s, ep, fam + "B", d, r);
        d = d.plusDays(Dates.days(r, 5, 15));
        add(s, ep, cf + "C1", d, r);
        d = d.plusDays(Dates.days(r, 3, 20));
        String[] mods = {"F1", "F2", "F3"};
        int i = r.nextInt(3);
        GenMarker f1 = add(s, ep, cf + mods[i], d, r);
        f1.time = Times.hhmm(8 + r.nextInt(8), r.nextInt(60));
        GenMarker f2 = add(s, ep, cf + mods[(i + 1 + r.nextInt(2)) % 3], d, r);
        fixTimes(s.markers);
        f2.time = f1.time;
      }
      case VR22 -> {
        d = d.plusDays(Dates.days(r, 2, 10));
        add(s, ep, fam + "B", d, r);
        d = d.plusDays(Dates.days(r, 5, 15));
        String sub1 = Catalog.urinarySub(r);
        String sub2 = sub1;
        while (sub2.equals(sub1)) {
          sub2 = Catalog.URINARY_SUB[r.nextInt(Catalog.URINARY_SUB.length)];
        }
        add(s, ep, sub1 + "C1", d, r);
        add(s, ep, sub2 + "F1", d.plusDays(Dates.days(r, 3, 20)), r);
      }
      case VR25 -> {
        d = d.plusDays(Dates.days(r, 370, 420));
        add(s, ep, fam + "B", d, r);
        d = d.plusDays(Dates.days(r, 5, 15));
        add(s, ep, cf + "C1", d, r);
        add(s, ep, cf + "F1", d.plusDays(Dates.days(r, 5, 20)), r);
      }
      default -> throw new IllegalArgumentException("not a pathway shape: " + kind);
    }
    fixTimes(s.markers);
    assignReported(s.markers, r, 3);
    p.markers.addAll(s.markers);
  }

  // ---------------------------------------------------------------- episodes, death, extraction

  /** Each episode ends 0–14 days after its last marker; the E cut below clears ends after the extraction. */
  private void endEpisodes(Person p, SplittableRandom world) {
    for (Person.Slot s : p.slots) {
      boolean open = s.shapeFault == FaultKind.VR13 || s.shapeFault == FaultKind.VR20;
      for (GenEpisode e : s.episodes) {
        LocalDate last = null;
        for (GenMarker m : p.markers) {
          if (m.episode.equals(e.key) && (last == null || m.date.isAfter(last))) {
            last = m.date;
          }
        }
        if (open || last == null) {
          continue;
        }
        e.end = last.plusDays(Dates.days(world, 0, 14));
        double u = world.nextDouble();
        e.endReason = u < 0.3 ? "ALAC01" : u < 0.8 ? "ALAC20" : "ALAC50";
      }
    }
  }

  /** About 6% of persons die after their last registration; the last episode then ends ALAC70. */
  private void maybeDie(Person p, SplittableRandom world) {
    if (world.nextDouble() >= 0.06 || p.episodes.isEmpty()) {
      return;
    }
    LocalDate last = lastDate(p.markers);
    LocalDate death = last.plusDays(Dates.days(world, 1, 300));
    if (death.isAfter(extraction)) {
      return;
    }
    GenEpisode lastEpisode = Collections.max(p.episodes, (x, y) -> x.start.compareTo(y.start));
    lastEpisode.end = Dates.max(death, lastEpisode.start);
    lastEpisode.endReason = "ALAC70";
  }

  /** What was not registered by the extraction date is not in the extraction. */
  private void dropUnregistered(Person p) {
    Set<GenMarker> gone = Collections.newSetFromMap(new IdentityHashMap<>());
    for (GenMarker m : p.markers) {
      if (m.date.isAfter(extraction) || m.reported.isAfter(extraction)) {
        gone.add(m);
      }
    }
    p.markers.removeAll(gone);
    for (Person.Slot s : p.slots) {
      s.markers.removeAll(gone);
      s.episodes.removeIf(e -> e.start.isAfter(extraction));
    }
    p.episodes.removeIf(e -> e.start.isAfter(extraction));
    for (GenEpisode e : p.episodes) {
      if (e.end != null && e.end.isAfter(extraction)) {
        e.end = null;
        e.endReason = null;
      }
    }
  }

  static LocalDate lastDate(List<GenMarker> markers) {
    LocalDate last = null;
    for (GenMarker m : markers) {
      if (m.date != null && (last == null || m.date.isAfter(last))) {
        last = m.date;
      }
    }
    return last;
  }
}
