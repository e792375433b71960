package dk.pathwatch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The truth derivation on handcrafted persons, with exact expected violations. */
class TruthOracleTest {
  private static final Catalog CATALOG = Catalog.bundled();
  private static final LocalDate X = LocalDate.of(2025, 6, 30);
  private final List<GenMarker> markers = new ArrayList<>();
  private final List<GenEpisode> episodes = new ArrayList<>();

  private GenEpisode episode(String key, String cpr) {
    GenEpisode e = new GenEpisode(key, cpr, "1084", "1084", Catalog.sorUnit("1084", 0), LocalDate.of(2024, 1, 1));
    episodes.add(e);
    return e;
  }

  private GenMarker marker(String episode, String code, String date, String time) {
    GenMarker m = new GenMarker(episode, code, date == null ? null : LocalDate.parse(date), time);
    m.reported = m.date == null ? X : m.date;
    markers.add(m);
    return m;
  }

  private Set<String> truth() {
    Set<String> out = new TreeSet<>();
    for (TruthRow t : new TruthOracle(CATALOG, X).truth(markers, episodes)) {
      out.add(t.ruleId() + " " + t.episode() + " " + t.code() + " " + t.date() + " " + t.time());
    }
    return out;
  }

  @Test
  void cleanTreatedPathwayWithClockIsSilent() {
    episode("1", "aa");
    marker("1", "AFB01A", "2024-02-01", "10:00");
    marker("1", "AFV01A1A", "2024-02-01", "10:00");
    marker("1", "AFB01B", "2024-02-05", null);
    marker("1", "AFV01B", "2024-02-05", null);
    marker("1", "AFB01C1", "2024-02-10", "09:00:00");
    marker("1", "AFB01F1", "2024-02-20", "09:00");
    assertEquals(Set.of(), truth());
  }

  /** A missing time reads as midnight, so a B on A's day without a time comes before A: an orphan. */
  @Test
  void untimedBOnTheDayOfATimedAIsAnOrphan() {
    episode("1", "aa");
    marker("1", "AFB01A", "2024-02-01", "10:00");
    marker("1", "AFB01B", "2024-02-01", null);
    marker("1", "AFB01C1", "2024-02-10", "09:00:00");
    marker("1", "AFB01F1", "2024-02-20", "09:00");
    assertEquals(Set.of("VR12 1 AFB01B 2024-02-01 null", "VR15 1 AFB01A 2024-02-01 10:00"), truth());
  }

  @Test
  void noTreatmentDecisionFollowedByTreatmentBreaksVr17AndVr16() {
    episode("1", "aa");
    marker("1", "AFB26A", "2024-02-01", "10:00");
    marker("1", "AFB26B", "2024-02-03", "10:00");
    marker("1", "AFB26C2A", "2024-02-10", "10:00");
    marker("1", "AFB26F2", "2024-02-15", "10:00");
    assertEquals(Set.of("VR16 1 AFB26A 2024-02-01 10:00", "VR17 1 AFB26A 2024-02-01 10:00"), truth());
  }

  @Test
  void disprovenAfterTreatmentBreaksVr18AndVr19AndALaterOrphanVr12() {
    episode("1", "aa");
    marker("1", "AFB12A", "2024-02-01", null);
    marker("1", "AFB12B", "2024-02-03", null);
    marker("1", "AFB12C1", "2024-02-10", null);
    marker("1", "AFB12F1", "2024-02-15", null);
    marker("1", "AFB12X1", "2024-03-15", null);
    marker("1", "AFB12B", "2024-04-01", "12:00");
    assertEquals(Set.of("VR18 1 AFB12A 2024-02-01 null", "VR19 1 AFB12A 2024-02-01 null",
        "VR12 1 AFB12B 2024-04-01 12:00"), truth());
  }

  @Test
  void urinaryPathwayNamingTwoSubPathwaysBreaksVr22Only() {
    episode("1", "aa");
    marker("1", "AFB13A", "2024-02-01", "08:00");
    marker("1", "AFB13B", "2024-02-03", "08:00");
    marker("1", "AFB14C1", "2024-02-10", "08:00");
    marker("1", "AFB15F1", "2024-02-15", "08:00");
    assertEquals(Set.of("VR22 1 AFB13A 2024-02-01 08:00"), truth());
  }

