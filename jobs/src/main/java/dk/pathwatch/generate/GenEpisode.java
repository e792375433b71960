package dk.pathwatch.generate;

import java.time.LocalDate;

/** One generated {@code forloeb} row while a person is being built (mutable: faults alter it). */
final class GenEpisode {
  String key;
  String cpr;
  String regionAns;
  String regionBopael;
  String sorUnit;
  String label = "ALAL01";
  LocalDate start;
  LocalDate end;
  String endReason;
  /** Added by a fault (VR07, VR09, VR12, DS02), not one of the person's pathway episodes. */
  boolean extra;

  GenEpisode(String key, String cpr, String regionAns, String regionBopael, String sorUnit, LocalDate start) {
    this.key = key;
    this.cpr = cpr;
    this.regionAns = regionAns;
    this.regionBopael = regionBopael;
    this.sorUnit = sorUnit;
    this.start = start;
  }

  GenEpisode copy() {
    GenEpisode e = new GenEpisode(key, cpr, regionAns, regionBopael, sorUnit, start);
    e.label = label;
    e.end = end;
    e.endReason = endReason;
    e.extra = extra;
    return e;
  }
}
