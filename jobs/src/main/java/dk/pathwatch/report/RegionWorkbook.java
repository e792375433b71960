package dk.pathwatch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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

  /**
   * Writes the findings, sorted by rule, to sheet "Fejl" and then their count per rule to sheet "Oversigt", which
   * comes first in the workbook: the findings are streamed once, so the overview is counted on the way.
   *
   * @param previousCount a rule's count in the previous run, null when there was none or no previous run
   * @return the overview's rows, in rule order
   */
  public static List<RuleCount> write(OutputStream out, String regionLabel, LocalDate cutoff, Iterator<Row> findings,
      Function<String, Long> previousCount) throws IOException {
    Workbook wb = new Workbook(out, "Pathwatch", "1.0");
    Worksheet overview = wb.newWorksheet("Oversigt");
    Worksheet sheet = wb.newWorksheet("Fejl");
    RuleTally tally = new RuleTally();
    writeFindings(sheet, findings, tally);
    sheet.finish(); // streamed one after the other: the overview's rows are written only after every finding's
    List<RuleCount> summary = tally.counts(previousCount);
    writeSummary(overview, regionLabel, cutoff, summary);
    wb.finish();
    return summary;
  }

  /** Findings per rule, with the rule's severity, scope and message as its first finding has them. */
  private static final class RuleTally {
    private static final int RULE = column("rule_id");
    private static final int SEVERITY = column("severity");
    private static final int SCOPE = column("scope");
    private static final int MESSAGE = column("message_da");

    private final Map<String, RuleCount> firstOfRule = new LinkedHashMap<>();
    private final Map<String, long[]> countOfRule = new HashMap<>();

    void add(Row finding) {
      String rule = text(finding, RULE);
      long[] count = countOfRule.get(rule);
      if (count == null) {
        firstOfRule.put(rule, new RuleCount(rule, text(finding, SEVERITY), text(finding, SCOPE),
            text(finding, MESSAGE), 0, null));
        countOfRule.put(rule, count = new long[1]);
      }
      count[0]++;
    }

    List<RuleCount> counts(Function<String, Long> previousCount) {
      return firstOfRule.values().stream()
          .map(first -> new RuleCount(first.ruleId(), first.severity(), first.scope(), first.messageDa(),
              countOfRule.get(first.ruleId())[0], previousCount.apply(first.ruleId())))
          .sorted(RuleCount.RULE_ORDER).toList();
    }

    private static String text(Row row, int i) {
      return row.isNullAt(i) ? null : row.get(i).toString();
    }
  }

  private static int column(String name) {
    return Arrays.asList(FINDING_COLUMNS).indexOf(name);
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
      inline[column(column)] = true;
    }
    return inline;
  }

  /** Rows of findings held in memory before they are written out: fastexcel keeps every unflushed row. */
  static final int FLUSH_ROWS = 10_000;

  private static long writeFindings(Worksheet ws, Iterator<Row> findings, RuleTally tally) throws IOException {
    for (int c = 0; c < FINDING_HEADERS.length; c++) {
      ws.value(0, c, FINDING_HEADERS[c]);
      ws.style(0, c).bold().set();
    }
    long n = 0;
    int r = 1;
    while (findings.hasNext()) {
      Row row = findings.next();
      tally.add(row);
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