  @Test
  void openPathwayOlderThan180DaysBreaksVr20() {
    episode("1", "aa");
    marker("1", "AFB01A", "2024-12-31", "08:00");
    marker("1", "AFB01B", "2025-01-02", "08:00");
    assertEquals(Set.of("VR20 1 AFB01A 2024-12-31 08:00"), truth());
  }

  @Test
  void clockFaultsAreKeyedByTheClockStart() {
    episode("1", "aa");
    marker("1", "AFV01A1A", "2024-02-01", "10:00");
    marker("1", "AFV01A1A", "2024-02-03", "10:00");
    marker("1", "AFV01B", "2024-02-05", "10:00");
    marker("1", "AFV01C8", "2024-02-10", "10:00");
    marker("1", "AFV02L1", "2024-02-12", "10:00");
    marker("1", "AFV01F", "2024-02-20", "10:00");
    marker("1", "AFV01E1A", "2024-03-01", "10:00");
    marker("1", "AFV02K1", "2024-03-02", "10:00");
    marker("1", "AFV02K2", "2024-03-04", "10:00");
    marker("1", "AFV01F", "2024-03-20", "10:00");
    // the L1 pause never ends, so it is counted up to the stop of the later HEN clock too
    assertEquals(Set.of("PW01 1 AFV01A1A 2024-02-01 10:00", "VR35 1 AFV01C8 2024-02-10 10:00",
        "VR35 1 AFV01E1A 2024-03-01 10:00"), truth());
  }

  /** A clock still running may be in a pause that has not ended yet; a pause ended after the stop is closed. */
  @Test
  void unclosedPauseOnlyOnStoppedClocks() {
    episode("1", "aa");
    marker("1", "AFV01A1A", "2024-02-01", "10:00");
    marker("1", "AFV02K1", "2024-02-03", "10:00");
    marker("1", "AFV01B", "2024-02-05", "10:00");
    marker("1", "AFV02K2", "2024-02-07", "10:00");
    marker("1", "AFV01C8", "2024-03-01", "10:00");
    marker("1", "AFV02L1", "2024-03-03", "10:00");
    assertEquals(Set.of(), truth());
  }

  /** SPEC §3.4: an X with no open pathway is an orphan; a copy on another episode of the person is VR11. */
  @Test
  void orphanXAndDuplicatesAcrossEpisodesOfOnePerson() {
    episode("1", "aa");
    episode("2", "aa");
    marker("1", "AFB01A", "2024-02-01", "10:00");
    marker("1", "AFB01X1", "2024-02-10", "10:00");
    GenMarker copy = marker("2", "AFB01X1", "2024-02-10", "10:00:00");
    copy.reported = LocalDate.of(2024, 2, 12);
    marker("1", "AFB01X2", "2024-02-11", "10:00");
    assertEquals(Set.of("VR11 2 AFB01X1 2024-02-10 10:00:00", "VR12 1 AFB01X2 2024-02-11 10:00"), truth());
  }

  /** Marker rules count rows: a malformed time registered twice is two VR04-TIME rows and one VR11. */
  @Test
  void identicalRowsGiveOneTruthRowEach() {
    episode("1", "aa");
    marker("1", "AFB01A", "2024-02-01", "10:00");
    GenMarker b = marker("1", "AFB01B", "2024-02-05", "9.30");
    GenMarker copy = b.copy();
    copy.reported = b.reported.plusDays(2);
    markers.add(copy);
    marker("1", "AFB01X1", "2024-02-20", null);
    List<String> rules = new TruthOracle(CATALOG, X).truth(markers, episodes).stream()
        .map(TruthRow::ruleId).sorted().toList();
    assertEquals(List.of("VR04-TIME", "VR04-TIME", "VR11"), rules);
  }

