package dk.pathwatch.generate;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates one unit (one person, with one or two pathways) from nothing but the seed and the unit's id, so
 * that Spark can generate units anywhere, in any order, and get the same rows. Steps: build the world as
 * registered by the extraction date, inject the faults, keep row keys unique, cut to {@code --as-of}, and
 * derive the truth of what is left.
 */
final class UnitGenerator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long WORLD_SALT = 0x5EED_0F_3A11L;
  private static final long FAULT_SALT = 0xFA_017_5EEDL;
  private static final long PERSON_SALT = 0xC0FFEE_CAFEL;

  private final long seed;
  private final LocalDate extraction;
  private final LocalDate asOf;
  private final EnumMap<FaultKind, Double> rates;
  private final Catalog catalog;
  private final long persons;
  private final long doubles;
  private transient WorldBuilder worldBuilder;
  private transient FaultInjector injector;
  private transient TruthOracle oracle;

  UnitGenerator(GeneratorOptions options, Catalog catalog) {
    this.seed = options.seed();
    this.extraction = options.extractionDate();
    this.asOf = options.asOf();
    this.rates = new EnumMap<>(options.faultRates());
    this.catalog = catalog;
    this.doubles = Math.round(options.pathways() * WorldBuilder.SECOND_PATHWAY_SHARE / (1 + WorldBuilder.SECOND_PATHWAY_SHARE));
    this.persons = options.pathways() - doubles;
  }

  /** Number of units (persons) for the requested number of pathways. */
  long persons() {
    return persons;
  }

  /** Persons with two pathways are spread evenly over the ids, so that the total is exactly the request. */
  int pathwayCount(long id) {
    return (id + 1) * doubles / persons > id * doubles / persons ? 2 : 1;
  }

  /** Stable pseudonym: a bijective mix of the id, 16 hex characters, different for each seed. */
  String pseudonym(long id) {
    String hex = Long.toHexString(mix(id ^ mix(seed ^ PERSON_SALT)));
    return hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex;
  }

  private void ensureParts() {
    if (worldBuilder == null) {
      worldBuilder = new WorldBuilder(catalog, extraction, rates);
      injector = new FaultInjector(catalog, extraction, rates);
      oracle = new TruthOracle(catalog, asOf != null ? asOf : extraction);
    }
  }

  Person generate(long id) {
    ensureParts();
    SplittableRandom world = new SplittableRandom(mix(mix(seed ^ WORLD_SALT) + id));
    SplittableRandom faults = new SplittableRandom(mix(mix(seed ^ FAULT_SALT) + id));
    Person p = worldBuilder.build(id, pseudonym(id), pathwayCount(id), world, faults);
    injector.inject(p, faults);
    keepKeysUnique(p, faults);
    if (asOf != null) {
      cutAt(p, asOf);
    }
    return p;
  }

  List<TruthRow> truth(Person p) {
    ensureParts();
    return oracle.truth(p.markers, p.episodes);
  }

  /**
   * Rows a fault added must not collide by accident with another row of the same owner (the person, and for a
   * waiting-time marker its episode: {@link TruthOracle#duplicateOwner}) on (code, date, time of day), or VR11
   * would fire where nobody meant it: such a row gets another time.
   */
  static void keepKeysUnique(Person p, SplittableRandom rng) {
    Set<RowKey> seen = new HashSet<>();
    List<GenMarker> ordered = new ArrayList<>();
    for (GenMarker m : p.markers) {
      if (!m.extra) {
        ordered.add(m);
      }
    }
    for (GenMarker m : p.markers) {
      if (m.extra && !m.intendedDuplicate) {
        ordered.add(m);
      }
    }
    for (GenMarker m : ordered) {
      String owner = TruthOracle.duplicateOwner(m, p.episode(m.episode));
      while (!seen.add(RowKey.of(owner, m.code, m.date, m.timeOfDay())) && m.extra) {
        m.time = Times.randomWithSeconds(rng);
      }
    }
  }

  /**
   * The population as registered on {@code date}: markers registered (and dated) by then, episodes started
   * by then, with their end cleared when it came later.
   */
  static void cutAt(Person p, LocalDate date) {
    Set<GenMarker> gone = Collections.newSetFromMap(new IdentityHashMap<>());
    for (GenMarker m : p.markers) {
      boolean registered = m.reported != null && !m.reported.isAfter(date);
      if (!registered || (m.date != null && m.date.isAfter(date))) {
        gone.add(m);
      }
    }
    p.markers.removeAll(gone);
    p.episodes.removeIf(e -> e.start.isAfter(date));
    for (GenEpisode e : p.episodes) {
      if (e.end != null && e.end.isAfter(date)) {
        e.end = null;
        e.endReason = null;
      }
    }
  }

  /** SplitMix64's finaliser: a bijection on 64-bit values with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  Map<FaultKind, Double> rates() {
    return rates;
  }
}
