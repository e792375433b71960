package dk.pathwatch.pathways;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pathway state machine of SPEC §3.4 without Spark: markers in walk order in, pathways and lineage out. */
class PathwayWalkTest {

  /** What a walk reported. */
  private static final class Recorded implements PathwayWalk.Sink {
    final List<PathwayWalk.Pathway> pathways = new ArrayList<>();
    final List<String> markers = new ArrayList<>();

    @Override
    public void pathway(PathwayWalk.Pathway pathway) {
      pathways.add(pathway);
    }

    @Override
    public void marker(PathwayWalk.Marker marker, String pathwayId, boolean orphan) {
      markers.add(marker.code() + (orphan ? " orphan" : " in " + pathwayId.substring(0, 6)));
    }

    List<PathwayWalk.Pathway> real() {
      return pathways.stream().filter(p -> !p.orphan()).toList();
    }

    List<PathwayWalk.Pathway> orphans() {
      return pathways.stream().filter(PathwayWalk.Pathway::orphan).toList();
    }
  }

  /** Lines {@code "AFB01C1 2024-01-05 10:00:00"} (time optional), family from the code, in the order given. */
  private static Recorded walk(String... lines) {
    Recorded sink = new Recorded();
    String family = family(lines[0].split(" ")[0]);
    PathwayWalk walk = new PathwayWalk("P1", family, sink, new PathwayWalk.Ids());
    for (String line : lines) {
      String[] f = line.split(" ");
      String code = f[0];
      LocalDate date = LocalDate.parse(f[1]);
      String suffix = code.substring(5);
      walk.accept(new PathwayWalk.Marker(code, suffix.substring(0, 1), suffix, code.substring(0, 5),
          (int) date.toEpochDay(), date.toString(), f.length > 2 ? f[2] : "00:00:00", "E1", code, null, "1081",
          null));
    }
    walk.finish();
    return sink;
  }

  private static String family(String code) {
    String number = code.substring(0, 5);
    return List.of("AFB13", "AFB14", "AFB15", "AFB32").contains(number) ? "AFB13" : number;
  }

  private static int day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  @Test
  void anAOpensBCFFillTheirFirstOccurrenceAndXCloses() {
    Recorded r = walk("AFB01A 2024-01-01", "AFB01B 2024-01-03", "AFB01B 2024-01-04", "AFB01C2 2024-01-05",
        "AFB01C1A 2024-01-06", "AFB01F2 2024-01-10", "AFB01F1 2024-01-12", "AFB01X1 2024-01-20");
    assertEquals(1, r.pathways.size());
    PathwayWalk.Pathway p = r.pathways.get(0);
    assertEquals(day("2024-01-01"), p.first().date());
    assertEquals(day("2024-01-03"), p.dateB(), "the first B");
    assertEquals(day("2024-01-05"), p.dateC(), "the first C of any kind");
    assertEquals(day("2024-01-06"), p.dateC1(), "the first C1/C1A");
    assertEquals(day("2024-01-10"), p.dateF());
    assertEquals(day("2024-01-20"), p.dateX());
    assertEquals("AFB01X1", p.endCode());
    assertEquals("X1", p.endSuffix());
    assertEquals(2, p.modalityNumber(), "the first F's modality");
    assertTrue(p.c2BeforeF());
    assertEquals(8, p.markerCount());
    assertFalse(p.restarted());
    assertEquals(8, r.markers.stream().filter(m -> m.contains(" in " + p.pathwayId().substring(0, 6))).count());
  }

  @Test
  void aSecondAClosesTheOpenPathwayAsRestartedButNotOneClosedByX() {
    Recorded restarted = walk("AFB12A 2024-01-10", "AFB12B 2024-01-12", "AFB12A 2024-02-01", "AFB12F1 2024-02-20");
    assertEquals(2, restarted.real().size());
    assertTrue(restarted.real().get(0).restarted());
    assertFalse(restarted.real().get(1).restarted());

    Recorded closed = walk("AFB12A 2024-01-10", "AFB12X2 2024-01-12", "AFB12A 2024-02-01");
    assertFalse(closed.real().get(0).restarted(), "ended by its X, not restarted");
  }

