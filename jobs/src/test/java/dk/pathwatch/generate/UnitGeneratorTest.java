package dk.pathwatch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The per-person generation without Spark: clean worlds, fault isolation, shapes of the data. */
class UnitGeneratorTest {
  private static final Catalog CATALOG = Catalog.bundled();
  private static final LocalDate EXTRACTION = GeneratorOptions.DEFAULT_EXTRACTION_DATE;

  private static GeneratorOptions options(long pathways, Map<FaultKind, Double> rates) {
    return new GeneratorOptions(Path.of("/tmp/unused"), pathways, 7, EXTRACTION, rates, null);
  }

  private static Map<String, Integer> truthCounts(UnitGenerator units, List<String> examples) {
    Map<String, Integer> counts = new TreeMap<>();
    for (long id = 0; id < units.persons(); id++) {
      Person p = units.generate(id);
      for (TruthRow t : units.truth(p)) {
        counts.merge(t.ruleId(), 1, Integer::sum);
        if (examples != null && examples.size() < 5) {
          examples.add(t + " in " + p.markers);
        }
      }
    }
    return counts;
  }

  @Test
  void cleanWorldBreaksNoRule() {
    UnitGenerator units = new UnitGenerator(options(30_000, GeneratorOptions.uniformRates(0)), CATALOG);
    List<String> examples = new ArrayList<>();
    Map<String, Integer> counts = truthCounts(units, examples);
    assertEquals(Map.of(), counts, String.join("\n", examples));
  }

  @Test
  void pathwayCountIsExact() {
    UnitGenerator units = new UnitGenerator(options(10_007, GeneratorOptions.uniformRates(0)), CATALOG);
    long total = 0;
    for (long id = 0; id < units.persons(); id++) {
      total += units.pathwayCount(id);
    }
    assertEquals(10_007, total);
  }

  @Test
  void everyFaultKindAppearsAtRateOne() {
    UnitGenerator units = new UnitGenerator(options(3000, GeneratorOptions.uniformRates(1.0)), CATALOG);
    Map<String, Integer> counts = truthCounts(units, null);
    Set<String> missing = new TreeSet<>();
    for (FaultKind k : FaultKind.values()) {
      if (!counts.containsKey(k.truthRuleId())) {
        missing.add(k.ruleId());
      }
    }
    assertEquals(Set.of(), missing, "counts " + counts);
  }

  /** Each kind alone fires its own rule, and only the companions it is documented to set off. */
  @Test
  void eachFaultKindIsIsolated() {
    Map<FaultKind, Set<String>> companions = new EnumMap<>(FaultKind.class);
    companions.put(FaultKind.VR03, Set.of("VR01"));
    companions.put(FaultKind.VR01_CASE, Set.of("VR01"));
    companions.put(FaultKind.VR17, Set.of("VR16"));
    companions.put(FaultKind.VR18, Set.of("VR19"));
    StringBuilder problems = new StringBuilder();
    for (FaultKind kind : FaultKind.values()) {
      Map<FaultKind, Double> rates = GeneratorOptions.uniformRates(0);
      rates.put(kind, 0.5);
      List<String> examples = new ArrayList<>();
      Map<String, Integer> counts = truthCounts(new UnitGenerator(options(1500, rates), CATALOG), examples);
      Set<String> allowed = new TreeSet<>(companions.getOrDefault(kind, Set.of()));
      allowed.add(kind.truthRuleId());
      if (!counts.containsKey(kind.truthRuleId()) || !allowed.containsAll(counts.keySet())) {
        problems.append(kind.ruleId()).append(": ").append(counts).append('\n');
        examples.forEach(e -> problems.append("   ").append(e).append('\n'));
      }
    }
    assertEquals("", problems.toString());
  }

  @Test
  void sameIdSameRowsOtherSeedOtherRows() {
    UnitGenerator a = new UnitGenerator(options(100, GeneratorOptions.uniformRates(0.2)), CATALOG);
    UnitGenerator b = new UnitGenerator(options(100, GeneratorOptions.uniformRates(0.2)), CATALOG);
    UnitGenerator c = new UnitGenerator(options(100, GeneratorOptions.uniformRates(0.2)).withSeed(8), CATALOG);
    for (long id = 0; id < 20; id++) {
      assertEquals(a.generate(id).markers.toString(), b.generate(id).markers.toString());
      assertNotEquals(a.generate(id).markers.toString(), c.generate(id).markers.toString());
      assertNotEquals(a.pseudonym(id), c.pseudonym(id));
      assertTrue(a.pseudonym(id).matches("[0-9a-f]{16}"));
    }
  }

  @Test
  void treatmentTimesLookReal() {
    UnitGenerator units = new UnitGenerator(options(20_000, GeneratorOptions.uniformRates(0)), CATALOG);
    List<Long> of4 = new ArrayList<>();
    for (long id = 0; id < units.persons(); id++) {
      for (Person.Slot s : units.generate(id).slots) {
        GenMarker a = s.first();
        GenMarker f = s.firstPoint('F');
        if (a != null && f != null) {
          of4.add(Dates.daysBetween(a.date, f.date));
        }
      }
    }
    of4.sort(null);
    long median = of4.get(of4.size() / 2);
    assertTrue(of4.size() > 3000, "treated pathways: " + of4.size());
    assertTrue(median >= 25 && median <= 40, "OF4 median " + median);
  }
}
