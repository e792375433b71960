package dk.pathwatch.pathways;

import dk.pathwatch.common.PathwayCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The pathway state machine of SPEC §3.4 for one person and family, fed the markers in walk order (date, time,
 * point A &lt; B &lt; C &lt; F &lt; X, code): an {@code A} opens a pathway (an open one is closed as
 * <i>restarted</i>); {@code B}, {@code C}, {@code F} fill the first occurrence of their point in the open pathway
 * (later ones are kept for the rules); {@code X} closes it. A {@code B}, {@code C}, {@code F} or {@code X} with no
 * open pathway is an <i>orphan</i>: before the first {@code A} ({@code no_open_pathway}) or after the pathway's
 * {@code X} ({@code after_x}). The urinary sub-pathway (§3.5) is the number of the first {@code C} or {@code F} that
 * names one; the modality is that of the first {@code F} (two at the same date and time: the lower number, and the
 * tie is noted).
 *
 * <p>It holds one pathway at a time, whatever the number of markers, and reports each pathway (and each orphan) as
 * soon as nothing can change it any more, and every marker with the pathway it belongs to (the lineage). Plain Java,
 * tested without Spark; {@link PersonWalk} runs it on the markers of each person and family.
 */
public final class PathwayWalk {

  /** The old metastasis codes, kept by the register but ignored for pathways (SPEC §3.2). */
  static final Set<String> IGNORED_CODES = Set.of("AFD01C", "AFD01D");

  /** Points that take part in the walk. */
  static final Set<String> POINTS = Set.of("A", "B", "C", "F", "X");

  /**
   * One marker, classified ({@code dk.pathwatch.load.MarkerView}); {@code date} in days since 1970-01-01 and
   * {@code dateText} as Spark writes it ({@code yyyy-MM-dd}), both null when the date is missing.
   */
  public record Marker(String code, String point, String suffix, String pathwayNumber, Integer date, String dateText,
      String time, String episode, String markoer, String tidspunkt, String region, String regionBopael) {}

  /**
   * A pathway (or an orphan marker, {@code orphan = true}, whose {@code first} is the marker itself) as the walk
   * found it: its first marker, the first date of each point, the end, the sub-pathway and modality evidence and the
   * facts the pathway rules read. Dates are days since 1970-01-01. Derived figures (days, status, quarter) are
   * computed from these by {@link PathwayBuilder}.
   */
  public record Pathway(String pathwayId, String cpr, String family, boolean orphan, String orphanReason,
      Marker first, Integer dateB, Integer dateC, Integer dateC1, Integer dateF, Integer dateX, String endCode,
      String endSuffix, String urinarySub, String urinarySubMin, String urinarySubMax, boolean c2BeforeF,
      Integer modalityNumber, Integer modalityNumberMax, long markerCount, Integer lastMarkerDate,
      boolean restarted) {}

  /** Where the walk reports what it found. */
  public interface Sink {
    /** A complete pathway or an orphan. */
    void pathway(Pathway pathway);

    /** A marker of the walk and the pathway it belongs to (its own id for an orphan). */
    void marker(Marker marker, String pathwayId, boolean orphan);
  }

  private final String cpr;
  private final String family;
  private final Sink sink;
  private final Ids ids;
  /** The latest pathway of this person and family: open, or closed by its X; null before the first A. */
  private Building current;

  public PathwayWalk(String cpr, String family, Sink sink, Ids ids) {
    this.cpr = cpr;
    this.family = family;
    this.sink = sink;
    this.ids = ids;
  }

  /** Whether a marker (not excluded, counted once) takes part in the walk: A, B, C, F, X of a pathway family. */
  public static boolean walks(String family, String point, String code) {
    return family != null && !family.equals("AFV") && point != null && POINTS.contains(point)
        && !IGNORED_CODES.contains(code);
  }

  /** The next marker in walk order. */
  public void accept(Marker m) {
    if (m.point().equals("A")) {
      if (current != null && !current.closed()) {
        emit(current, true);
      }
      current = new Building(ids.pathwayId(cpr, family, m), m);
      sink.marker(m, current.id, false);
    } else if (current == null) {
      orphan(m, "no_open_pathway");
    } else if (current.closed()) {
      orphan(m, "after_x");
    } else {
      current.add(m);
      sink.marker(m, current.id, false);
      if (current.closed()) {
        emit(current, false);
      }
    }
  }

  /** No more markers for this person and family: an open pathway stays open (not restarted). */
  public void finish() {
    if (current != null && !current.closed()) {
      emit(current, false);
    }
    current = null;
  }

  private void orphan(Marker m, String reason) {
    String id = ids.orphanId(cpr, family, m);
    String sub = family.equals(PathwayCodes.URINARY_FAMILY) && PathwayCodes.URINARY_SUBS.contains(m.pathwayNumber()) ? m.pathwayNumber() : null;
    sink.pathway(new Pathway(id, cpr, family, true, reason, m, null, null, null, null, null, null, null, sub, null,
        null, false, null, null, 1, m.date(), false));
    sink.marker(m, id, true);
  }

