package dk.pathwatch.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Injects the marker, episode and person faults into a person built by {@link WorldBuilder} (which already
 * placed the pathway and clock faults). Each kind is drawn on its own, at its rate, per pathway slot
 * (marker kinds), per episode (VR08, VR10) or per person (DS02). Faults are extra rows, or isolated variants
 * that do not change how the pathway walk orders or reads the pathway: extra rows either carry a follow-up
 * code ({@code P}, ignored by the walk) or are left out by an ERROR rule. What a fault still sets off in
 * another rule is found by {@link TruthOracle}, which derives the truth from the finished rows.
 */
final class FaultInjector {
  static final String[] UNKNOWN_CODES = {"AFB99Q", "AFB98Q", "AFV99Q"};
  static final String[] IMPOSSIBLE_CODES = {"AFB14A", "AFB15B", "AFB32X1", "AFB13F1", "AFB13C1", "AFB28X9"};
  static final String[] WRONG_LABELS = {"ALAL02", "ALAL90"};
  static final LocalDate EARLY_FROM = LocalDate.of(2010, 1, 1);
  static final LocalDate EARLY_TO = LocalDate.of(2012, 9, 30);

  private final Catalog catalog;
  private final LocalDate extraction;
  private final Map<FaultKind, Double> rates;

  FaultInjector(Catalog catalog, LocalDate extraction, Map<FaultKind, Double> rates) {
    this.catalog = catalog;
    this.extraction = extraction;
    this.rates = rates;
  }

  void inject(Person p, SplittableRandom r) {
    List<GenEpisode> worldEpisodes = new ArrayList<>(p.episodes);
    for (GenEpisode e : worldEpisodes) {
      if (draw(FaultKind.VR08, r)) {
        e.label = WRONG_LABELS[r.nextInt(WRONG_LABELS.length)];
      }
      if (draw(FaultKind.VR10, r)) {
        e.sorUnit = null;
      }
    }
    int deaths = 0;
    for (Person.Slot s : new ArrayList<>(p.slots)) {
      if (s.first() == null) {
        continue;
      }
      slotFaults(p, s, r, deathOf(p));
      if (draw(FaultKind.VR24, r)) {
        deaths++;
      }
    }
    LocalDate limit = deathOf(p) != null ? deathOf(p) : extraction;
    for (Person.Slot s : new ArrayList<>(p.slots)) {
      if (s.first() != null) {
        identityFaults(p, s, r, limit);
      }
    }
    if (draw(FaultKind.PW03, r)) {
      eftWithOneStart(p, r);
    }
    if (draw(FaultKind.DS02, r)) {
      duplicateEpisodeKey(p, r);
    }
    for (int i = 0; i < deaths; i++) {
      markerAfterDeath(p, r);
    }
  }

  private boolean draw(FaultKind kind, SplittableRandom r) {
    return r.nextDouble() < rates.get(kind);
  }

  /** The person's death date (first episode ended ALAC70), or null. */
  static LocalDate deathOf(Person p) {
    LocalDate death = null;
    for (GenEpisode e : p.episodes) {
      if (p.cpr.equals(e.cpr) && "ALAC70".equals(e.endReason) && e.end != null) {
        death = death == null ? e.end : Dates.min(death, e.end);
      }
    }
    return death;
  }

  /**
   * @param death the person's death date: rows that are not about dates after the extraction are kept on or
   *     before it, and faults that need a date near or after the extraction date are not injected (VR24)
   */
  private void slotFaults(Person p, Person.Slot s, SplittableRandom r, LocalDate death) {
    LocalDate limit = death != null ? death : extraction;
    GenMarker a = s.first();
    GenEpisode ep = p.episode(a.episode);
    if (draw(FaultKind.VR04_TIME, r)) {
      malformTime(s, r);
    }
    if (draw(FaultKind.VR02, r)) {
      bareGroupCode(p, s, r, limit);
    }
    if (draw(FaultKind.VR11, r)) {
      duplicate(p, s, r);
    }
    if (draw(FaultKind.VR01, r)) {
      extraNear(p, a, UNKNOWN_CODES[r.nextInt(UNKNOWN_CODES.length)], limit, r);
    }
    if (draw(FaultKind.VR03, r)) {
      extraNear(p, a, IMPOSSIBLE_CODES[r.nextInt(IMPOSSIBLE_CODES.length)], limit, r);
    }
    if (draw(FaultKind.VR04, r)) {
      GenMarker m = extra(p, a.episode, followUpCode(s), null, r);
      m.reported = a.reported;
    }
    if (draw(FaultKind.VR05, r) && death == null) {
      LocalDate d = extraction.plusDays(Dates.days(r, 1, 60));
      extra(p, a.episode, followUpCode(s), d, r).reported = d.plusDays(r.nextInt(6));
    }
    if (draw(FaultKind.VR05_EARLY, r)) {
      extra(p, a.episode, followUpCode(s), Dates.between(r, EARLY_FROM, EARLY_TO), r).reported = a.reported;
    }
    if (draw(FaultKind.VR06, r)) {
      LocalDate d = Dates.min(a.date.plusDays(r.nextInt(31)), extraction);
      extra(p, p.newMissingEpisodeKey(), s.family + "B", d, r).reported = registered(d, r);
    }
    if (draw(FaultKind.VR07, r)) {
      extraEpisodeWithStart(p, s, null, p.homeRegion, extraction, r);
    }
    if (draw(FaultKind.VR09, r)) {
      extraEpisodeWithStart(p, s, p.cpr, Catalog.INVALID_REGIONS[r.nextInt(Catalog.INVALID_REGIONS.length)],
          limit, r);
    }
    if (draw(FaultKind.VR27, r) && death == null) {
      LocalDate d = Dates.between(r, Dates.max(a.date, extraction.minusDays(30)), extraction);
      extra(p, a.episode, followUpCode(s), d, r).reported = extraction.plusDays(Dates.days(r, 1, 20));
    }
    if (s.shapeFault == FaultKind.VR12) {
      orphan(p, limit, r);
    }
    if (ep == null) {
      throw new IllegalStateException("pathway marker without its episode: " + a);
    }
  }

