package dk.pathwatch.common;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a reference table of {@code validation-rules/reference/} must hold: its header, per column a type (text,
 * date, whole number above 0, true/false), whether it may be empty and which values or form it allows, and the
 * key of a row. {@link #check} refuses, as {@code file:line: reason}, a header that differs, a cell of the wrong
 * type, a {@code valid_to} before its {@code valid_from}, and two rows of one key: in a {@code versioned} table
 * two rows of one key whose validity intervals ({@code valid_from} .. {@code valid_to}, both inclusive, an empty
 * bound open) share a day (a lookup by key and date must find one row at most), in another table any two. The
 * class that uses a table declares its layout; the run's preflight checks them all before any data is read.
 *
 * @param versioned whether its users look a row up by key and date (versions allowed), or by key alone
 */
public record ReferenceLayout(String table, List<Column> columns, List<String> key, boolean versioned) {
  private static final String VALID_FROM = "valid_from";
  private static final String VALID_TO = "valid_to";

  /** A column's type. */
  public enum Kind { TEXT, DATE, POSITIVE_INT, BOOLEAN }

  /**
   * @param allowed the values the column may hold, empty = any of its kind
   * @param form a pattern the whole value must match, null = any
   */
  public record Column(String name, Kind kind, boolean required, List<String> allowed, Pattern form) {}

  public static Column required(String name, Kind kind) {
    return new Column(name, kind, true, List.of(), null);
  }

  public static Column optional(String name, Kind kind) {
    return new Column(name, kind, false, List.of(), null);
  }

  /** A required text column holding one of {@code values}. */
  public static Column oneOf(String name, List<String> values) {
    return new Column(name, Kind.TEXT, true, List.copyOf(values), null);
  }

  /** A required text column whose values match {@code regex} as a whole. */
  public static Column matching(String name, String regex) {
    return new Column(name, Kind.TEXT, true, List.of(), Pattern.compile(regex));
  }

  public List<String> header() {
    return columns.stream().map(Column::name).toList();
  }

  public Path file(Path referenceDir) {
    return ReferenceTable.file(referenceDir, table);
  }

  /** Reads the table (see {@link ReferenceTable#read(Path, String)}); its content was checked by {@link #check}. */
  public ReferenceTable read(Path referenceDir) {
    return ReferenceTable.read(referenceDir, table);
  }

  /** Every problem of the table in {@code referenceDir}, as {@code file:line: reason}; empty when it is sound. */
  public List<String> check(Path referenceDir) {
    List<String> problems = new ArrayList<>();
    ReferenceTable t = ReferenceTable.read(referenceDir, table, problems);
    if (t != null) {
      problems.addAll(check(t, file(referenceDir).toString()));
    }
    return problems;
  }

  /** Every problem of a table already read, as {@code file:line: reason}. */
  public List<String> check(ReferenceTable t, String file) {
    List<String> problems = new ArrayList<>();
    if (!t.header().equals(header())) {
      problems.add(file + ":1: the header must be " + header() + ", is " + t.header());
      return problems;
    }
    Map<String, List<Version>> versions = new LinkedHashMap<>();
    for (int i = 0; i < t.rows().size(); i++) {
      int line = t.lines().get(i);
      List<String> rowProblems = rowProblems(t.rows().get(i));
      rowProblems.forEach(p -> problems.add(file + ":" + line + ": " + p));
      if (rowProblems.isEmpty()) {
        String overlap = overlap(t.rows().get(i), line, versions);
        if (overlap != null) {
          problems.add(file + ":" + line + ": " + overlap);
        }
      }
    }
    return problems;
  }

  private List<String> rowProblems(String[] cells) {
    List<String> problems = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      String problem = cellProblem(columns.get(c), cells[c]);
      if (problem != null) {
        problems.add(problem);
      }
    }
    if (problems.isEmpty() && header().contains(VALID_FROM) && header().contains(VALID_TO)) {
      LocalDate from = date(cells[header().indexOf(VALID_FROM)]);
      LocalDate to = date(cells[header().indexOf(VALID_TO)]);
      if (from != null && to != null && to.isBefore(from)) {
        problems.add("valid_to " + to + " is before valid_from " + from);
      }
    }
    return problems;
  }

  private static String cellProblem(Column column, String value) {
    if (value.isEmpty()) {
      return column.required() ? column.name() + " is empty" : null;
    }
    String quoted = column.name() + " '" + value + "'";
    switch (column.kind()) {
      case DATE -> {
        if (date(value) == null) {
          return quoted + " is not a date (YYYY-MM-DD)";
        }
      }
      case POSITIVE_INT -> {
        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) <= 0) {
          return quoted + " is not a whole number above 0";
        }
      }
      case BOOLEAN -> {
        if (!value.equals("true") && !value.equals("false")) {
          return quoted + " is not true or false";
        }
      }
      case TEXT -> { }
    }
    if (!column.allowed().isEmpty() && !column.allowed().contains(value)) {
      return quoted + " is not one of " + column.allowed();
    }
    if (column.form() != null && !column.form().matcher(value).matches()) {
      return quoted + " does not have the form " + column.form().pattern();
    }
    return null;
  }

  /** Whether two validity periods (from/to inclusive, null = open) have a day in common. */
  public static boolean periodsOverlap(LocalDate from, LocalDate to, LocalDate otherFrom, LocalDate otherTo) {
    return (from == null || otherTo == null || !from.isAfter(otherTo))
        && (otherFrom == null || to == null || !otherFrom.isAfter(to));
  }

  /** One row's validity for its key: from/to inclusive, null = open. */
  private record Version(LocalDate from, LocalDate to, int line) {
    boolean overlaps(Version o) {
      return periodsOverlap(from, to, o.from, o.to);
    }
  }

  /** Why the row's key clashes with an earlier row's (same key, a day in common), or null. */
  private String overlap(String[] cells, int line, Map<String, List<Version>> versions) {
    Version v = versioned ? new Version(date(cells[header().indexOf(VALID_FROM)]),
        date(cells[header().indexOf(VALID_TO)]), line) : new Version(null, null, line);
    String keyText = key.stream().map(k -> k + " " + cells[header().indexOf(k)]).collect(Collectors.joining(", "));
    List<Version> earlier = versions.computeIfAbsent(keyText, k -> new ArrayList<>());
    for (Version e : earlier) {
      if (v.overlaps(e)) {
        return keyText + (versioned ? ": validity overlaps line " + e.line() + " (two versions valid on one day)"
            : ": already on line " + e.line());
      }
    }
    earlier.add(v);
    return null;
  }

  private static LocalDate date(String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
