package dk.pathwatch.generate;

import java.util.SplittableRandom;

/**
 * Time-of-day strings as registered ({@code HH:MM}, {@code HH:MM:SS}, null, or malformed). Built and checked
 * by hand rather than with {@code String.format} and a regex: these run for every generated row.
 */
final class Times {
  static final String MIDNIGHT = "00:00:00";
  static final String[] MALFORMED = {"25:61", "9.30", "24:00", "12:5", "1230", "99:99"};

  private Times() {}

  /** Same test as the marker view's pattern {@code ^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$}. */
  static boolean valid(String time) {
    if (time == null || (time.length() != 5 && time.length() != 8)) {
      return false;
    }
    char h0 = time.charAt(0);
    char h1 = time.charAt(1);
    boolean hour = ((h0 == '0' || h0 == '1') && digit(h1, '9')) || (h0 == '2' && digit(h1, '3'));
    boolean minute = time.charAt(2) == ':' && digit(time.charAt(3), '5') && digit(time.charAt(4), '9');
    return hour && minute && (time.length() == 5
        || (time.charAt(5) == ':' && digit(time.charAt(6), '5') && digit(time.charAt(7), '9')));
  }

  private static boolean digit(char c, char max) {
    return c >= '0' && c <= max;
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
      return hhmmss(hour, minute, rng.nextInt(60));
    }
    return hhmm(hour, minute);
  }

  /** Always {@code HH:MM:SS}: for rows whose key should not collide with another's. */
  static String randomWithSeconds(SplittableRandom rng) {
    int hour = rng.nextInt(24);
    int minute = rng.nextInt(60);
    return hhmmss(hour, minute, rng.nextInt(60));
  }

  /** {@code HH:MM} of values within 0..99 (as {@code %02d:%02d}). */
  static String hhmm(int hour, int minute) {
    return new String(new char[] {tens(hour), ones(hour), ':', tens(minute), ones(minute)});
  }

  static String hhmmss(int hour, int minute, int second) {
    return new String(new char[] {tens(hour), ones(hour), ':', tens(minute), ones(minute), ':', tens(second),
        ones(second)});
  }

  /** Two digits of 0..99 as text, e.g. {@code "07"}. */
  static String twoDigits(int value) {
    return new String(new char[] {tens(value), ones(value)});
  }

  private static char tens(int v) {
    return (char) ('0' + v / 10);
  }

  private static char ones(int v) {
    return (char) ('0' + v % 10);
  }
}
