package dk.pathwatch.generate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/** Random dates and day gaps. */
final class Dates {
  private Dates() {}

  /** Uniform in {@code [lo, hi]}; {@code lo} when the range is empty. */
  static LocalDate between(SplittableRandom rng, LocalDate lo, LocalDate hi) {
    long days = ChronoUnit.DAYS.between(lo, hi);
    return days <= 0 ? lo : lo.plusDays(rng.nextLong(days + 1));
  }

  /** Uniform whole number in {@code [lo, hi]}. */
  static int days(SplittableRandom rng, int lo, int hi) {
    return hi <= lo ? lo : lo + rng.nextInt(hi - lo + 1);
  }

  /** A right-skewed gap in days: log-normal around {@code median}, clamped to {@code [min, max]}. */
  static int gap(SplittableRandom rng, double median, double sigma, int min, int max) {
    long v = Math.round(median * Math.exp(sigma * rng.nextGaussian()));
    return (int) Math.max(min, Math.min(max, v));
  }

  static long daysBetween(LocalDate from, LocalDate to) {
    return ChronoUnit.DAYS.between(from, to);
  }

  static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }
}
