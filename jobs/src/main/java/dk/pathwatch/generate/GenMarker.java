package dk.pathwatch.generate;

import java.time.LocalDate;

/** One generated {@code forloebsmarkoerer} row while a person is being built (mutable: faults alter it). */
final class GenMarker {
  String episode;
  String code;
  LocalDate date;
  String time;
  LocalDate reported;
  String system = "LPR3";
  /** Added by a fault (not part of the clean world); its time may be moved to keep keys unique. */
  boolean extra;
  /** The intended copy of a VR11 duplicate: exempt from the uniqueness pass. */
  boolean intendedDuplicate;
  /** {@link #timeOfDay()} of {@link #normalisedFrom}: sorts ask for it often, and {@code time} may change. */
  private String normalised;
  private String normalisedFrom;

  GenMarker(String episode, String code, LocalDate date, String time) {
    this.episode = episode;
    this.code = code;
    this.date = date;
    this.time = time;
  }

  GenMarker copy() {
    GenMarker m = new GenMarker(episode, code, date, time);
    m.reported = reported;
    m.system = system;
    m.extra = extra;
    m.intendedDuplicate = intendedDuplicate;
    return m;
  }

  /** {@code HH:MM:SS}; null or malformed time counts as midnight (SPEC §1). */
  String timeOfDay() {
    if (time != normalisedFrom || normalised == null) {
      normalised = Times.normalise(time);
      normalisedFrom = time;
    }
    return normalised;
  }

  @Override
  public String toString() {
    return episode + " " + code + " " + date + " " + time + " reported " + reported;
  }
}
