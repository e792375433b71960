package dk.pathwatch.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Everything generated for one person (one unit of the Spark job): episodes, markers, pathway slots. */
final class Person {
  final long id;
  final String cpr;
  final String homeRegion;
  final String residenceRegion;
  final List<GenEpisode> episodes = new ArrayList<>();
  final List<GenMarker> markers = new ArrayList<>();
  final List<Slot> slots = new ArrayList<>();
  private int nextEpisode;
  private int nextOrphanKey;

  Person(long id, String cpr, String homeRegion, String residenceRegion) {
    this.id = id;
    this.cpr = cpr;
    this.homeRegion = homeRegion;
    this.residenceRegion = residenceRegion;
  }

  /** A fresh numeric episode key, unique over the whole snapshot. */
  String newEpisodeKey() {
    return String.valueOf(1_000_000_000_000L + id * 32 + nextEpisode++);
  }

  /** A numeric key that no episode has (for VR06). */
  String newMissingEpisodeKey() {
    return String.valueOf(9_000_000_000_000L + id * 32 + nextOrphanKey++);
  }

  GenEpisode addEpisode(String region, String sorUnit, LocalDate start) {
    GenEpisode e = new GenEpisode(newEpisodeKey(), cpr, region, residenceRegion, sorUnit, start);
    episodes.add(e);
    return e;
  }

  GenEpisode episode(String key) {
    for (GenEpisode e : episodes) {
      if (e.key.equals(key)) {
        return e;
      }
    }
    return null;
  }

  /** One pathway of the person: its family, the prefix of its C/F codes, and its markers in walk order. */
  static final class Slot {
    final String family;
    final String cfPrefix;
    final FaultKind shapeFault;
    final List<GenMarker> markers = new ArrayList<>();
    final List<GenEpisode> episodes = new ArrayList<>();

    Slot(String family, String cfPrefix, FaultKind shapeFault) {
      this.family = family;
      this.cfPrefix = cfPrefix;
      this.shapeFault = shapeFault;
    }

    GenMarker first() {
      return markers.isEmpty() ? null : markers.get(0);
    }

    /** First marker whose suffix (after the 5-character family number) starts with {@code point}. */
    GenMarker firstPoint(char point) {
      for (GenMarker m : markers) {
        if (m.code.length() > 5 && m.code.charAt(5) == point) {
          return m;
        }
      }
      return null;
    }

    LocalDate lastDate() {
      LocalDate last = null;
      for (GenMarker m : markers) {
        if (m.date != null && (last == null || m.date.isAfter(last))) {
          last = m.date;
        }
      }
      return last;
    }
  }
}