  @Test
  void markerRulesOnRowsAndEpisodes() {
    GenEpisode e = episode("1", "aa");
    e.label = "ALAL02";
    e.sorUnit = null;
    episode("2", null);
    GenEpisode dup = episode("3", "aa");
    episodes.add(dup.copy());
    GenEpisode died = episode("4", "aa");
    died.end = LocalDate.of(2024, 5, 1);
    died.endReason = "ALAC70";
    marker("1", "AFC01P", "2024-02-01", "25:61");
    marker("2", "AFB14A", "2024-02-01", "10:00");
    marker("9", "AFB01B", null, "10:00");
    GenMarker late = marker("4", "AFC01P", "2025-06-20", "10:00");
    late.reported = LocalDate.of(2025, 7, 3);
    GenMarker original = marker("4", "AFC01P", "2011-01-01", "09:30");
    GenMarker copy = original.copy();
    copy.reported = original.reported.plusDays(3);
    markers.add(copy);
    assertEquals(Set.of(
        "DS02 3 null null null", "VR04-TIME 1 AFC01P 2024-02-01 25:61", "VR10 1 AFC01P 2024-02-01 25:61",
        "VR01 2 AFB14A 2024-02-01 10:00", "VR03 2 AFB14A 2024-02-01 10:00", "VR07 2 AFB14A 2024-02-01 10:00",
        "VR06 9 AFB01B null 10:00",
        "VR04 9 AFB01B null 10:00", "VR24 4 AFC01P 2025-06-20 10:00", "VR27 4 AFC01P 2025-06-20 10:00",
        "VR05-EARLY 4 AFC01P 2011-01-01 09:30", "VR11 4 AFC01P 2011-01-01 09:30"), truth());
  }

  @Test
  void aCodeInTheWrongCaseOrWithSpacesIsVr01AndVr01Case() {
    episode("1", "aa");
    marker("1", "AFB01A", "2024-02-01", "10:00");
    marker("1", "afb01b", "2024-02-03", "10:00");
    marker("1", "AFB01B ", "2024-02-04", "10:00");
    marker("1", "AFB99Q", "2024-02-05", "10:00");
    marker("1", "AFB01X1", "2024-02-20", "10:00");
    assertEquals(Set.of("VR01 1 afb01b 2024-02-03 10:00", "VR01-CASE 1 afb01b 2024-02-03 10:00",
        "VR01 1 AFB01B  2024-02-04 10:00", "VR01-CASE 1 AFB01B  2024-02-04 10:00", "VR01 1 AFB99Q 2024-02-05 10:00"),
        truth());
  }

  @Test
  void duplicatesAreRankedAmongTheUsableCopiesAndClockMarkersPerEpisode() {
    episode("1", "aa");
    GenEpisode bad = episode("2", "aa");
    bad.regionAns = "1099";
    episode("3", "aa");
    marker("1", "AFB01A", "2024-02-01", "10:00");
    marker("1", "AFB01B", "2024-02-05", "10:00").reported = LocalDate.of(2024, 2, 8);
    marker("2", "AFB01B", "2024-02-05", "10:00").reported = LocalDate.of(2024, 2, 6);
    marker("1", "AFB01X1", "2024-02-20", "10:00");
    marker("1", "AFV01A1A", "2024-02-01", "10:00");
    marker("3", "AFV01A1A", "2024-02-01", "10:00");
    marker("3", "AFV01A1A", "2024-02-01", "10:00").reported = LocalDate.of(2024, 2, 3);
    // the copy on the episode outside the regions is VR09 and hides nothing; the clock start on episode 3 is no
    // duplicate of episode 1's, only its own later copy is
    assertEquals(Set.of("VR09 2 AFB01B 2024-02-05 10:00", "VR11 3 AFV01A1A 2024-02-01 10:00"), truth());
  }

  @Test
  void eftWithOneStartIsPw03AndAStopWithoutAClockPw04() {
    episode("1", "aa");
    marker("1", "AFV01E3", "2024-02-01", "10:00");
    marker("1", "AFV01F1", "2024-02-10", "10:00");
    marker("1", "AFV01F1", "2024-02-12", "10:00");
    marker("1", "AFV01C9", "2024-03-01", "10:00");
    marker("1", "AFV01B", "2024-03-02", "10:00");
    marker("1", "AFV01C8", "2024-03-05", "10:00");
    marker("1", "AFV01X2", "2024-03-06", "10:00");
    assertEquals(Set.of("PW03 1 AFV01E3 2024-02-01 10:00", "PW04 1 AFV01F1 2024-02-12 10:00",
        "PW04 1 AFV01B 2024-03-02 10:00", "PW03 1 AFV01C9 2024-03-01 10:00"), truth());
  }
}