  private void emit(Building b, boolean restarted) {
    sink.pathway(b.toPathway(cpr, family, restarted));
  }

  /** A pathway being walked: what its markers so far say. */
  private static final class Building {
    /** Sorts after every modality number in the first-F comparison: the F names none. */
    private static final int NO_MODALITY = 99;

    final String id;
    final Marker a;
    Marker firstB;
    Marker firstC;
    Marker firstC1;
    Marker firstF;
    Marker x;
    String urinarySub;
    String urinarySubMin;
    String urinarySubMax;
    boolean c2Seen;
    boolean c2BeforeF;
    /** Among the F markers at the first F's date and time: the lowest and highest modality number. */
    int lowestModality = NO_MODALITY;
    int highestModality = -NO_MODALITY;
    long markerCount = 1;
    Integer lastMarkerDate;

    Building(String id, Marker a) {
      this.id = id;
      this.a = a;
      this.lastMarkerDate = a.date();
    }

    boolean closed() {
      return x != null;
    }

    void add(Marker m) {
      markerCount++;
      if (m.date() != null && (lastMarkerDate == null || m.date() > lastMarkerDate)) {
        lastMarkerDate = m.date();
      }
      switch (m.point()) {
        case "B" -> firstB = firstB == null ? m : firstB;
        case "C" -> {
          firstC = firstC == null ? m : firstC;
          if (firstC1 == null && (m.suffix().equals("C1") || m.suffix().equals("C1A"))) {
            firstC1 = m;
          }
          c2Seen |= m.suffix().startsWith("C2");
        }
        case "F" -> {
          firstF = firstF == null ? m : firstF;
          c2BeforeF |= c2Seen;
          modality(m);
        }
        default -> x = m; // X: the pathway ends here
      }
      if ((m.point().equals("C") || m.point().equals("F")) && PathwayCodes.URINARY_SUBS.contains(m.pathwayNumber())) {
        String sub = m.pathwayNumber();
        urinarySub = urinarySub == null ? sub : urinarySub;
        urinarySubMin = urinarySubMin == null || sub.compareTo(urinarySubMin) < 0 ? sub : urinarySubMin;
        urinarySubMax = urinarySubMax == null || sub.compareTo(urinarySubMax) > 0 ? sub : urinarySubMax;
      }
    }

    /**
     * The modality number of an F marker (its place in {@link PathwayBuilder#MODALITIES}, from 1), only for the F
     * markers at the first F's date and time.
     */
    private void modality(Marker f) {
      if (!Objects.equals(firstF.date(), f.date()) || !firstF.time().equals(f.time())) {
        return;
      }
      String modality = PathwayBuilder.modalityOf(f.suffix());
      Integer number = modality == null ? null : PathwayBuilder.MODALITIES.indexOf(modality) + 1;
      if (number != null) {
        lowestModality = Math.min(lowestModality, number);
        highestModality = Math.max(highestModality, number);
      }
    }

    Pathway toPathway(String cpr, String family, boolean restarted) {
      return new Pathway(id, cpr, family, false, null, a, date(firstB), date(firstC), date(firstC1), date(firstF),
          date(x), x == null ? null : x.code(), x == null ? null : x.suffix(), urinarySub, urinarySubMin,
          urinarySubMax, c2BeforeF, lowestModality == NO_MODALITY ? null : lowestModality,
          highestModality == -NO_MODALITY ? null : highestModality, markerCount, lastMarkerDate, restarted);
    }

    private static Integer date(Marker m) {
      return m == null ? null : m.date();
    }
  }

  /**
   * Pathway ids: the first 32 hex digits of the SHA-256 of the key, the same for the same markers in every run and
   * on every machine. A pathway's key is person, family and its A (date, time, code, episode); an orphan's starts
   * with {@code orphan} and names the marker itself. Parts are joined by {@code |}, a missing part left out. One
   * per task: the digest is reused.
   */
  public static final class Ids {
    private final MessageDigest sha256;
    private final StringBuilder key = new StringBuilder();

    public Ids() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    String pathwayId(String cpr, String family, Marker a) {
      return hash(cpr, family, a.dateText(), a.time(), a.code(), a.episode());
    }

    String orphanId(String cpr, String family, Marker m) {
      return hash("orphan", cpr, family, m.dateText(), m.time(), m.code(), m.episode());
    }

    /** The id of the key made of these parts ({@code concat_ws('|', ...)}: nulls left out). */
    public String hash(String... parts) {
      key.setLength(0);
      for (String part : parts) {
        if (part != null) {
          if (!key.isEmpty()) {
            key.append('|');
          }
          key.append(part);
        }
      }
      byte[] digest = sha256.digest(key.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    }
  }
}
