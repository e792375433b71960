package dk.pathwatch.common;

import java.time.LocalDate;
import java.util.List;

/**
 * The facts about pathway codes that several stages use (SPEC §3.1, §3.5, §4; DOMAIN §1.5), in one place: the
 * urinary family and its sub-pathways, and the start of the metastasis model. The rule files keep their own
 * parameter for VR40 (rules are data); {@code PathwayCodesTest} checks that it says the same.
 */
public final class PathwayCodes {
  /** The urinary family: its own number and its sub-pathways share one pathway walk (SPEC §3.1). */
  public static final String URINARY_FAMILY = "AFB13";
  /** The urinary sub-pathways (SPEC §3.1, §3.5), named by the first C or F marker under them. */
  public static final List<String> URINARY_SUBS = List.of("AFB14", "AFB15", "AFB32");
  /** Every pathway number of the urinary family. */
  public static final List<String> URINARY_NUMBERS =
      java.util.stream.Stream.concat(java.util.stream.Stream.of(URINARY_FAMILY), URINARY_SUBS.stream()).toList();
  /** What the numbers of the organ-specific pathways (OF indicators) begin with: AFB01 … AFB32. */
  public static final String ORGAN_PREFIX = "AFB";
  /** The diagnostic pathway for serious non-specific symptoms (DF indicators). */
  public static final String DIAGNOSTIC_PATHWAY = "AFA01";
  /** The metastasis pathway (MF indicators). */
  public static final String METASTASIS_PATHWAY = "AFD01";
  /** Metastasis-pathway (MF) indicators count only pathways started on or after this date (DOMAIN §1.5, VR40). */
  public static final LocalDate MF_FROM = LocalDate.of(2022, 7, 1);

  private PathwayCodes() {}

  /** Whether a pathway number (or family) is an organ-specific pathway's (OF indicators). */
  public static boolean isOrgan(String pathwayNumber) {
    return pathwayNumber.startsWith(ORGAN_PREFIX);
  }

  /** The family of a pathway number ({@code AFB14} → {@code AFB13}; any other number is its own family). */
  public static String family(String pathwayNumber) {
    return URINARY_SUBS.contains(pathwayNumber) ? URINARY_FAMILY : pathwayNumber;
  }

  /** A regular expression matching the start of a code of the urinary family. */
  public static String urinaryCodePattern() {
    return "^(" + String.join("|", URINARY_NUMBERS) + ")";
  }
}
