package dk.pathwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.Test;

/**
 * A region's workbook written in flushed blocks of {@link RegionWorkbook#FLUSH_ROWS} findings: every finding is in
 * sheet "Fejl", in order, after the bold header, and the overview sheet before it is complete.
 */
class RegionWorkbookTest {

  @Test
  void findingsOfSeveralFlushedBlocksAreAllWrittenInOrder() throws Exception {
    int findings = 2 * RegionWorkbook.FLUSH_ROWS + 7;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < findings; i++) {
      rows.add(RowFactory.create(i < 3 ? "DS01" : "VR02", "ERROR", "marker", "E" + i, "AFB01A", "2025-01-02", null,
          "P" + i, "cpr" + i, "besked"));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<RuleCount> summary = RegionWorkbook.write(out, "1081 Region Nordjylland", LocalDate.of(2025, 3, 31),
        rows.iterator(), rule -> rule.equals("VR02") ? 5L : null);
    assertEquals(List.of(new RuleCount("DS01", "ERROR", "marker", "besked", 3, null),
        new RuleCount("VR02", "ERROR", "marker", "besked", findings - 3, 5L)), summary, "counted on the way");

    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
      assertEquals(List.of("Oversigt", "Fejl"), wb.getSheets().map(sheet -> sheet.getName()).toList(),
          "the overview first, though written after the findings");
      List<org.dhatim.fastexcel.reader.Row> overview = wb.findSheet("Oversigt").orElseThrow().read();
      assertEquals("Valideringsrapport for 1081 Region Nordjylland, opgørelsestidspunkt 2025-03-31",
          overview.get(0).getCellText(0));
      var rule = overview.get(overview.size() - 1); // the reader skips the empty second row
      assertEquals(5, rule.getRowNum(), "the second rule's row under the headers");
      assertEquals("VR02", rule.getCellText(0));
      assertEquals(String.valueOf(findings - 3), rule.getCellText(4));
      assertEquals("5", rule.getCellText(5), "the previous run's count");
      List<org.dhatim.fastexcel.reader.Row> sheet = wb.findSheet("Fejl").orElseThrow().read();
      assertEquals(findings + 1, sheet.size(), "the header and every finding");
      assertEquals("Regel", sheet.get(0).getCellText(0));
      for (int i = 0; i < findings; i++) {
        assertEquals("E" + i, sheet.get(i + 1).getCellText(3), "finding " + i);
        assertEquals(i < 3 ? "DS01" : "VR02", sheet.get(i + 1).getCellText(0));
        assertEquals("cpr" + i, sheet.get(i + 1).getCellText(8));
      }
    }
  }
}
