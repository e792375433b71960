package dk.pathwatch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A region's error report as an Excel workbook (Danish headers), streamed with fastexcel so that a large
 * list of findings never sits in memory: sheet "Oversigt" counts per rule, sheet "Fejl" lists each finding
 * with the keys a data manager needs to find the record.
 */
public final class RegionWorkbook {
  /** Excel's sheet limit less the header row. */
  static final int MAX_ROWS = 1_048_575;

  static final String[] FINDING_HEADERS = {"Regel", "Alvorlighed", "Niveau", "Forløbselement (dw_ek_forloeb)",
      "Markør", "Markørdato", "Tidspunkt", "Forløbs-id", "Patient (pseudonym)", "Besked"};
  static final String[] FINDING_COLUMNS = {"rule_id", "severity", "scope", "dw_ek_forloeb", "markoer",
      "dato_markoer", "tidspunkt_markoer", "pathway_id", "cpr_encrypted", "message_da"};

  /** Excel's limit on the characters of one cell; a longer text makes Excel refuse the whole file. */
  static final int MAX_CELL_CHARS = 32_767;

  private RegionWorkbook() {}

  /** A value as a cell can hold it: cut to {@link #MAX_CELL_CHARS}, ending in "…" when cut. */
  static String cellText(String value) {
    if (value.length() <= MAX_CELL_CHARS) {
      return value;
    }
    int end = MAX_CELL_CHARS - 1;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return value.substring(0, end) + "…";
  }

  public static long write(OutputStream out, String regionLabel, LocalDate cutoff, List<RuleCount> summary,
      Iterator<Row> findings) throws IOException {
    Workbook wb = new Workbook(out, "Pathwatch", "1.0");
    Worksheet overview = wb.newWorksheet("Oversigt");
    writeSummary(overview, regionLabel, cutoff, summary);
    overview.finish(); // the sheets are streamed one after the other: the findings' rows can then be flushed
    long written = writeFindings(wb.newWorksheet("Fejl"), findings);
    wb.finish();
    return written;
  }

  private static void writeSummary(Worksheet ws, String regionLabel, LocalDate cutoff, List<RuleCount> summary) {
    ws.value(0, 0, "Valideringsrapport for " + regionLabel + ", opgørelsestidspunkt " + cutoff);
    ws.style(0, 0).bold().set();
    String[] headers = {"Regel", "Alvorlighed", "Niveau", "Beskrivelse", "Antal", "Forrige kørsel", "Ændring"};
    for (int c = 0; c < headers.length; c++) {
      ws.value(2, c, headers[c]);
      ws.style(2, c).bold().set();
    }
    int r = 3;
    if (summary.isEmpty()) {
      ws.value(r, 0, "Ingen fejl eller advarsler i denne kørsel.");
    }
    for (RuleCount rc : summary) {
      ws.value(r, 0, rc.ruleId());
      ws.value(r, 1, rc.severity());
      ws.value(r, 2, rc.scope());
      ws.value(r, 3, rc.messageDa());
      ws.value(r, 4, rc.count());
      if (rc.previous() != null) {
        ws.value(r, 5, rc.previous());
      }
      ws.value(r, 6, rc.change());
      r++;
    }
  }

  /**
   * The columns whose values are (nearly) all different — episode, pathway, person — written as inline strings:
   * in the shared-strings table every one of them is an entry held in memory until the workbook is finished,
   * which made writing a large region's sheet about twice as slow. Excel shows both kinds of cell the same.
   */
  private static final boolean[] INLINE = inline("dw_ek_forloeb", "pathway_id", "cpr_encrypted");

  private static boolean[] inline(String... columns) {
    boolean[] inline = new boolean[FINDING_COLUMNS.length];
    for (String column : columns) {
      inline[java.util.Arrays.asList(FINDING_COLUMNS).indexOf(column)] = true;
    }
    return inline;
  }

  /** Rows of findings held in memory before they are written out: fastexcel keeps every unflushed row. */
  static final int FLUSH_ROWS = 10_000;

  private static long writeFindings(Worksheet ws, Iterator<Row> findings) throws IOException {
    for (int c = 0; c < FINDING_HEADERS.length; c++) {
      ws.value(0, c, FINDING_HEADERS[c]);
      ws.style(0, c).bold().set();
    }
    long n = 0;
    int r = 1;
    while (findings.hasNext()) {
      Row row = findings.next();
      n++;
      if (r > MAX_ROWS - 1) {
        continue; // counted, not written: the note below says how many are missing from the sheet
      }
      for (int c = 0; c < FINDING_COLUMNS.length; c++) {
        Object v = row.isNullAt(c) ? null : row.get(c);
        if (v != null && INLINE[c]) {
          ws.inlineString(r, c, cellText(v.toString()));
        } else if (v != null) {
          ws.value(r, c, cellText(v.toString()));
        }
      }
      r++;
      if (r % FLUSH_ROWS == 0) {
        ws.flush();
      }
    }
    if (n > r - 1) {
      ws.value(r, 0, (n - (r - 1)) + " fund mere end Excel kan rumme; se tabellen validation_errors");
    }
    return n;
  }
}
