package dk.pathwatch.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code dup_rank} in one pass over rows in walk order (SPEC §3.3), without Spark. */
class DuplicateRankTest {

  /** person, code, date, time of day, episode, exists: one row each, already in walk order. */
  private static List<Integer> ranks(Object[]... rows) {
    DuplicateRank rank = new DuplicateRank();
    List<Integer> ranks = new ArrayList<>();
    for (Object[] r : rows) {
      ranks.add(rank.next((String) r[0], null, (String) r[1], r[2], (String) r[3], (String) r[4], (Boolean) r[5]));
    }
    return ranks;
  }

  private static Object[] row(String person, String code, String time, String episode, boolean exists) {
    return new Object[] {person, code, 20000, time, episode, exists};
  }

  @Test
  void theCopiesThatExistAreRankedInOrderAndTheOthersHaveNoRank() {
    assertEquals(Arrays.asList(null, 1, 2, 3, 1), ranks(
        row("P1", "AFB01A", "10:00:00", "E1", false),
        row("P1", "AFB01A", "10:00:00", "E2", true),
        row("P1", "AFB01A", "10:00:00", "E1", true),
        row("P1", "AFB01A", "10:00:00", "E3", true),
        row("P1", "AFB01A", "11:00:00", "E1", true)));
  }

  @Test
  void anotherPersonCodeOrDateIsAnotherMarker() {
    DuplicateRank rank = new DuplicateRank();
    assertEquals(1, rank.next("P1", null, "AFB01A", 20000, "10:00:00", "E1", true));
    assertEquals(1, rank.next("P2", null, "AFB01A", 20000, "10:00:00", "E1", true));
    assertEquals(1, rank.next("P2", null, "AFB01B", 20000, "10:00:00", "E1", true));
    assertEquals(1, rank.next("P2", null, "AFB01B", 20001, "10:00:00", "E1", true));
    assertEquals(2, rank.next("P2", null, "AFB01B", 20001, "10:00:00", "E2", true));
    // without a cpr the episode is the person
    assertEquals(1, rank.next(null, "E9", "AFB01B", 20001, "10:00:00", "E9", true));
  }

  @Test
  void aWaitingTimeMarkerIsACopyWithinItsEpisodeOnly() {
    assertEquals(Arrays.asList(1, 2, 1), ranks(
        row("P1", "AFV01A1A", "10:00:00", "E1", true),
        row("P1", "AFV01A1A", "10:00:00", "E1", true),
        row("P1", "AFV01A1A", "10:00:00", "E2", true)));
  }
}
