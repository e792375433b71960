package dk.pathwatch.generate;

import java.time.LocalDate;

/**
 * One expected violation (docs/architecture.md, "Generator truth"): the rule and the key of the row it is
 * about. Episode rules carry only {@code episode}; pathway rules the key of the pathway's A marker (VR12: the
 * orphan itself); clock rules the key of the clock's start marker.
 */
record TruthRow(String ruleId, String episode, String code, LocalDate date, String time, String note) {

  static TruthRow ofMarker(String ruleId, GenMarker m, String note) {
    return new TruthRow(ruleId, m.episode, m.code, m.date, m.time, note);
  }

  static TruthRow ofEpisode(String ruleId, String episode, String note) {
    return new TruthRow(ruleId, episode, null, null, null, note);
  }
}
