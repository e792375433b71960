package dk.pathwatch.pathways;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * What the person walk ({@link PersonWalk}) emits, written once as one Parquet table partitioned by {@code kind}
 * ({@code work/walk/kind=<kind>/}), and read back per kind by the later steps, with the kind's own column names.
 * One schema serves every kind: typed slots ({@code s0..}, {@code i0..}, {@code b0..}, {@code l0..}) that each kind
 * fills with its own columns in order, so a row carries as many columns as the widest kind needs (31) rather than
 * the union of all kinds' columns (47): every column costs the row serializer and the Parquet writer per row, null
 * or not. Dates are days since 1970-01-01 (ints), lists of codes one string ({@link #LIST_COLUMNS}); the readers turn
 * them back into dates and arrays.
 */
public final class WalkOutput {

  /** The kinds of row the walk emits, each with the columns it fills. */
  public enum Kind {
    /** A pathway or an orphan marker with what the walk found ({@link PathwayWalk.Pathway}). */
    PATHWAY("pathway_id", "cpr_encrypted", "family", "orphan", "orphan_reason", "region", "region_bopael",
        "dw_ek_forloeb", "markoer", "dato_markoer", "tidspunkt_markoer", "date_b", "date_c", "date_c1", "date_f",
        "date_x", "end_code", "end_suffix", "urinary_sub", "urinary_sub_min", "urinary_sub_max", "c2_before_f",
        "modality_number", "modality_number_max", "marker_count", "last_marker_date", "restarted"),
    /** One marker of the walk and its pathway (the lineage table {@code pathway_markers}). */
    PATHWAY_MARKER("pathway_id", "orphan", "cpr_encrypted", "family", "point", "dw_ek_forloeb", "markoer",
        "dato_markoer", "tidspunkt_markoer"),
    /**
     * A waiting-time clock of an episode ({@link ClockWalk.Clock}), or a stop marker that stopped none
     * ({@code stray_stop}: the marker in the start columns, no rule).
     */
    CLOCK("dw_ek_forloeb", "cpr_encrypted", "region_ans", "region_bopael", "rule", "start_code", "start_time",
        "markoer", "dato_markoer", "tidspunkt_markoer", "stop_date", "end_code", "ended_by_x", "pause_days",
        "pause_reason", "ignored_starts", "single_start", "unclosed_pause", "overlapping_pauses", "stray_stop"),
    /** What an episode's markers tell the episode rules ({@code dk.pathwatch.validate.EpisodeFacts}). */
    EPISODE("dw_ek_forloeb", "n_markers", "n_cancer_markers", "families", "families_with_a"),
    /** A marker rule a marker row broke (one row per rule, every severity). */
    FINDING("rule_id", "region", "dw_ek_forloeb", "markoer", "dato_markoer", "tidspunkt_markoer"),
    /** Marker rows per region ({@code region_ans}) in one partition of the walk. */
    REGION_ROWS("region", "n_markers");

    private final List<String> columns;
    /** {@link #value}, made once: the walk sets it on every row it emits. */
    private final String value;

    Kind(String... columns) {
      this.columns = List.of(columns);
      this.value = name().toLowerCase(Locale.ROOT);
    }

    /** The value of the {@code kind} column and the name of its folder ({@code kind=<value>}). */
    public String value() {
      return value;
    }

    public List<String> columns() {
      return columns;
    }
  }

  private static final DataType STRING = DataTypes.StringType;
  private static final DataType INT = DataTypes.IntegerType;
  private static final DataType LONG = DataTypes.LongType;
  private static final DataType BOOLEAN = DataTypes.BooleanType;

  /**
   * Columns holding a list of codes, written as one string of the codes joined by {@link #LIST_SEPARATOR} (an empty
   * list as the empty string) in a string slot and read back as {@code array<string>}: a Parquet list column costs its
   * writer a group per row, null or not, in every kind's rows (issue #16). Codes never contain the separator.
   */
  private static final List<String> LIST_COLUMNS = List.of("families", "families_with_a");
  static final String LIST_SEPARATOR = ",";

  /** Every column a kind may have, with its type. */
  private static final Map<String, DataType> COLUMNS = columns();

  /** Columns holding a date as days since 1970-01-01. */
  private static final List<String> DAY_COLUMNS = List.of("dato_markoer", "date_b", "date_c", "date_c1", "date_f",
      "date_x", "last_marker_date", "stop_date");

  /** The slot types, in schema order, with the prefix of their slot names. */
  private static final Map<DataType, String> SLOT_TYPES = slotTypes();

  /** Per kind: its columns' slots, by column name. */
  private static final Map<Kind, Map<String, String>> SLOTS = slots();

  public static final StructType SCHEMA = schema();

  /** Schema positions of the slots, by slot name. */
  private static final Map<String, Integer> INDEX = index();

  /** Per kind: the schema position of each of its columns, by column name. */
  private static final Map<Kind, Map<String, Integer>> POSITIONS = positions();

  private WalkOutput() {}

  private static Map<String, DataType> columns() {
    Map<String, DataType> c = new LinkedHashMap<>();
    for (String s : List.of("pathway_id", "cpr_encrypted", "family", "point", "dw_ek_forloeb", "markoer",
        "tidspunkt_markoer", "region", "region_ans", "region_bopael", "orphan_reason", "end_code", "end_suffix",
        "urinary_sub", "urinary_sub_min", "urinary_sub_max", "rule", "start_code", "start_time", "pause_reason",
        "rule_id")) {
      c.put(s, STRING);
    }
    for (String s : List.of("orphan", "restarted", "c2_before_f", "ended_by_x", "single_start", "unclosed_pause",
        "overlapping_pauses", "stray_stop")) {
      c.put(s, BOOLEAN);
    }
    for (String s : List.of("dato_markoer", "date_b", "date_c", "date_c1", "date_f", "date_x", "last_marker_date",
        "stop_date", "modality_number", "modality_number_max", "pause_days", "ignored_starts")) {
      c.put(s, INT);
    }
    for (String s : List.of("marker_count", "n_markers", "n_cancer_markers")) {
      c.put(s, LONG);
    }
    for (String s : LIST_COLUMNS) {
      c.put(s, STRING);
    }
    for (Kind kind : Kind.values()) {
      for (String column : kind.columns()) {
        if (!c.containsKey(column)) {
          throw new IllegalStateException("walk output column " + column + " of " + kind + " has no type");
        }
      }
    }
    return c;
  }

  private static Map<DataType, String> slotTypes() {
    Map<DataType, String> t = new LinkedHashMap<>();
    t.put(STRING, "s");
    t.put(INT, "i");
    t.put(BOOLEAN, "b");
    t.put(LONG, "l");
    return t;
  }

  /** Each kind's columns take the next free slot of their type, in the kind's column order. */
  private static Map<Kind, Map<String, String>> slots() {
    Map<Kind, Map<String, String>> all = new java.util.EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      Map<DataType, Integer> used = new LinkedHashMap<>();
      Map<String, String> slots = new LinkedHashMap<>();
      for (String column : kind.columns()) {
        DataType type = COLUMNS.get(column);
        int n = used.merge(type, 1, Integer::sum) - 1;
        slots.put(column, SLOT_TYPES.get(type) + n);
      }
      all.put(kind, slots);
    }
    return all;
  }

  /** The kind, then as many slots of each type as the kind that needs most of them. */
  private static StructType schema() {
    StructType s = new StructType().add("kind", STRING, true);
    for (Map.Entry<DataType, String> type : SLOT_TYPES.entrySet()) {
      int most = 0;
      for (Kind kind : Kind.values()) {
        most = Math.max(most, (int) kind.columns().stream().filter(c -> COLUMNS.get(c).equals(type.getKey()))
            .count());
      }
      for (int i = 0; i < most; i++) {
        s = s.add(type.getValue() + i, type.getKey(), true);
      }
    }
    return s;
  }

  private static Map<String, Integer> index() {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (String name : SCHEMA.fieldNames()) {
      index.put(name, index.size());
    }
    return index;
  }

  private static Map<Kind, Map<String, Integer>> positions() {
    Map<Kind, Map<String, Integer>> all = new java.util.EnumMap<>(Kind.class);
    SLOTS.forEach((kind, slots) -> {
      Map<String, Integer> positions = new java.util.HashMap<>();
      slots.forEach((column, slot) -> positions.put(column, INDEX.get(slot)));
      all.put(kind, positions);
    });
    return all;
  }

  /**
   * One output row being filled: values by column name, the kind set, every other slot null. Its values are those of
   * a {@link Row} (String, Integer, Long, Boolean, String[]); {@link Encoder} turns them into Spark's.
   */
  static final class Builder {
    private final Object[] values = new Object[SCHEMA.size()];
    private final Map<String, Integer> positions;

    Builder(Kind kind) {
      values[0] = kind.value();
      positions = POSITIONS.get(kind);
    }

    Builder set(String column, Object value) {
      values[positions.get(column)] = value;
      return this;
    }

    Object[] build() {
      return values;
    }
  }

  /**
   * Turns the values of {@link Builder}s into rows of {@link #SCHEMA} in Spark's internal form, one partition's rows
   * in turn: a string equal to the one before it in its slot (the kind, the person's, the pathway's and the episode's
   * strings repeat from row to row) is not encoded again; rows may share a {@link UTF8String}, which is immutable.
   */
  static final class Encoder {
    private final String[] lastText = new String[SCHEMA.size()];
    private final UTF8String[] lastValue = new UTF8String[SCHEMA.size()];

    /** The row of these values; the array becomes the row's (a builder's values are not reused). */
    InternalRow internal(Object[] values) {
      for (int i = 0; i < values.length; i++) {
        if (values[i] instanceof String s) {
          if (!s.equals(lastText[i])) {
            lastText[i] = s;
            lastValue[i] = UTF8String.fromString(s);
          }
          values[i] = lastValue[i];
        }
      }
      return new GenericInternalRow(values);
    }
  }

  /** A column of an output row as {@link Builder} built it (for tests: the row has no schema of its own). */
  static Object get(Row row, String column) {
    Kind kind = Kind.valueOf(row.getString(0).toUpperCase(Locale.ROOT));
    String slot = SLOTS.get(kind).get(column);
    if (slot == null) {
      throw new IllegalArgumentException(kind + " has no column " + column);
    }
    return row.get(INDEX.get(slot));
  }

  /**
   * The rows of one kind in the walk output folder, with the kind's columns (day columns as dates). A kind the walk
   * emitted no row of reads as an empty table.
   */
  public static Dataset<Row> read(SparkSession spark, String folder, Kind kind) {
    return select(dk.pathwatch.common.SparkPaths.parquet(spark.read().schema(SCHEMA), folder), kind);
  }

  /** A list column as written ({@link #LIST_COLUMNS}) back as {@code array<string>}. */
  private static Column list(Column joined) {
    return when(joined.equalTo(""), array().cast(DataTypes.createArrayType(STRING)))
        .otherwise(split(joined, LIST_SEPARATOR));
  }

  /** The rows of one kind of a walk's output, with the kind's columns (day columns as dates). */
  public static Dataset<Row> select(Dataset<Row> walked, Kind kind) {
    List<Column> columns = new ArrayList<>();
    for (Map.Entry<String, String> c : SLOTS.get(kind).entrySet()) {
      Column slot = col(c.getValue());
      Column value = DAY_COLUMNS.contains(c.getKey()) ? date_from_unix_date(slot)
          : LIST_COLUMNS.contains(c.getKey()) ? list(slot) : slot;
      columns.add(value.as(c.getKey()));
    }
    return walked.where(col("kind").equalTo(kind.value())).select(columns.toArray(Column[]::new));
  }
}
