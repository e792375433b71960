package dk.pathwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** One sorted stream of findings split into the regions' workbooks: every row lands in its own region, none lost. */
class RegionRowsTest {
  private static Iterator<Row> rows(String... keys) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      out.add(RowFactory.create("finding " + i, keys[i]));
    }
    return out.iterator();
  }

  private static List<Object> drain(Iterator<Row> it) {
    List<Object> out = new ArrayList<>();
    it.forEachRemaining(r -> out.add(r.get(0)));
    return out;
  }

  @Test
  void eachRegionGetsItsOwnRowsInTurn() {
    RegionReports.RegionRows rows = new RegionReports.RegionRows(rows("1081", "1081", "1083", "ukendt"));
    assertEquals("1081", rows.nextRegion());
    assertEquals(List.of("finding 0", "finding 1"), drain(rows.of("1081")));
    assertEquals("1083", rows.nextRegion());
    assertEquals(List.of(), drain(rows.of("1082")), "a region without findings has none");
    assertEquals(List.of("finding 2"), drain(rows.of("1083")));
    assertEquals(List.of("finding 3"), drain(rows.of("ukendt")));
    assertNull(rows.nextRegion());
  }

  @Test
  void findingsOfARegionPassedOverAreNotDroppedSilently() {
    RegionReports.RegionRows skipped = new RegionReports.RegionRows(rows("1081", "1082"));
    assertThrows(IllegalStateException.class, () -> skipped.of("1082"));
  }
}