  /**
   * The faults about which rows are the same (SPEC §3.3, §5): a code that is known only after upper-casing or
   * trimming, a duplicate whose first copy is excluded, a clock start shared by two episodes, a stray stop.
   */
  private void identityFaults(Person p, Person.Slot s, SplittableRandom r, LocalDate limit) {
    GenMarker a = s.first();
    if (draw(FaultKind.VR01_CASE, r)) {
      GenMarker of = s.markers.get(r.nextInt(s.markers.size()));
      String[] variants = {of.code.toLowerCase(java.util.Locale.ROOT), of.code + " ", " " + of.code};
      extraNear(p, a, variants[r.nextInt(variants.length)], limit, r);
    }
    if (draw(FaultKind.VR11_EXCLUDED, r)) {
      excludedFirstCopy(p, s, r);
    }
    if (draw(FaultKind.VR11_EPISODE, r)) {
      clockStartOnTwoEpisodes(p, a, limit, r);
    }
    if (draw(FaultKind.PW04, r)) {
      LocalDate d = Dates.between(r, a.date, Dates.max(a.date, Dates.min(a.date.plusDays(30), limit)));
      GenEpisode e = p.addEpisode(p.homeRegion, Catalog.randomSorUnit(p.homeRegion, r), d);
      e.extra = true;
      String[] stops = {"AFV01B", "AFV01F", "AFV01F1"};
      extra(p, e.key, stops[r.nextInt(stops.length)], d, r).reported = registered(d, r);
    }
  }

  /**
   * VR11-EXCLUDED: the pathway's first B (else C) also on an extra episode of the person whose region_ans is not a
   * region, registered before the original: the copy is left out by VR09, so the original is no duplicate.
   */
  private void excludedFirstCopy(Person p, Person.Slot s, SplittableRandom r) {
    GenMarker original = s.firstPoint('B') != null ? s.firstPoint('B') : s.firstPoint('C');
    if (original == null || !original.reported.isAfter(original.date)) {
      return;
    }
    GenEpisode e = new GenEpisode(p.newEpisodeKey(), p.cpr,
        Catalog.INVALID_REGIONS[r.nextInt(Catalog.INVALID_REGIONS.length)], p.residenceRegion,
        Catalog.randomSorUnit(p.homeRegion, r), original.date);
    e.extra = true;
    p.episodes.add(e);
    GenMarker copy = original.copy();
    copy.episode = e.key;
    copy.extra = true;
    copy.intendedDuplicate = true;
    copy.reported = original.reported.minusDays(1 + r.nextInt((int) Dates.daysBetween(original.date,
        original.reported)));
    p.markers.add(copy);
  }

  /**
   * VR11-EPISODE: a new episode of the person whose UDR clock starts at the same code, date and time as the clock
   * of the pathway's A (a clock per episode, SPEC §5), with an exact copy of that start registered later (a
   * duplicate within its episode: VR11) and a stop within the limit.
   */
  private void clockStartOnTwoEpisodes(Person p, GenMarker a, LocalDate limit, SplittableRandom r) {
    GenMarker start = null;
    for (GenMarker m : p.markers) {
      if (m.code.equals("AFV01A1A") && m.episode.equals(a.episode) && m.date.equals(a.date) && !m.extra) {
        start = m;
      }
    }
    if (start == null || !start.reported.isBefore(extraction)) {
      return;
    }
    GenEpisode e = p.addEpisode(p.homeRegion, Catalog.randomSorUnit(p.homeRegion, r), start.date);
    e.extra = true;
    GenMarker shared = start.copy();
    shared.episode = e.key;
    shared.extra = true;
    p.markers.add(shared);
    GenMarker again = shared.copy();
    again.intendedDuplicate = true;
    again.reported = Dates.min(start.reported.plusDays(Dates.days(r, 1, 5)), extraction);
    p.markers.add(again);
    LocalDate stop = start.date.plusDays(Dates.days(r, 1, 10));
    if (!stop.isAfter(limit)) {
      extra(p, e.key, "AFV01B", stop, r).reported = Dates.max(registered(stop, r), again.reported);
    }
  }

