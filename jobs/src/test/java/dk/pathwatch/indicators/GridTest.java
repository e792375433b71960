package dk.pathwatch.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.common.ProjectFiles;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The grid of the aggregates (SPEC §4 zero cells), plain Java over hand-made and the bundled reference data. */
class GridTest {
  private static final LocalDate CUTOFF = LocalDate.of(2025, 6, 30);

  private static Grid.Code code(String pathway, String suffix) {
    return new Grid.Code(pathway, suffix, null, null);
  }

  private static Set<String> ids(List<List<String>> cells) {
    return cells.stream().map(c -> c.stream().map(v -> v == null ? "" : v).collect(Collectors.joining("|")))
        .collect(Collectors.toSet());
  }

  private static final List<Grid.Code> CODES = List.of(
      code("AFB01", "A"), code("AFB01", "B"), code("AFB01", "C1"), code("AFB01", "F1"), code("AFB01", "F2"),
      code("AFB13", "A"), code("AFB13", "B"), code("AFB13", "X1"),
      code("AFB14", "C1"), code("AFB14", "F3"),
      code("AFA01", "A"), code("AFA01", "B"), code("AFA01", "X1"),
      code("AFD01", "A"), code("AFD01", "B"), code("AFD01", "X1"));

  @Test
  void indicatorsOnlyWhereTheyExistForThePathwayWithItsModalities() {
    Set<String> cells = ids(new Grid(List.of("1081"), CODES, List.of(), CUTOFF).indicatorCells(List.of("2025Q1")));
    assertTrue(cells.contains("2025Q1|1081|AFB01|kirurgi|OF4"));
    assertTrue(cells.contains("2025Q1|1081|AFB01|medicin|OF3"));
    assertFalse(cells.contains("2025Q1|1081|AFB01|straale|OF4"), "AFB01 has no F3 code here");
    assertTrue(cells.contains("2025Q1|national|AFB01|alle|OF2"), "a C1 is a C");
    assertTrue(cells.contains("2025Q1|1081|AFB13|alle|OF1"));
    assertFalse(cells.contains("2025Q1|1081|AFB13|alle|OF4"), "AFB13 has no F: its treatments name a sub-pathway");
    assertTrue(cells.contains("2025Q1|1081|AFB14|straale|OF4"), "a sub-pathway has its family's A");
    assertTrue(cells.contains("2025Q1|1081|AFB14|alle|OF1"));
    assertTrue(cells.contains("2025Q1|1081|AFA01|alle|DF3"));
    assertTrue(cells.contains("2025Q1|1081|AFD01|alle|MF2"));
    assertFalse(cells.contains("2025Q1|1081|AFA01|alle|OF1"), "OF belongs to AFBnn");
    assertFalse(cells.contains("2025Q1|1081|AFB01|kirurgi|OF1"), "OF1 has modality alle only");
    assertTrue(cells.contains("2025Q1|1081|all|straale|OF3"), "all has the modalities of any pathway");
    assertTrue(cells.contains("2025Q1|1081|all|alle|MF1"));
    // AFB01: OF1-OF4 alle + OF3/OF4 × kirurgi, medicin = 8; AFB13: OF1; AFB14: OF1-OF4 + OF3/OF4 straale = 6;
    // AFA01, AFD01: 3 each; all: OF1-OF4 alle + OF3/OF4 × 3 modalities + DF1-3 + MF1-3 = 16; × (1081, national)
    assertEquals(2 * (8 + 1 + 6 + 3 + 3 + 16), cells.size());
  }

  @Test
  void metastasisIndicatorsStartWithTheQuarterOfTheModelAndCodesCountInTheirValidity() {
    List<Grid.Code> codes = List.of(code("AFD01", "A"), code("AFD01", "B"), code("AFD01", "X1"),
        code("AFB02", "A"), new Grid.Code("AFB02", "B", LocalDate.of(2022, 8, 15), null));
    Set<String> cells = ids(new Grid(List.of("1081"), codes, List.of(), CUTOFF)
        .indicatorCells(List.of("2022Q2", "2022Q3")));
    assertFalse(cells.stream().anyMatch(c -> c.startsWith("2022Q2") && c.endsWith("MF1")));
    assertTrue(cells.contains("2022Q3|1081|AFD01|alle|MF1"));
    assertFalse(cells.contains("2022Q2|1081|AFB02|alle|OF1"), "AFB02B not valid yet");
    assertTrue(cells.contains("2022Q3|1081|AFB02|alle|OF1"), "valid from within the quarter");
  }

  @Test
  void activityHasEveryPathwayThatCanStart() {
    Set<String> cells = ids(new Grid(List.of("1081"), CODES, List.of(), CUTOFF).activityCells(List.of("2025Q2")));
    assertEquals(Set.of("AFB01", "AFB13", "AFB14", "AFA01", "AFD01", "all").stream()
        .flatMap(p -> java.util.stream.Stream.of("2025Q2|1081|" + p, "2025Q2|national|" + p))
        .collect(Collectors.toSet()), cells);
  }

  @Test
  void mwtRunningOnlyInTheCutoffQuarterAndReasonsOnlyWithTheirCategory() {
    Set<String> cells = ids(new Grid(List.of("1081"), List.of(), List.of("UDR"), CUTOFF)
        .mwtCells(List.of("2025Q1", "2025Q2")));
    assertTrue(cells.contains("2025Q2|1081|UDR|igangvaerende|"));
    assertFalse(cells.contains("2025Q1|1081|UDR|igangvaerende|"));
    assertTrue(cells.contains("2025Q1|national|UDR|overskredet_regler_overholdt|covid_kapacitet"));
    assertFalse(cells.contains("2025Q1|national|UDR|overskredet_regler_overholdt|"));
    assertFalse(cells.contains("2025Q1|national|UDR|inden_for|klinisk"));
    assertEquals(2 * (7 + 8), cells.size());
  }

  @Test
  void theBundledReferenceDataGiveEveryPathwayNumberOfTheSksList() {
    Grid grid = Grid.load(ProjectFiles.bundled("validation-rules").resolve("reference"), CUTOFF);
    Set<String> activity = ids(grid.activityCells(List.of("2025Q2")));
    Set<String> pathways = activity.stream().filter(c -> c.startsWith("2025Q2|1081|")).map(c -> c.substring(12))
        .collect(Collectors.toSet());
    assertEquals(33 + 2 + 1, pathways.size(), "AFB01-AFB33, AFA01, AFD01 and all: " + pathways);
    assertEquals(6 * 36, activity.size(), "five regions and national");
    Set<String> indicators = ids(grid.indicatorCells(List.of("2025Q2")));
    assertTrue(indicators.contains("2025Q2|1085|AFB32|medicin|OF3"));
    assertEquals(Set.of("2025Q2|1081|AFB13|alle|OF1"), indicators.stream()
        .filter(c -> c.startsWith("2025Q2|1081|AFB13|")).collect(Collectors.toSet()));
    assertEquals("2025Q3", Grid.quarterOf(LocalDate.of(2025, 7, 1)));
  }
}
