package dk.pathwatch.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table to protect, as the attacker sees its structure: cells and the linear relations among them, each relation
 * {@code Σ coef · cell = 0} (regions add up to national, pathways to all, …). An inequality such as
 * {@code alle ≥ kirurgi + medicin + straale} is a relation with a hidden <em>slack</em> cell
 * ({@code alle − kirurgi − medicin − straale − slack = 0}, slack ≥ 0) that is never published.
 *
 * <p>Plain Java and small: the published aggregate tables of one run hold some ten thousand cells per quarter.
 * The table knows the true values (to choose small secondary cells and to check that every relation holds);
 * {@link Protection} decides which cells are hidden and {@link IntervalAudit} computes what an attacker can infer.
 */
public final class LinearTable {
  /**
   * What a cell holds, which decides what an attacker knows of it when it is hidden: a count (primary 1–4,
   * secondary ≥ 5, zero never hidden), a share's numerator {@code n_within} (between 0 and its denominator), or a
   * slack that is never published (≥ 0).
   */
  public enum Kind { COUNT, SHARE, SLACK }

  /** Counts from 1 up to this are primary suppressed (SPEC §4). */
  public static final long MAX_PRIMARY_COUNT = 4;

  private final List<String> keys = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();
  private final List<Long> values = new ArrayList<>();
  private final List<Kind> kinds = new ArrayList<>();
  private final List<Long> caps = new ArrayList<>();
  private final List<Integer> levels = new ArrayList<>();
  private final List<Boolean> primaries = new ArrayList<>();
  private final List<Boolean> fixed = new ArrayList<>();
  private final List<int[]> relationCells = new ArrayList<>();
  private final List<long[]> relationCoefs = new ArrayList<>();
  /** For a sub-table of {@link #components()}: the index of each cell in the whole table. */
  private final List<Integer> origins = new ArrayList<>();
  private List<List<Integer>> byCell;

  /**
   * Adds a published count cell. Its primary status follows the rule (1–4) unless {@code primary} says more.
   *
   * @param level how aggregated the cell is (one per total dimension: national, all, alle); higher levels are the
   *     last chosen for secondary suppression
   */
  public int count(String key, long value, int level) {
    return add(key, value, Kind.COUNT, Long.MAX_VALUE, level, value >= 1 && value <= MAX_PRIMARY_COUNT, value == 0);
  }

  /**
   * Adds a share cell, holding the share's numerator {@code nWithin} of the denominator {@code denominator}.
   *
   * @param primary the share must be hidden and protected (too few pathways behind it, or its count is hidden)
   * @param fixed the value is known whatever is published (no share exists: its numerator is 0)
   */
  public int share(String key, long nWithin, long denominator, int level, boolean primary, boolean fixed) {
    if (nWithin < 0 || nWithin > denominator) {
      throw new IllegalStateException("disclosure model: share cell " + key + " has n_within " + nWithin
          + " outside 0.." + denominator);
    }
    return add(key, nWithin, Kind.SHARE, denominator, level, primary && !fixed, fixed);
  }

  /** Adds a hidden slack cell (never published, ≥ 0). */
  public int slack(String key, long value) {
    return add(key, value, Kind.SLACK, Long.MAX_VALUE, 0, false, false);
  }

  private int add(String key, long value, Kind kind, long cap, int level, boolean primary, boolean isFixed) {
    if (index.containsKey(key)) {
      throw new IllegalArgumentException("disclosure model: cell " + key + " added twice");
    }
    if (value < 0) {
      throw new IllegalStateException("disclosure model: cell " + key + " is negative (" + value + ")");
    }
    int i = keys.size();
    byCell = null;
    keys.add(key);
    index.put(key, i);
    values.add(value);
    kinds.add(kind);
    caps.add(cap);
    levels.add(level);
    primaries.add(primary);
    fixed.add(isFixed);
    return i;
  }

  /** Marks a cell primary (it must be hidden and protected), whatever its value. */
  public void markPrimary(int cell) {
    primaries.set(cell, true);
  }

  /** {@code total = Σ parts}. */
  public void sum(int total, List<Integer> parts) {
    int[] cells = new int[parts.size() + 1];
    long[] coefs = new long[cells.length];
    cells[0] = total;
    coefs[0] = 1;
    for (int i = 0; i < parts.size(); i++) {
      cells[i + 1] = parts.get(i);
      coefs[i + 1] = -1;
    }
    relation(cells, coefs);
  }