  /**
   * PW03: the post-treatment clock of one of the person's episodes loses its referral (AFV01E3) or its consent
   * (AFV01C9), so it starts at the other.
   */
  private static void eftWithOneStart(Person p, SplittableRandom r) {
    for (GenMarker consent : p.markers) {
      if (!consent.code.equals("AFV01C9") || consent.extra) {
        continue;
      }
      for (GenMarker referral : p.markers) {
        if (referral.code.equals("AFV01E3") && referral.episode.equals(consent.episode) && !referral.extra) {
          p.markers.remove(r.nextBoolean() ? consent : referral);
          return;
        }
      }
    }
  }

  /** A follow-up code of the pathway's family ({@code P} is ignored by the walk), else {@code AFC01P}. */
  private String followUpCode(Person.Slot s) {
    String p = s.family + "P";
    return catalog.known(p) ? p : "AFC01P";
  }

  private LocalDate registered(LocalDate date, SplittableRandom r) {
    return Dates.min(date.plusDays(r.nextInt(4)), extraction);
  }

  private GenMarker extra(Person p, String episode, String code, LocalDate date, SplittableRandom r) {
    GenMarker m = new GenMarker(episode, code, date, Times.randomWithSeconds(r));
    m.extra = true;
    p.markers.add(m);
    return m;
  }

  /** An extra row on the A's episode within a month of A (left out of the walk by VR01). */
  private void extraNear(Person p, GenMarker a, String code, LocalDate limit, SplittableRandom r) {
    LocalDate d = Dates.max(Dates.min(a.date.plusDays(r.nextInt(21)), limit), a.date);
    extra(p, a.episode, code, d, r).reported = registered(d, r);
  }

  /**
   * VR04-TIME: a B, C or F whose date differs from both neighbours in the walk gets a malformed time, so
   * that reading it as midnight cannot reorder the pathway.
   */
  private void malformTime(Person.Slot s, SplittableRandom r) {
    List<GenMarker> candidates = new ArrayList<>();
    List<GenMarker> seq = s.markers;
    for (int i = 1; i < seq.size(); i++) {
      GenMarker m = seq.get(i);
      boolean afterPrev = m.date.isAfter(seq.get(i - 1).date);
      boolean beforeNext = i + 1 == seq.size() || m.date.isBefore(seq.get(i + 1).date);
      char point = m.code.charAt(5);
      if (afterPrev && beforeNext && (point == 'B' || point == 'C' || point == 'F')) {
        candidates.add(m);
      }
    }
    if (!candidates.isEmpty()) {
      candidates.get(r.nextInt(candidates.size())).time = Times.MALFORMED[r.nextInt(Times.MALFORMED.length)];
    }
  }

  /**
   * VR02: a bare {@code C} or {@code F} group code of the same (sub-)pathway number, dated after the first
   * real point of that kind and before the pathway's end, so the first C and first F stay the real ones.
   */
  private void bareGroupCode(Person p, Person.Slot s, SplittableRandom r, LocalDate limit) {
    GenMarker end = s.firstPoint('X');
    List<GenMarker> options = new ArrayList<>();
    for (char point : new char[] {'C', 'F'}) {
      GenMarker real = s.firstPoint(point);
      if (real == null) {
        continue;
      }
      LocalDate lo = real.date.plusDays(1);
      LocalDate hi = end != null ? end.date.minusDays(1) : Dates.min(real.date.plusDays(7), limit);
      if (!lo.isAfter(hi)) {
        options.add(real);
      }
    }
    if (options.isEmpty()) {
      return;
    }
    GenMarker real = options.get(r.nextInt(options.size()));
    LocalDate hi = end != null ? end.date.minusDays(1) : Dates.min(real.date.plusDays(7), limit);
    LocalDate d = Dates.between(r, real.date.plusDays(1), hi);
    GenMarker bare = extra(p, real.episode, real.code.substring(0, 6), d, r);
    bare.time = Times.random(r);
    bare.reported = registered(d, r);
  }

