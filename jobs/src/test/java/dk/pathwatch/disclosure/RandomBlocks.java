package dk.pathwatch.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

/** Random test tables: independent region × pathway blocks with their totals. */
public final class RandomBlocks {
  private RandomBlocks() {}

  /** One block: regions × pathways of random counts, a total per region and per pathway, and the grand total. */
  public static void block(LinearTable t, Random rnd, String name, int regions, int pathways) {
    block(t, rnd, name, regions, pathways,
        r -> r.nextInt(4) == 0 ? 0 : r.nextInt(3) == 0 ? 1 + r.nextInt(4) : 5 + r.nextInt(40));
  }

  /** As {@link #block(LinearTable, Random, String, int, int)}, each inner count drawn by {@code count}. */
  public static void block(LinearTable t, Random rnd, String name, int regions, int pathways,
      ToLongFunction<Random> count) {
    int[][] cell = new int[regions][pathways];
    long[] rowSum = new long[regions];
    long[] colSum = new long[pathways];
    for (int r = 0; r < regions; r++) {
      for (int p = 0; p < pathways; p++) {
        long v = count.applyAsLong(rnd);
        cell[r][p] = t.count(name + "|" + r + "|" + p, v, 0);
        rowSum[r] += v;
        colSum[p] += v;
      }
    }
    List<Integer> rowTotals = new ArrayList<>();
    for (int r = 0; r < regions; r++) {
      int total = t.count(name + "|" + r + "|all", rowSum[r], 1);
      t.sum(total, Arrays.stream(cell[r]).boxed().toList());
      rowTotals.add(total);
    }
    List<Integer> colTotals = new ArrayList<>();
    for (int p = 0; p < pathways; p++) {
      final int col = p;
      int total = t.count(name + "|national|" + p, colSum[p], 1);
      t.sum(total, IntStream.range(0, regions).mapToObj(r -> cell[r][col]).toList());
      colTotals.add(total);
    }
    int grand = t.count(name + "|national|all", Arrays.stream(rowSum).sum(), 2);
    t.sum(grand, rowTotals);
    t.sum(grand, colTotals);
  }

  /** The cells of the table flagged primary by its rule. */
  static BitSet primary(LinearTable t) {
    BitSet primary = new BitSet();
    for (int c = 0; c < t.size(); c++) {
      if (t.primary(c)) {
        primary.set(c);
      }
    }
    return primary;
  }

  /**
   * One or two more shown cells of {@code where} hidden as secondary (a count of at least 5, as the flag says), as a
   * repair round of {@link Protection} does.
   */
  static void hideMore(LinearTable t, Random rnd, BitSet suppressed, IntPredicate where) {
    List<Integer> shown = new ArrayList<>();
    for (int c = 0; c < t.size(); c++) {
      if (!suppressed.get(c) && t.published(c) && t.value(c) > LinearTable.MAX_PRIMARY_COUNT && where.test(c)) {
        shown.add(c);
      }
    }
    for (int k = 0; k < 1 + rnd.nextInt(2) && !shown.isEmpty(); k++) {
      suppressed.set(shown.remove(rnd.nextInt(shown.size())));
    }
  }
}
