package dk.pathwatch.indicators;

import dk.pathwatch.disclosure.LinearTable;
import dk.pathwatch.disclosure.Protection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the disclosure control of one run did and what its audit found: per published table the cells, how many
 * are hidden as primary and as secondary and their share; the attacker's narrowest range over the hidden cells
 * that suppression protects (the unprotectable ones are exact by definition and counted apart);
 * the hidden cells an attacker could recover exactly (which stop publication) and those no suppression can protect
 * (recoverable from the flags and the margins alone); and the seconds spent.
 */
public record DisclosureAudit(Map<String, TableFigures> tables, long cellsChecked, long narrowest,
    String narrowestCell, List<String> recoverable, List<String> unprotectable, int subTables, int rounds,
    double seconds) {

  /** Cells named in the manifest and the exit message at most. */
  static final int NAMED = 20;
  /** The id of the audit's BLOCKER in {@code blocked_by}. */
  public static final String BLOCKER_ID = "DISCLOSURE";

  /** One published table (or its shares): values published, hidden as primary, hidden as secondary. */
  public record TableFigures(long cells, long primary, long secondary) {
    public double suppressedShare() {
      return cells == 0 ? 0 : (primary + secondary) / (double) cells;
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cells", cells);
      m.put("primary", primary);
      m.put("secondary", secondary);
      m.put("suppressed_share", Math.round(suppressedShare() * 10000) / 10000.0);
      return m;
    }
  }

  /**
   * Whether the audit stops publication: a hidden value can be recovered exactly that a suppression could have
   * protected. Values that the flags and margins give away whatever is hidden ({@code unprotectable}: a primary
   * total of 4 over four primary parts of at least 1 each) cannot be protected by suppression at all; they are
   * reported (manifest, run summary, log) but do not stop publication, which would otherwise stop on most small
   * snapshots — a conflict in SPEC §4 (flags that tell primary from secondary, and a known threshold) for the
   * product owner to settle.
   */
  public boolean blocked() {
    return !recoverable.isEmpty();
  }

  static DisclosureAudit of(List<Result> results, Map<String, String> flags, double seconds) {
    Map<String, long[]> figures = new TreeMap<>();
    long checked = 0;
    long narrowest = Long.MAX_VALUE;
    String narrowestCell = null;
    List<String> recoverable = new ArrayList<>();
    List<String> unprotectable = new ArrayList<>();
    int subTables = 0;
    int rounds = 0;
    for (Result r : results) {
      LinearTable t = r.table();
      for (int c = 0; c < t.size(); c++) {
        if (!t.published(c) || (t.kind(c) == LinearTable.Kind.SHARE && t.fixed(c))) {
          continue;
        }
        long[] f = figures.computeIfAbsent(tableOf(t.key(c)), k -> new long[3]);
        f[0]++;
        String flag = flags.get(t.key(c));
        if (DisclosureControl.PRIMARY.equals(flag)) {
          f[1]++;
        } else if (DisclosureControl.SECONDARY.equals(flag)) {
          f[2]++;
        }
      }
      checked += r.outcome().checked();
      // the unprotectable cells (exact whatever is hidden) are left out, so that the narrowest range says what
      // suppression did
      int cell = r.outcome().narrowestCell();
      if (cell >= 0 && (narrowestCell == null || Protection.narrower(r.outcome().narrowestWidth(), t.key(cell),
          narrowest, narrowestCell))) {
        narrowest = r.outcome().narrowestWidth();
        narrowestCell = t.key(cell);
      }
      r.outcome().exact().forEach(c -> recoverable.add(t.key(c)));
      r.outcome().unprotectable().forEach(c -> unprotectable.add(t.key(c)));
      subTables += r.outcome().subTables();
      rounds += r.outcome().rounds();
    }
    Map<String, TableFigures> tables = new LinkedHashMap<>();
    figures.forEach((k, f) -> tables.put(k, new TableFigures(f[0], f[1], f[2])));
    recoverable.sort(null);
    unprotectable.sort(null);
    return new DisclosureAudit(tables, checked, narrowest == Long.MAX_VALUE ? -1 : narrowest, narrowestCell,
        recoverable, unprotectable, subTables, rounds, seconds);
  }

  /** A protected table and what protection decided. */
  record Result(LinearTable table, Protection.Outcome outcome) {}

  /** {@code indicators}, {@code indicators.share}, {@code activity} or {@code mwt}, from a cell key. */
  static String tableOf(String key) {
    String tc = key.substring(0, key.indexOf('|'));
    return tc.endsWith("." + DisclosureModel.SHARE) ? tc : tc.substring(0, tc.indexOf('.'));
  }

  /** The figures for the manifest and the step state. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", "secondary suppression by Gaussian elimination (Statistics Norway's GaussSuppression), "
        + "audited by linear programming");
    Map<String, Object> t = new LinkedHashMap<>();
    tables.forEach((k, f) -> t.put(k, f.toMap()));
    m.put("tables", t);
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("cells_checked", cellsChecked);
    a.put("narrowest_interval", narrowest);
    a.put("narrowest_cell", narrowestCell);
    a.put("recoverable", recoverable.size());
    a.put("recoverable_cells", recoverable.subList(0, Math.min(NAMED, recoverable.size())));
    a.put("unprotectable", unprotectable.size());
    a.put("unprotectable_cells", unprotectable.subList(0, Math.min(NAMED, unprotectable.size())));
    a.put("sub_tables", subTables);
    a.put("rounds", rounds);
    m.put("audit", a);
    m.put("seconds", Math.round(seconds * 1000) / 1000.0);
    return m;
  }

  /** The audit's entry in the step's {@code blocked_by}, in the shape of a BLOCKER rule's, when it blocks. */
  public Map<String, Object> blocker() {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("rule_id", BLOCKER_ID);
    b.put("scope", "disclosure");
    b.put("rows", recoverable.size());
    b.put("message_en", recoverable.size() + " hidden value(s) can be recovered exactly from the published tables: "
        + String.join(", ", recoverable.subList(0, Math.min(NAMED, recoverable.size())))
        + (recoverable.size() > NAMED ? ", …" : ""));
    return b;
  }

  /** One line per table for the run summary on stdout. */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    tables.forEach((k, f) -> lines.add(String.format(Locale.ROOT,
        "disclosure: %-16s %7d cells, %6d primary, %6d secondary (%.1f %% hidden)", k, f.cells(), f.primary(),
        f.secondary(), 100 * f.suppressedShare())));
    lines.add(String.format(Locale.ROOT, "disclosure audit: %d hidden cells checked, narrowest interval %s, "
        + "%d recoverable, %d unprotectable, %.2f s", cellsChecked,
        narrowest < 0 ? "-" : narrowest == Long.MAX_VALUE ? "unbounded" : Long.toString(narrowest),
        recoverable.size(), unprotectable.size(), seconds));
    return lines;
  }
}
