package dk.pathwatch.generate;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

/** Time-of-day strings as registered ({@code HH:MM}, {@code HH:MM:SS}, null, or malformed). */
final class Times {
  /** Same pattern as the marker view: HH:MM or HH:MM:SS within 00:00–23:59:59. */
  static final Pattern VALID = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$");
  static final String MIDNIGHT = "00:00:00";
  static final String[] MALFORMED = {"25:61", "9.30", "24:00", "12:5", "1230", "99:99"};

  private Times() {}

  static boolean valid(String time) {
    return time != null && VALID.matcher(time).matches();
  }

  static String normalise(String time) {
    if (!valid(time)) {
      return MIDNIGHT;
    }
    return time.length() == 5 ? time + ":00" : time;
  }

  /** A registered time: mostly {@code HH:MM} in working hours, some with seconds, some missing. */
  static String random(SplittableRandom rng) {
    double u = rng.nextDouble();
    if (u < 0.10) {
      return null;
    }
    int hour = rng.nextDouble() < 0.9 ? 7 + rng.nextInt(10) : rng.nextInt(24);
    int minute = rng.nextInt(60);
    if (u < 0.20) {
      return String.format("%02d:%02d:%02d", hour, minute, rng.nextInt(60));
    }
    return String.format("%02d:%02d", hour, minute);
  }

  /** Always {@code HH:MM:SS}: for rows whose key should not collide with another's. */
  static String randomWithSeconds(SplittableRandom rng) {
    return String.format("%02d:%02d:%02d", rng.nextInt(24), rng.nextInt(60), rng.nextInt(60));
  }
}