  /** {@code total ≥ Σ parts}: {@code total = Σ parts + slack} with a new slack cell named {@code slackKey}. */
  public void atLeastSum(int total, List<Integer> parts, String slackKey) {
    long rest = value(total);
    for (int p : parts) {
      rest -= value(p);
    }
    if (rest < 0) {
      throw new IllegalStateException("disclosure model: " + key(total) + " (" + value(total)
          + ") is less than the sum of its parts " + parts.stream().map(this::key).toList());
    }
    List<Integer> withSlack = new ArrayList<>(parts);
    withSlack.add(slack(slackKey, rest));
    sum(total, withSlack);
  }

  /** The value of {@code total − Σ parts}. */
  public long rest(int total, List<Integer> parts) {
    long rest = value(total);
    for (int p : parts) {
      rest -= value(p);
    }
    return rest;
  }

  /** {@code a = b}: one count published in two places. */
  public void equal(int a, int b) {
    relation(new int[] {a, b}, new long[] {1, -1});
  }

  private void relation(int[] cells, long[] coefs) {
    long total = 0;
    for (int i = 0; i < cells.length; i++) {
      total += coefs[i] * value(cells[i]);
    }
    if (total != 0) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < cells.length; i++) {
        s.append(i == 0 ? "" : " ").append(coefs[i] > 0 ? "+" : "-").append(Math.abs(coefs[i]) == 1 ? ""
            : Math.abs(coefs[i]) + "·").append(key(cells[i])).append('(').append(value(cells[i])).append(')');
      }
      throw new IllegalStateException("disclosure model: the figures break a relation of SPEC §4: " + s
          + " ≠ 0");
    }
    relationCells.add(cells);
    relationCoefs.add(coefs);
    byCell = null;
  }

  /** The relations a cell takes part in. */
  public List<Integer> relationsOf(int cell) {
    if (byCell == null) {
      byCell = new ArrayList<>();
      for (int c = 0; c < size(); c++) {
        byCell.add(new ArrayList<>());
      }
      for (int r = 0; r < relations(); r++) {
        for (int c : relationCells.get(r)) {
          byCell.get(c).add(r);
        }
      }
    }
    return byCell.get(cell);
  }

  /** Index of a cell by key, or -1. */
  public int find(String key) {
    return index.getOrDefault(key, -1);
  }

  public int size() {
    return keys.size();
  }

  public String key(int cell) {
    return keys.get(cell);
  }

  public long value(int cell) {
    return values.get(cell);
  }

  public Kind kind(int cell) {
    return kinds.get(cell);
  }

  /** The largest value the cell can take as the attacker knows it (a share's denominator), else Long.MAX_VALUE. */
  public long cap(int cell) {
    return caps.get(cell);
  }

  public int level(int cell) {
    return levels.get(cell);
  }

  public boolean primary(int cell) {
    return primaries.get(cell);
  }

  /** Published and known whatever is decided: a zero count, a share that does not exist. */
  public boolean fixed(int cell) {
    return fixed.get(cell);
  }

  /** Whether the cell is published at all (slacks are not). */
  public boolean published(int cell) {
    return kinds.get(cell) != Kind.SLACK;
  }

  public int relations() {
    return relationCells.size();
  }

  public int[] relationCells(int r) {
    return relationCells.get(r);
  }

  public long[] relationCoefs(int r) {
    return relationCoefs.get(r);
  }

  /**
   * The independent sub-tables: cells connected through relations (union-find), each as its own table with the
   * same keys, values and relations. A cell in no relation is a sub-table of its own.
   */
  public List<LinearTable> components() {
    int[] parent = new int[size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int[] cells : relationCells) {
      for (int i = 1; i < cells.length; i++) {
        GaussJordan.union(parent, cells[0], cells[i]);
      }
    }
    Map<Integer, LinearTable> byRoot = new HashMap<>();
    int[] local = new int[size()];
    List<LinearTable> out = new ArrayList<>();
    for (int c = 0; c < size(); c++) {
      LinearTable t = byRoot.computeIfAbsent(GaussJordan.root(parent, c), r -> {
        LinearTable n = new LinearTable();
        out.add(n);
        return n;
      });
      local[c] = t.add(keys.get(c), values.get(c), kinds.get(c), caps.get(c), levels.get(c), primaries.get(c),
          fixed.get(c));
      t.origins.add(c);
    }
    for (int r = 0; r < relations(); r++) {
      int[] cells = relationCells.get(r);
      LinearTable t = byRoot.get(GaussJordan.root(parent, cells[0]));
      t.relationCells.add(Arrays.stream(cells).map(c -> local[c]).toArray());
      t.relationCoefs.add(relationCoefs.get(r));
      t.byCell = null;
    }
    return out;
  }

  /** The index in the whole table of a cell of a sub-table made by {@link #components()}. */
  public int origin(int cell) {
    return origins.isEmpty() ? cell : origins.get(cell);
  }
}