  @Test
  void markersWithNoOpenPathwayAreOrphansWithTheirReason() {
    Recorded r = walk("AFB26B 2024-03-01", "AFB26A 2024-03-05", "AFB26X1 2024-03-20", "AFB26F2 2024-03-25",
        "AFB26X2 2024-03-26", "AFB26A 2024-06-01");
    assertEquals(2, r.real().size());
    assertEquals(List.of("no_open_pathway", "after_x", "after_x"),
        r.orphans().stream().map(PathwayWalk.Pathway::orphanReason).toList());
    assertEquals(2, r.real().get(0).markerCount(), "the A and its X");
    assertEquals(List.of("AFB26B orphan", "AFB26F2 orphan", "AFB26X2 orphan"),
        r.markers.stream().filter(m -> m.endsWith("orphan")).toList());
    assertEquals(1, r.orphans().get(0).markerCount());
  }

  @Test
  void modalityTieAtTheFirstFTakesTheLowerNumberAndKeepsTheHigher() {
    PathwayWalk.Pathway tie = walk("AFB01A 2024-01-02", "AFB01F3 2024-01-20 10:00:00", "AFB01F1 2024-01-20 10:00:00",
        "AFB01F2 2024-01-21").real().get(0);
    assertEquals(1, tie.modalityNumber());
    assertEquals(3, tie.modalityNumberMax());
    PathwayWalk.Pathway later = walk("AFB01A 2024-01-02", "AFB01F3 2024-01-20 09:00:00",
        "AFB01F1 2024-01-20 10:00:00").real().get(0);
    assertEquals(3, later.modalityNumber(), "an F at a later time does not take part");
    assertEquals(3, later.modalityNumberMax());
    PathwayWalk.Pathway bare = walk("AFB01A 2024-01-02", "AFB01F 2024-01-12").real().get(0);
    assertNull(bare.modalityNumber());
    assertNull(bare.modalityNumberMax());
  }

  @Test
  void urinarySubPathwayIsTheFirstCOrFThatNamesOne() {
    PathwayWalk.Pathway p = walk("AFB13A 2024-01-02", "AFB14B 2024-01-03", "AFB15C1 2024-01-10",
        "AFB14F1 2024-01-20").real().get(0);
    assertEquals("AFB15", p.urinarySub(), "a B does not name the sub-pathway");
    assertEquals("AFB14", p.urinarySubMin());
    assertEquals("AFB15", p.urinarySubMax());
    Recorded orphan = walk("AFB32C1 2024-01-01");
    assertEquals("AFB32", orphan.orphans().get(0).urinarySub(), "an orphan's own sub-pathway");
  }

  @Test
  void aC2AfterTheLastFIsNotBeforeAnF() {
    assertFalse(walk("AFB01A 2024-01-01", "AFB01F1 2024-01-05", "AFB01C2 2024-01-06").real().get(0).c2BeforeF());
  }

  @Test
  void idsDependOnTheKeyOnly() {
    PathwayWalk.Ids ids = new PathwayWalk.Ids();
    assertEquals(32, ids.hash("P1", "AFB01").length());
    assertEquals(ids.hash("P1", "AFB01"), ids.hash("P1", null, "AFB01"), "a missing part is left out");
    assertEquals(walk("AFB01A 2024-01-01").real().get(0).pathwayId(),
        walk("AFB01A 2024-01-01", "AFB01B 2024-01-02").real().get(0).pathwayId(), "the A's key decides");
  }

  @Test
  void onlyPathwayMarkersWalk() {
    assertTrue(PathwayWalk.walks("AFB01", "A", "AFB01A"));
    assertFalse(PathwayWalk.walks("AFB01", "P", "AFB01P1"), "P markers are ignored");
    assertFalse(PathwayWalk.walks("AFV", null, "AFV01A1A"), "waiting-time markers go to the clocks");
    assertFalse(PathwayWalk.walks("AFD01", "C", "AFD01C"), "old metastasis codes are ignored");
    assertFalse(PathwayWalk.walks(null, null, "XYZ"));
  }
}