  /** VR11: the same B (else C) registered a second time, a few days later. */
  private void duplicate(Person p, Person.Slot s, SplittableRandom r) {
    GenMarker original = s.firstPoint('B') != null ? s.firstPoint('B') : s.firstPoint('C');
    if (original == null) {
      return;
    }
    GenMarker copy = original.copy();
    copy.extra = true;
    copy.intendedDuplicate = true;
    copy.reported = Dates.max(Dates.min(original.reported.plusDays(Dates.days(r, 1, 20)), extraction),
        original.reported);
    p.markers.add(copy);
  }

  /** VR07 and VR09: an extra episode of the person carrying an A and a B of the slot's family. */
  private void extraEpisodeWithStart(Person p, Person.Slot s, String cpr, String region, LocalDate limit,
      SplittableRandom r) {
    LocalDate d = Dates.between(r, GeneratorOptions.FIRST_A_DATE, Dates.min(extraction.minusDays(20),
        limit.minusDays(6)));
    GenEpisode e = new GenEpisode(p.newEpisodeKey(), cpr, region, p.residenceRegion,
        Catalog.randomSorUnit(p.homeRegion, r), d);
    e.extra = true;
    p.episodes.add(e);
    GenMarker a = extra(p, e.key, s.family + "A", d, r);
    a.reported = registered(d, r);
    LocalDate bDate = d.plusDays(Dates.days(r, 1, 5));
    GenMarker b = extra(p, e.key, s.family + "B", bDate, r);
    b.reported = Dates.max(registered(bDate, r), a.reported);
  }

  /** VR12: a lone B, C1 or F in an organ family the person has no pathway in, on its own episode. */
  private void orphan(Person p, LocalDate limit, SplittableRandom r) {
    Set<String> used = new HashSet<>();
    for (Person.Slot s : p.slots) {
      used.add(s.family);
    }
    String family;
    do {
      family = catalog.organFamily(r);
    } while (used.contains(family) || Catalog.URINARY.equals(family));
    LocalDate d = Dates.between(r, GeneratorOptions.FIRST_A_DATE, Dates.min(extraction.minusDays(10), limit));
    GenEpisode e = p.addEpisode(p.homeRegion, Catalog.randomSorUnit(p.homeRegion, r), d);
    e.extra = true;
    String[] suffixes = {"B", "C1", "F1", "F2"};
    GenMarker m = extra(p, e.key, family + suffixes[r.nextInt(suffixes.length)], d, r);
    m.time = Times.random(r);
    m.reported = registered(d, r);
    p.slots.add(new Person.Slot(family, family, FaultKind.VR12));
  }

  /** DS02: the same episode key delivered twice (the copies differ in the unit); no markers point to it. */
  private void duplicateEpisodeKey(Person p, SplittableRandom r) {
    LocalDate d = Dates.between(r, GeneratorOptions.FIRST_A_DATE, extraction);
    GenEpisode e = p.addEpisode(p.homeRegion, Catalog.sorUnit(p.homeRegion, 0), d);
    e.extra = true;
    GenEpisode twin = e.copy();
    twin.sorUnit = Catalog.sorUnit(p.homeRegion, 1);
    p.episodes.add(twin);
  }

  /**
   * VR24: the person dies (last episode ends ALAC70) after every registration so far, and a follow-up
   * marker is registered after the death.
   */
  private void markerAfterDeath(Person p, SplittableRandom r) {
    LocalDate death = null;
    GenEpisode deathEpisode = null;
    LocalDate last = null;
    GenEpisode lastEpisode = null;
    for (GenEpisode e : p.episodes) {
      if (p.cpr.equals(e.cpr) && "ALAC70".equals(e.endReason) && (death == null || e.end.isBefore(death))) {
        death = e.end;
        deathEpisode = e;
      }
      if (!e.extra && (lastEpisode == null || !e.start.isBefore(lastEpisode.start))) {
        lastEpisode = e;
      }
    }
    for (GenMarker m : p.markers) {
      GenEpisode e = p.episode(m.episode);
      if (m.date != null && !m.date.isAfter(extraction) && e != null && p.cpr.equals(e.cpr)
          && (last == null || m.date.isAfter(last))) {
        last = m.date;
      }
    }
    if (death == null) {
      if (lastEpisode == null || last == null) {
        return;
      }
      death = Dates.max(last, lastEpisode.start).plusDays(Dates.days(r, 1, 60));
      if (!death.isBefore(extraction)) {
        return;
      }
      lastEpisode.end = death;
      lastEpisode.endReason = "ALAC70";
      deathEpisode = lastEpisode;
    }
    if (!death.isBefore(extraction)) {
      return;
    }
    LocalDate d = Dates.between(r, death.plusDays(1), Dates.min(death.plusDays(30), extraction));
    GenMarker m = extra(p, deathEpisode.key, "AFC01P", d, r);
    m.reported = registered(d, r);
  }
}
