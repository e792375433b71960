package dk.pathwatch.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link SnapshotGenerator} writes: where, how many pathways, which seed, the extraction date, the
 * injection rate of each fault kind, and optionally an earlier registration date ({@code asOf}) to write the
 * same population as it was registered then.
 *
 * @param asOf null for the snapshot as of {@code extractionDate}
 */
public record GeneratorOptions(Path output, long pathways, long seed, LocalDate extractionDate,
    Map<FaultKind, Double> faultRates, LocalDate asOf) {

  public static final long DEFAULT_PATHWAYS = 2000;
  public static final long DEFAULT_SEED = 1;
  public static final LocalDate DEFAULT_EXTRACTION_DATE = LocalDate.of(2025, 6, 30);
  public static final double DEFAULT_FAULT_RATE = 0.01;
  /** The earliest A date of the synthetic population (LPR3 era). */
  public static final LocalDate FIRST_A_DATE = LocalDate.of(2019, 1, 1);

  public GeneratorOptions {
    if (pathways < 1) {
      throw new IllegalArgumentException("pathways must be at least 1, got " + pathways);
    }
    if (extractionDate.isBefore(FIRST_A_DATE.plusDays(600))) {
      throw new IllegalArgumentException("extraction date must be on or after " + FIRST_A_DATE.plusDays(600));
    }
    if (asOf != null && asOf.isAfter(extractionDate)) {
      throw new IllegalArgumentException("--as-of " + asOf + " is after the extraction date " + extractionDate);
    }
    EnumMap<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
    for (FaultKind kind : FaultKind.values()) {
      double rate = faultRates.getOrDefault(kind, 0.0);
      if (!(rate >= 0.0 && rate <= 1.0)) {
        throw new IllegalArgumentException("fault rate of " + kind.ruleId() + " must be within 0..1, got " + rate);
      }
      rates.put(kind, rate);
    }
    faultRates = Collections.unmodifiableMap(rates);
  }

  /** Defaults of the command line: every fault kind at {@link #DEFAULT_FAULT_RATE}, except blocking ones. */
  public static GeneratorOptions defaults(Path output) {
    return new GeneratorOptions(output, DEFAULT_PATHWAYS, DEFAULT_SEED, DEFAULT_EXTRACTION_DATE,
        publishableRates(DEFAULT_FAULT_RATE), null);
  }

  /**
   * Every fault kind at {@code rate}, except the kinds whose rule is a BLOCKER (a snapshot with them is never
   * published), which stay at 0 unless asked for by name: a default snapshot runs through to publication.
   */
  public static Map<FaultKind, Double> publishableRates(double rate) {
    Map<FaultKind, Double> rates = uniformRates(rate);
    for (FaultKind kind : FaultKind.values()) {
      if (kind.blocksPublication()) {
        rates.put(kind, 0.0);
      }
    }
    return rates;
  }

  public static Map<FaultKind, Double> uniformRates(double rate) {
    Map<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
    for (FaultKind kind : FaultKind.values()) {
      rates.put(kind, rate);
    }
    return rates;
  }

  /**
   * Parses {@code VR01=0.02,VR11=0.005} into overrides of {@code base}.
   *
   * @throws IllegalArgumentException on an unknown rule id or a malformed entry
   */
  public static Map<FaultKind, Double> withOverrides(Map<FaultKind, Double> base, String spec) {
    Map<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
    rates.putAll(base);
    if (spec == null || spec.isBlank()) {
      return rates;
    }
    for (String entry : spec.split(",")) {
      String[] parts = entry.split("=", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("--faults entry '" + entry + "' is not RULE=RATE");
      }
      FaultKind kind = FaultKind.byRuleId(parts[0]).orElseThrow(() -> new IllegalArgumentException(
          "--faults: unknown fault kind '" + parts[0].trim() + "'"));
      try {
        rates.put(kind, Double.parseDouble(parts[1].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--faults: rate of " + kind.ruleId() + " is not a number: " + parts[1]);
      }
    }
    return rates;
  }

  public GeneratorOptions withOutput(Path newOutput) {
    return new GeneratorOptions(newOutput, pathways, seed, extractionDate, faultRates, asOf);
  }

  public GeneratorOptions withSeed(long newSeed) {
    return new GeneratorOptions(output, pathways, newSeed, extractionDate, faultRates, asOf);
  }

  public GeneratorOptions withAsOf(LocalDate newAsOf) {
    return new GeneratorOptions(output, pathways, seed, extractionDate, faultRates, newAsOf);
  }

  public double rate(FaultKind kind) {
    return faultRates.get(kind);
  }

  /** The date the written snapshot is an extraction of: {@code asOf} when given. */
  public LocalDate snapshotDate() {
    return asOf != null ? asOf : extractionDate;
  }

  /** Rates by rule id, in the enum's order, for the snapshot manifest. */
  public Map<String, Double> ratesByRuleId() {
    Map<String, Double> out = new LinkedHashMap<>();
    faultRates.forEach((k, v) -> out.put(k.ruleId(), v));
    return out;
  }
}
