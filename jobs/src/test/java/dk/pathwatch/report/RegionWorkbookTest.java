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
      rows.add(RowFactory.create("VR02", "ERROR", "marker", "E" + i, "AFB01A", "2025-01-02", null, "P" + i,
          "cpr" + i, "besked"));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long written = RegionWorkbook.write(out, "1081 Region Nordjylland", LocalDate.of(2025, 3, 31),
        List.of(new RuleCount("VR02", "ERROR", "marker", "besked", findings, null)), rows.iterator());
    assertEquals(findings, written);

    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
      List<org.dhatim.fastexcel.reader.Row> overview = wb.findSheet("Oversigt").orElseThrow().read();
      assertEquals("Valideringsrapport for 1081 Region Nordjylland, opgørelsestidspunkt 2025-03-31",
          overview.get(0).getCellText(0));
      var rule = overview.get(overview.size() - 1); // the reader skips the empty second row
      assertEquals(4, rule.getRowNum(), "the rule's row under the headers");
      assertEquals("VR02", rule.getCellText(0));
      assertEquals(String.valueOf(findings), rule.getCellText(4));
      List<org.dhatim.fastexcel.reader.Row> sheet = wb.findSheet("Fejl").orElseThrow().read();
      assertEquals(findings + 1, sheet.size(), "the header and every finding");
      assertEquals("Regel", sheet.get(0).getCellText(0));
      for (int i = 0; i < findings; i++) {
        assertEquals("E" + i, sheet.get(i + 1).getCellText(3), "finding " + i);
        assertEquals("cpr" + i, sheet.get(i + 1).getCellText(8));
      }
    }
  }
}
