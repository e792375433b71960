package dk.pathwatch.pathways;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-episode state machine without Spark: ordering, EFT pairing and pause arithmetic edges. */
class ClockWalkTest {
  private static final LocalDate CUTOFF = LocalDate.of(2024, 12, 31);

  /** "AFV01A1A 2024-03-01 10:00:00" (time optional). */
  private static List<ClockWalk.Clock> walk(String... lines) {
    return result(lines).clocks();
  }

  private static ClockWalk.Result result(String... lines) {
    return ClockWalk.walk(Arrays.stream(lines).map(l -> {
      String[] f = l.split(" ");
      String time = f.length > 2 ? f[2] : "00:00:00";
      return new ClockWalk.Marker(f[0], LocalDate.parse(f[1]), time, f[0], null);
    }).toList(), CUTOFF);
  }

  @Test
  void markersAreWalkedInDateTimeCodeOrderWhateverTheInputOrder() {
    List<ClockWalk.Clock> clocks = walk("AFV01B 2024-03-01 09:00:00", "AFV01A1A 2024-03-01 10:00:00",
        "AFV01B 2024-03-02");
    assertEquals(1, clocks.size());
    assertEquals(LocalDate.of(2024, 3, 2), clocks.get(0).stop().date());
  }

  @Test
  void eftKeepsTheFirstReferralAndIgnoresAReferralWhileRunning() {
    List<ClockWalk.Clock> clocks = walk("AFV01E3 2024-05-01", "AFV01C9 2024-05-03", "AFV01E3 2024-05-05",
        "AFV01F1 2024-05-10");
    assertEquals(1, clocks.size());
    ClockWalk.Clock c = clocks.get(0);
    assertEquals("AFV01C9", c.start().code());
    assertEquals(1, c.ignoredStarts());
  }

  @Test
  void eftWithOneStartStartsThereAndATreatmentStartUsesItUp() {
    // SPEC §5: the one present when only one is (before: no clock at all)
    List<ClockWalk.Clock> clocks = walk("AFV01E3 2024-05-01", "AFV01F1 2024-05-10", "AFV01C9 2024-05-12");
    assertEquals(2, clocks.size());
    ClockWalk.Clock referralOnly = clocks.get(0);
    assertEquals(LocalDate.of(2024, 5, 1), referralOnly.start().date());
    assertEquals("AFV01F1", referralOnly.stop().code());
    assertTrue(referralOnly.singleStart());
    ClockWalk.Clock consentOnly = clocks.get(1);
    assertEquals("AFV01C9", consentOnly.start().code());
    assertNull(consentOnly.stop(), "still running at the cut-off");
    assertTrue(consentOnly.singleStart());
  }

  @Test
  void eftWithOneStartEndedByXAndBothStartsIsNoSingleStart() {
    ClockWalk.Clock ended = walk("AFV01C9 2024-05-01", "AFV01X1 2024-05-04").get(0);
    assertTrue(ended.endedByX());
    assertTrue(ended.singleStart());
    assertFalse(walk("AFV01C9 2024-05-01", "AFV01E3 2024-05-02", "AFV01F1 2024-05-04").get(0).singleStart());
  }

  @Test
  void aStopThatStopsNothingIsAStrayStop() {
    ClockWalk.Result r = result("AFV01B 2024-03-01", "AFV01C8 2024-03-02", "AFV01F 2024-03-05", "AFV01F 2024-03-06",
        "AFV01F1 2024-03-07", "AFV01X2 2024-03-08");
    assertEquals(1, r.clocks().size());
    assertEquals(List.of("AFV01B 2024-03-01", "AFV01F 2024-03-06", "AFV01F1 2024-03-07"), r.strayStops().stream()
        .map(m -> m.code() + " " + m.date()).toList(), "an X ending nothing is no stop marker");
  }

  @Test
  void pauseEndWithoutStartIsIgnoredAndAPauseBeforeTheClockCountsOnlyInside() {
    ClockWalk.Clock c = walk("AFV02L2 2024-01-02", "AFV02K1 2024-01-01", "AFV01C8 2024-01-05",
        "AFV02K2 2024-01-08", "AFV01F 2024-01-30").get(0);
    assertEquals(3, c.pauseDays());
    assertEquals("klinisk", c.reason());
    assertFalse(c.unclosedPause());
    assertFalse(c.overlappingPauses());
  }

  @Test
  void equalPauseDaysPickTheFirstTypeInReportingOrder() {
    ClockWalk.Clock c = walk("AFV01C8 2024-01-01", "AFV02M1 2024-01-02", "AFV02M2 2024-01-04",
        "AFV02L1 2024-01-10", "AFV02L2 2024-01-12", "AFV01F 2024-01-30").get(0);
    assertEquals(4, c.pauseDays());
    assertEquals("patientens_oenske", c.reason());
  }

  @Test
  void aPauseAfterTheStopDoesNotCount() {
    ClockWalk.Clock c = walk("AFV01A1A 2024-01-01", "AFV01B 2024-01-05", "AFV02K1 2024-01-06").get(0);
    assertEquals(0, c.pauseDays());
    assertNull(c.reason());
    assertFalse(c.unclosedPause());
  }
}
