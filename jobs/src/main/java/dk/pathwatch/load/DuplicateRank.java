package dk.pathwatch.load;

import java.util.Arrays;

/**
 * {@code dup_rank} (SPEC §3.3), ranked in one streaming pass over rows in walk order ({@link MarkerView#inWalkOrder}:
 * the duplicate key, then the copies of a marker, the first registered first). Among the copies of an exact duplicate
 * that exist for the run (not excluded by an ERROR rule, not beyond the cut-off) the first registered is 1 and the
 * others 2, 3, …; a row that does not exist for the run has no rank (null), so an excluded or late copy never hides a
 * valid one. A duplicate is the same person, code, date and time of day; a waiting-time marker ({@code AFV}) belongs
 * to its episode's clocks (SPEC §5), so its episode is part of the key as well. Family and point rank follow from the
 * code. The walk order puts the rows of one key next to each other, so comparing each row with the one before it is
 * enough: no window, no buffer (issue #16).
 */
public final class DuplicateRank {
  private Object[] previous;
  private int rank;

  /**
   * The rank of the next row in walk order.
   *
   * @param episode the row's {@code dw_ek_forloeb}: part of the key only for a waiting-time ({@code AFV}) code
   * @param day {@code dato_markoer} in any form whose {@code equals} compares dates (null when missing)
   * @return the rank among the existing copies, or null when the row does not exist for the run
   */
  public Integer next(String personCpr, String personEpisode, String code, Object day, String timeOfDay,
      String episode, boolean exists) {
    if (!exists) {
      return null;
    }
    Object[] key = {personCpr, personEpisode, code, day, timeOfDay, MarkerView.clockEpisode(code, episode)};
    rank = previous != null && Arrays.equals(previous, key) ? rank + 1 : 1;
    previous = key;
    return rank;
  }
}
