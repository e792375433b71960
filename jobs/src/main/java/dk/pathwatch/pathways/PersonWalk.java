package dk.pathwatch.pathways;

import static org.apache.spark.sql.functions.col;

import dk.pathwatch.load.DuplicateRank;
import dk.pathwatch.pathways.WalkOutput.Builder;
import dk.pathwatch.pathways.WalkOutput.Kind;
import dk.pathwatch.validate.EpisodeFacts;
import dk.pathwatch.validate.RankedRules;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The person walk (issue #16): one streaming pass in plain Java over a partition whose marker rows are grouped by
 * person and sorted in walk order (person, family, date, time, point, code, then the copies of a marker by
 * registration). For each row it
 * <ul>
 *   <li>reports every marker rule the row broke ({@link Kind#FINDING}) and counts the row for its region
 *       ({@link Kind#REGION_ROWS}, once per partition);</li>
 *   <li>adds it to its episode's facts ({@link EpisodeFacts}, {@link Kind#EPISODE}, once the person is done);</li>
 *   <li>ranks the copies of a marker that exist for the run ({@link DuplicateRank}, SPEC §3.3) and reports the marker
 *       rules that read the rank ({@link RankedRules});</li>
 *   <li>if the marker exists for the run and is the counted copy of its duplicates ({@code dup_rank = 1}): walks it
 *       through the pathway state machine of its family ({@link PathwayWalk}: {@link Kind#PATHWAY},
 *       {@link Kind#PATHWAY_MARKER}) or, a waiting-time marker, keeps it for its episode's clocks, walked by
 *       {@link ClockWalk} when the person's waiting-time markers are done ({@link Kind#CLOCK}).</li>
 * </ul>
 * Memory: one pathway at a time; the person's episodes' facts and the waiting-time markers of the person's episodes
 * until the person's AFV family is done.
 *
 * <p>In Spark ({@link #walk}) the walk reads and emits Spark's own rows ({@link InternalRow}: the sorted rows as the
 * sort hands them over, the output as {@link WalkOutput.Encoder} builds it), so no row is converted to a
 * {@link Row} and back through encoders (issue #16); {@link #call} walks {@link Row}s, for tests without Spark, as
 * Spark's rows.
 */
public final class PersonWalk implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Input column order; {@link #input} builds them. */
  private static final int PERSON_CPR = 0;
  private static final int PERSON_EPISODE = 1;
  private static final int CPR = 2;
  private static final int FAMILY = 3;
  private static final int POINT = 4;
  private static final int CODE = 5;
  private static final int SUFFIX = 6;
  private static final int PATHWAY_NUMBER = 7;
  private static final int DAY = 8;
  private static final int DATE_TEXT = 9;
  private static final int TIME = 10;
  private static final int EPISODE = 11;
  private static final int TIDSPUNKT = 12;
  private static final int REGION = 13;
  private static final int REGION_BOPAEL = 14;
  private static final int EXISTS = 15;
  private static final int BROKEN_RULES = 16;
  /** The first of the columns the rules that read the rank read ({@link RankedRules#inputs}). */
  private static final int RANKED_INPUTS = 17;
  /**
   * The string columns whose value mostly repeats from one row to the next in walk order (the person's, the family's,
   * the episode's): {@link Input#string} decodes such a value once per run of equal values.
   */
  private static final int[] REPEATING = {PERSON_CPR, PERSON_EPISODE, CPR, FAMILY, POINT, PATHWAY_NUMBER, EPISODE,
      REGION, REGION_BOPAEL};

  /** The name listeners see the walk's input query under ({@link #walk}). */
  public static final String INPUT_QUERY = "person walk input";

  private static final Set<String> CLOCK_CODES = Set.copyOf(ClockWalk.RELEVANT_CODES);

  private final LocalDate cutoff;
  private final RankedRules rankedRules;

  public PersonWalk(LocalDate cutoff, RankedRules rankedRules) {
    this.cutoff = cutoff;
    this.rankedRules = rankedRules;
  }

  /**
   * The walk's input columns from the (checked) marker view, in the order the walk reads them.
   *
   * @param exists true for the rows that exist for the run: not excluded, not beyond the cut-off (the walk uses the
   *     counted copy of each marker among them, SPEC §3.3)
   * @param brokenRules the ids of the marker rules the row broke, of those that do not read {@code dup_rank}
   * @param rankedRules the marker rules that read {@code dup_rank}, which the walk evaluates as it ranks the rows
   */
  public static Column[] input(Column exists, Column brokenRules, RankedRules rankedRules) {
    // what follows from the code (and markoer, which code repeats) is derived after the sort, not carried through it
    Map<String, Column> parts = dk.pathwatch.load.MarkerView.codeParts();
    List<Column> input = new ArrayList<>(List.of(col("person_cpr"), col("person_episode"), col("cpr_encrypted"),
        col("family"), parts.get("point").as("point"), col("code"), parts.get("suffix").as("suffix"),
        parts.get("pathway_number").as("pathway_number"),
        org.apache.spark.sql.functions.unix_date(col("dato_markoer")).as("day"),
        col("dato_markoer").cast("string").as("date_text"), col("time_of_day"), col("dw_ek_forloeb"),
        col("tidspunkt_markoer"), col("region_ans").cast("string").as("region_ans"),
        col("region_bopael"), exists.as("walk_exists"), brokenRules.as("broken_rules")));
    input.addAll(List.of(rankedRules.inputs()));
    return input.toArray(Column[]::new);
  }

  /**
   * Walks rows already grouped by person and in walk order ({@code dk.pathwatch.load.MarkerView}), selected with
   * {@link #input}.
   */
  public static Dataset<Row> walk(Dataset<Row> inWalkOrder, LocalDate cutoff, RankedRules rankedRules) {
    PersonWalk walk = new PersonWalk(cutoff, rankedRules);
    QueryExecution input = inWalkOrder.queryExecution();
    // a query of its own, so that listeners and the event log see the input's plan (adaptive execution runs its
    // shuffles here; the last stage runs in the query that reads the output)
    RDD<InternalRow> rows = SQLExecution.withNewExecutionId(input, scala.Option.apply(INPUT_QUERY), input::toRdd);
    RDD<InternalRow> walked = rows.toJavaRDD().mapPartitions(walk::internal).rdd();
    return inWalkOrder.sparkSession().internalCreateDataFrame(walked, WalkOutput.SCHEMA, false);
  }

  /**
   * The episode facts ({@link Kind#EPISODE}) of marker view rows: every row counts, none is walked as a pathway
   * marker.
   */
  public static Dataset<Row> episodeFacts(Dataset<Row> markerView) {
    Dataset<Row> sorted = dk.pathwatch.load.MarkerView.sortedByPerson(markerView);
    Dataset<Row> walked = walk(sorted.select(input(org.apache.spark.sql.functions.lit(false),
        org.apache.spark.sql.functions.array().cast("array<string>"), RankedRules.NONE)), LocalDate.now(),
        RankedRules.NONE);
    return WalkOutput.select(walked, Kind.EPISODE);
  }

  /**
   * Walks {@link Row}s laid out by {@link #input} (tests without Spark), turned into Spark's internal rows as Spark
   * hands them to {@link #internal}; emits rows as {@link WalkOutput}'s.
   */
  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Iterator<InternalRow> internalRows = new Mapped<>(rows, r -> (InternalRow) CatalystTypeConverters.convertToCatalyst(r));
    Input input = new Input(rankedRules);
    return new Mapped<>(new Walker(new Mapped<>(internalRows, input::of), cutoff), RowFactory::create);
  }

  /** Walks Spark's rows laid out by {@link #input}; emits rows of {@link WalkOutput#SCHEMA}. */
  Iterator<InternalRow> internal(Iterator<InternalRow> rows) {
    Input input = new Input(rankedRules);
    WalkOutput.Encoder encoder = new WalkOutput.Encoder();
    return new Mapped<>(new Walker(new Mapped<>(rows, input::of), cutoff), encoder::internal);
  }

  /**
   * One input row, Spark's {@link InternalRow} read by position ({@link #input} lays the columns out), strings decoded
   * as they are read. One instance serves every row of a partition (Spark reuses its row objects too): a walk keeps
   * values, never the row.
   */
  private static final class Input {
    private final RankedRules rankedRules;
    private InternalRow row;
    /** Per {@link #REPEATING} column: the last value read (a copy: Spark reuses the row's memory) and its text. */
    private final UTF8String[] lastValue = new UTF8String[RANKED_INPUTS];
    private final String[] lastText = new String[RANKED_INPUTS];
    private final boolean[] repeating = new boolean[RANKED_INPUTS];

    Input(RankedRules rankedRules) {
      this.rankedRules = rankedRules;
      for (int column : REPEATING) {
        repeating[column] = true;
      }
    }

    Input of(InternalRow r) {
      row = r;
      return this;
    }

    /** A string column, null when null; a repeating column's text is the same object while its value repeats. */
    String string(int column) {
      if (row.isNullAt(column)) {
        return null;
      }
      UTF8String value = row.getUTF8String(column);
      if (!repeating[column]) {
        return value.toString();
      }
      if (!value.equals(lastValue[column])) {
        lastValue[column] = value.copy();
        lastText[column] = value.toString();
      }
      return lastText[column];
    }

    boolean bool(int column) {
      return row.getBoolean(column);
    }

    /** An int column, null when null. */
    Integer integer(int column) {
      return row.isNullAt(column) ? null : row.getInt(column);
    }

    List<String> strings(int column) {
      ArrayData array = row.getArray(column);
      List<String> values = new ArrayList<>(array.numElements());
      for (int i = 0; i < array.numElements(); i++) {
        values.add(array.isNullAt(i) ? null : array.getUTF8String(i).toString());
      }
      return values;
    }

    /** The ids of the rules that read the rank ({@link RankedRules}) this row breaks with its rank. */
    List<String> rankedBroken(Integer rank) {
      return rankedRules.broken(row, RANKED_INPUTS, rank);
    }
  }

  /** An iterator's elements, each mapped as it is taken. */
  private record Mapped<A, B>(Iterator<A> from, java.util.function.Function<A, B> f) implements Iterator<B> {
    @Override
    public boolean hasNext() {
      return from.hasNext();
    }

    @Override
    public B next() {
      return f.apply(from.next());
    }
  }

  /**
   * The walk of one partition, pulled row by row by Spark: what a row leads to is queued until taken, as the values
   * of a {@link WalkOutput} row.
   */
  private static final class Walker implements Iterator<Object[]>, PathwayWalk.Sink {
    private final Iterator<Input> rows;
    private final LocalDate cutoff;
    private final DuplicateRank ranks = new DuplicateRank();
    private final ArrayDeque<Object[]> out = new ArrayDeque<>();
    private final PathwayWalk.Ids ids = new PathwayWalk.Ids();
    private final Map<String, Long> regionRows = new HashMap<>();
    private boolean done;

    private String personCpr;
    private String personEpisode;
    private boolean inPerson;
    private final Map<String, EpisodeFacts> facts = new LinkedHashMap<>();
    private String family;
    private PathwayWalk pathways;
    /** The person's {@code cpr_encrypted} as the family's pathway walk carries it. */
    private String walkedCpr;
    private final Map<String, EpisodeClocks> clocks = new LinkedHashMap<>();

    Walker(Iterator<Input> rows, LocalDate cutoff) {
      this.rows = rows;
      this.cutoff = cutoff;
    }

    @Override
    public boolean hasNext() {
      while (out.isEmpty() && !done) {
        if (rows.hasNext()) {
          accept(rows.next());
        } else {
          endPerson();
          regionRows.forEach((region, n) -> out.add(new Builder(Kind.REGION_ROWS).set("region", region)
              .set("n_markers", n).build()));
          done = true;
        }
      }
      return !out.isEmpty();
    }

    @Override
    public Object[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return out.poll();
    }

    private void accept(Input r) {
      String cpr = r.string(PERSON_CPR);
      String cprEpisode = r.string(PERSON_EPISODE);
      if (!inPerson || !Objects.equals(personCpr, cpr) || !Objects.equals(personEpisode, cprEpisode)) {
        endPerson();
        personCpr = cpr;
        personEpisode = cprEpisode;
        inPerson = true;
      }
      String rowFamily = r.string(FAMILY);
      if (!Objects.equals(family, rowFamily)) {
        endFamily();
        family = rowFamily;
      }
      MarkerValues m = new MarkerValues(r);
      facts.computeIfAbsent(m.episode, e -> new EpisodeFacts()).add(family, m.point);
      regionRows.merge(m.region, 1L, Long::sum);
      boolean exists = r.bool(EXISTS);
      Integer rank = ranks.next(personCpr, personEpisode, m.code, m.day, m.time, m.episode, exists);
      findings(m, r.strings(BROKEN_RULES));
      findings(m, r.rankedBroken(rank));
      if (exists && rank == 1) {
        use(r, m);
      }
    }

    private void findings(MarkerValues m, List<String> broken) {
      for (String rule : broken) {
        out.add(new Builder(Kind.FINDING).set("rule_id", rule).set("region", m.region)
            .set("dw_ek_forloeb", m.episode).set("markoer", m.markoer)
            .set("dato_markoer", m.day).set("tidspunkt_markoer", m.tidspunkt).build());
      }
    }

    private void use(Input r, MarkerValues m) {
      String code = m.code;
      if (PathwayWalk.walks(family, m.point, code)) {
        if (pathways == null) {
          walkedCpr = r.string(CPR);
          pathways = new PathwayWalk(walkedCpr, family, this, ids);
        }
        pathways.accept(new PathwayWalk.Marker(code, m.point, r.string(SUFFIX), r.string(PATHWAY_NUMBER), m.day,
            r.string(DATE_TEXT), m.time, m.episode, m.markoer, m.tidspunkt, m.region, r.string(REGION_BOPAEL)));
      } else if ("AFV".equals(family) && CLOCK_CODES.contains(code) && m.day != null) {
        // a waiting-time marker without a date exists only under a rule set without VR04; it starts no clock
        clocks.computeIfAbsent(m.episode, e -> new EpisodeClocks(r.string(CPR), m.region,
            r.string(REGION_BOPAEL))).markers.add(new ClockWalk.Marker(code, LocalDate.ofEpochDay(m.day),
                m.time, m.markoer, m.tidspunkt));
      }
    }

    /** The person's family block ended: its pathway walk finishes, its episodes' clocks are walked. */
    private void endFamily() {
      if (pathways != null) {
        pathways.finish();
        pathways = null;
      }
      clocks.forEach(this::walkClocks);
      clocks.clear();
    }

    private void endPerson() {
      endFamily();
      family = null;
      facts.forEach((episode, f) -> out.add(new Builder(Kind.EPISODE).set("dw_ek_forloeb", episode)
          .set("n_markers", f.markers()).set("n_cancer_markers", f.cancerMarkers())
          .set("families", String.join(WalkOutput.LIST_SEPARATOR, f.families()))
          .set("families_with_a", String.join(WalkOutput.LIST_SEPARATOR, f.familiesWithA())).build()));
      facts.clear();
      inPerson = false;
    }

    private void walkClocks(String episode, EpisodeClocks e) {
      ClockWalk.Result result = ClockWalk.walk(e.markers, cutoff);
      for (ClockWalk.Clock c : result.clocks()) {
        ClockWalk.Marker stop = c.stop();
        out.add(clockRow(episode, e, c.start()).set("rule", c.rule().name())
            .set("stop_date", stop == null ? null : (int) stop.date().toEpochDay())
            .set("end_code", stop == null ? null : stop.code()).set("ended_by_x", c.endedByX())
            .set("pause_days", c.pauseDays()).set("pause_reason", c.reason())
            .set("ignored_starts", c.ignoredStarts()).set("single_start", c.singleStart())
            .set("unclosed_pause", c.unclosedPause()).set("overlapping_pauses", c.overlappingPauses())
            .set("stray_stop", false).build());
      }
      // a stop that stopped nothing: its own key in the start columns, no rule, reported by the clock rules
      for (ClockWalk.Marker m : result.strayStops()) {
        out.add(clockRow(episode, e, m).set("end_code", m.code()).set("ended_by_x", false).set("pause_days", 0)
            .set("ignored_starts", 0).set("single_start", false).set("unclosed_pause", false)
            .set("overlapping_pauses", false).set("stray_stop", true).build());
      }
    }

    /** A clock row of the episode with its start marker (for a stray stop, the stop marker) filled in. */
    private static Builder clockRow(String episode, EpisodeClocks e, ClockWalk.Marker start) {
      return new Builder(Kind.CLOCK).set("dw_ek_forloeb", episode).set("cpr_encrypted", e.cpr)
          .set("region_ans", e.region).set("region_bopael", e.regionBopael).set("start_code", start.code())
          .set("start_time", start.time()).set("markoer", start.markoer())
          .set("dato_markoer", (int) start.date().toEpochDay()).set("tidspunkt_markoer", start.tidspunkt());
    }

    @Override
    public void pathway(PathwayWalk.Pathway p) {
      PathwayWalk.Marker first = p.first();
      out.add(new Builder(Kind.PATHWAY).set("pathway_id", p.pathwayId()).set("cpr_encrypted", p.cpr())
          .set("family", p.family()).set("orphan", p.orphan()).set("orphan_reason", p.orphanReason())
          .set("region", first.region()).set("region_bopael", first.regionBopael())
          .set("dw_ek_forloeb", first.episode()).set("markoer", first.markoer()).set("dato_markoer", first.date())
          .set("tidspunkt_markoer", first.tidspunkt()).set("date_b", p.dateB()).set("date_c", p.dateC())
          .set("date_c1", p.dateC1()).set("date_f", p.dateF()).set("date_x", p.dateX())
          .set("end_code", p.endCode()).set("end_suffix", p.endSuffix()).set("urinary_sub", p.urinarySub())
          .set("urinary_sub_min", p.urinarySubMin()).set("urinary_sub_max", p.urinarySubMax())
          .set("c2_before_f", p.c2BeforeF()).set("modality_number", p.modalityNumber())
          .set("modality_number_max", p.modalityNumberMax()).set("marker_count", p.markerCount())
          .set("last_marker_date", p.lastMarkerDate()).set("restarted", p.restarted()).build());
    }

    @Override
    public void marker(PathwayWalk.Marker m, String pathwayId, boolean orphan) {
      out.add(new Builder(Kind.PATHWAY_MARKER).set("pathway_id", pathwayId).set("orphan", orphan)
          .set("cpr_encrypted", walkedCpr).set("family", family).set("point", m.point())
          .set("dw_ek_forloeb", m.episode()).set("markoer", m.markoer()).set("dato_markoer", m.date())
          .set("tidspunkt_markoer", m.tidspunkt()).build());
    }
  }

  /** The columns of an input row that every row's walk reads, each read once. */
  private static final class MarkerValues {
    final String code;
    final String point;
    final Integer day;
    final String time;
    final String episode;
    final String markoer;
    final String tidspunkt;
    final String region;

    MarkerValues(Input r) {
      code = r.string(CODE);
      point = r.string(POINT);
      day = r.integer(DAY);
      time = r.string(TIME);
      episode = r.string(EPISODE);
      markoer = code; // the walk's input carries the code once (markoer as delivered is the code)
      tidspunkt = r.string(TIDSPUNKT);
      region = r.string(REGION);
    }
  }

  /** The waiting-time markers of one episode of the person, and the episode's columns its clocks carry. */
  private static final class EpisodeClocks {
    final String cpr;
    final String region;
    final String regionBopael;
    final List<ClockWalk.Marker> markers = new ArrayList<>();

    EpisodeClocks(String cpr, String region, String regionBopael) {
      this.cpr = cpr;
      this.region = region;
      this.regionBopael = regionBopael;
    }
  }
}
