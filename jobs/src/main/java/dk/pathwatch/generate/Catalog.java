package dk.pathwatch.generate;

import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.ReferenceTable;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code lists the generator draws from: the SKS marker codes of {@code validation-rules/reference}, the
 * five regions with their population shares (DOMAIN §5.1), a small list of SOR units per region, and the
 * pathway families with weights that make breast, lung, colorectal, prostate and urinary pathways common.
 */
final class Catalog implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String[] REGIONS = {"1081", "1082", "1083", "1084", "1085"};
  /** Nordjylland 10%, Midtjylland 23%, Syddanmark 21%, Hovedstaden 32%, Sjælland 14%. */
  static final double[] REGION_SHARES = {0.10, 0.23, 0.21, 0.32, 0.14};
  static final String[] INVALID_REGIONS = {"1080", "1086", "1099", "9999", "0000"};
  static final int UNITS_PER_REGION = 5;
  static final LocalDate UNITS_VALID_FROM = LocalDate.of(2010, 1, 1);
  static final LocalDate CLOSED_UNIT_VALID_TO = LocalDate.of(2018, 12, 31);
  static final String URINARY = "AFB13";
  static final String[] URINARY_SUB = {"AFB14", "AFB15", "AFB32"};
  static final double[] URINARY_SUB_SHARES = {0.55, 0.30, 0.15};

  /** Relative weight of each pathway family; the rest of AFB01–AFB33 weigh 1. */
  private static final Map<String, Double> HEAVY = Map.ofEntries(
      Map.entry("AFB01", 14.0), Map.entry("AFB26", 12.0), Map.entry("AFB12", 12.0), Map.entry("AFB16", 8.0),
      Map.entry("AFB13", 8.0), Map.entry("AFB02", 5.0), Map.entry("AFB03", 4.0), Map.entry("AFB25", 4.0),
      Map.entry("AFB20", 3.0), Map.entry("AFB21", 2.0), Map.entry("AFB22", 2.0), Map.entry("AFB07", 2.0),
      Map.entry("AFB09", 2.0), Map.entry("AFA01", 10.0), Map.entry("AFD01", 2.0));

  private static final Pattern PATHWAY_CODE = Pattern.compile("^AF(A01|D01|B(0[1-9]|[12][0-9]|3[0-3]))(.+)$");

  private final Set<String> sks;
  private final Set<String> pathwaySuffixes;
  private final String[] families;
  private final double[] familyCumulative;
  private final String[] organFamilies;
  private final double[] organCumulative;

  Catalog(Set<String> sksCodes) {
    this.sks = new HashSet<>(sksCodes);
    this.pathwaySuffixes = new HashSet<>();
    for (String code : sks) {
      Matcher m = PATHWAY_CODE.matcher(code);
      if (m.matches()) {
        pathwaySuffixes.add(m.group(3));
      }
    }
    List<String> all = new ArrayList<>(List.of("AFA01", "AFD01"));
    for (int n = 1; n <= 33; n++) {
      String family = String.format("AFB%02d", n);
      if (n != 14 && n != 15 && n != 32) {
        all.add(family);
      }
    }
    this.families = all.toArray(String[]::new);
    this.familyCumulative = cumulative(all);
    List<String> organ = all.stream().filter(f -> f.startsWith("AFB")).toList();
    this.organFamilies = organ.toArray(String[]::new);
    this.organCumulative = cumulative(organ);
  }

  /** The catalog over the SKS list shipped in the jar. */
  static Catalog bundled() {
    ReferenceTable table = ReferenceTable.read(
        ProjectFiles.bundled("validation-rules").resolve("reference"), "sks_codes");
    int codeColumn = table.header().indexOf("code");
    Set<String> codes = new HashSet<>();
    for (String[] row : table.rows()) {
      codes.add(row[codeColumn].trim().toUpperCase());
    }
    return new Catalog(codes);
  }

  private static double[] cumulative(List<String> names) {
    double[] cum = new double[names.size()];
    double total = 0;
    for (int i = 0; i < names.size(); i++) {
      total += HEAVY.getOrDefault(names.get(i), 1.0);
      cum[i] = total;
    }
    for (int i = 0; i < cum.length; i++) {
      cum[i] /= total;
    }
    return cum;
  }

  boolean known(String code) {
    return code != null && sks.contains(code);
  }

  /** VR03: a pathway number and a suffix that both exist, in a combination the SKS list does not have. */
  boolean impossibleCombination(String code) {
    if (code == null || known(code)) {
      return false;
    }
    Matcher m = PATHWAY_CODE.matcher(code);
    return m.matches() && pathwaySuffixes.contains(m.group(3));
  }

  String family(SplittableRandom rng) {
    return pick(families, familyCumulative, rng.nextDouble());
  }

  String organFamily(SplittableRandom rng) {
    return pick(organFamilies, organCumulative, rng.nextDouble());
  }

  String[] organFamilies() {
    return organFamilies.clone();
  }

  static String region(SplittableRandom rng) {
    double u = rng.nextDouble();
    double cum = 0;
    for (int i = 0; i < REGIONS.length; i++) {
      cum += REGION_SHARES[i];
      if (u < cum) {
        return REGIONS[i];
      }
    }
    return REGIONS[REGIONS.length - 1];
  }

  static String urinarySub(SplittableRandom rng) {
    double u = rng.nextDouble();
    return u < URINARY_SUB_SHARES[0] ? URINARY_SUB[0]
        : u < URINARY_SUB_SHARES[0] + URINARY_SUB_SHARES[1] ? URINARY_SUB[1] : URINARY_SUB[2];
  }

  /** SOR id of unit {@code index} (0-based) of a region; index {@link #UNITS_PER_REGION} is a closed unit. */
  static String sorUnit(String region, int index) {
    return region + Times.twoDigits(index + 1) + "1000016008";
  }

  static String randomSorUnit(String region, SplittableRandom rng) {
    return sorUnit(region, rng.nextInt(UNITS_PER_REGION));
  }

  /** Rows of {@code organisationer/}: sorenhed, region, gyldig_fra, gyldig_til. */
  static List<Object[]> organisationRows() {
    List<Object[]> rows = new ArrayList<>();
    for (String region : REGIONS) {
      for (int i = 0; i < UNITS_PER_REGION; i++) {
        rows.add(new Object[] {sorUnit(region, i), region, UNITS_VALID_FROM, null});
      }
      rows.add(new Object[] {sorUnit(region, UNITS_PER_REGION), region, LocalDate.of(2007, 1, 1),
          CLOSED_UNIT_VALID_TO});
    }
    return rows;
  }

  private static String pick(String[] names, double[] cum, double u) {
    for (int i = 0; i < cum.length; i++) {
      if (u < cum[i]) {
        return names[i];
      }
    }
    return names[names.length - 1];
  }

  /** Share of each family in the mix (for documentation and tests). */
  Map<String, Double> familyShares() {
    Map<String, Double> out = new LinkedHashMap<>();
    double prev = 0;
    for (int i = 0; i < families.length; i++) {
      out.put(families[i], familyCumulative[i] - prev);
      prev = familyCumulative[i];
    }
    return out;
  }
}
