package dk.pathwatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark size: a number of marker rows ({@code forloebsmarkoerer}) written as {@code 20k}, {@code 1M},
 * {@code 100M}. The generator is asked for pathways, so the size is turned into pathways by the generator's
 * mean of {@link #MARKERS_PER_PATHWAY} marker rows per pathway (measured at its default fault rate); the
 * snapshot's real row count is what the figures use.
 */
public record BenchSize(String label, long markers) {
  /** Marker rows per pathway of the default generator (990,776 rows for 200,000 pathways, seed 1). */
  public static final double MARKERS_PER_PATHWAY = 4.95;

  /**
   * The demo of {@code scripts/demo.sh}: 5,000 pathways (about 25,000 marker rows), named {@code demo} in
   * {@code --sizes}.
   */
  public static final BenchSize DEMO = new BenchSize("demo", Math.round(5_000 * MARKERS_PER_PATHWAY));

  public BenchSize {
    if (markers < 100) {
      throw new IllegalArgumentException("a size must be at least 100 markers, got " + label);
    }
  }

  /** Pathways to ask the generator for. */
  public long pathways() {
    return Math.max(1, Math.round(markers / MARKERS_PER_PATHWAY));
  }

  /** Parses {@code 20k}, {@code 1M}, {@code 1.5M}, {@code 100M}, {@code 1G} or a plain number. */
  public static BenchSize parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase(DEMO.label())) {
      return DEMO;
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty size");
    }
    char unit = Character.toUpperCase(t.charAt(t.length() - 1));
    long factor = switch (unit) {
      case 'K' -> 1_000L;
      case 'M' -> 1_000_000L;
      case 'G' -> 1_000_000_000L;
      default -> 1L;
    };
    String number = factor == 1 ? t : t.substring(0, t.length() - 1);
    double value;
    try {
      value = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size (e.g. 20k, 1M, 100M): '" + text + "'");
    }
    String label = factor == 1 ? t : number + (unit == 'K' ? "k" : String.valueOf(unit));
    return new BenchSize(label.toLowerCase(Locale.ROOT).endsWith("k") ? label : label.toUpperCase(Locale.ROOT),
        Math.round(value * factor));
  }

  /** Parses a comma-separated list such as {@code 1M,5M,20M}. */
  public static List<BenchSize> parseList(String text) {
    List<BenchSize> sizes = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        sizes.add(parse(part));
      }
    }
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("no sizes in '" + text + "'");
    }
    return sizes;
  }

  @Override
  public String toString() {
    return label;
  }
}
