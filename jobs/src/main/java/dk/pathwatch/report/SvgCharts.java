package dk.pathwatch.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small inline SVG charts for the monitoring report: drawn on the server, so the page needs no script
 * library and works offline. Every mark carries {@code data-value} so a test can check that charts have data.
 * Null values (suppressed or missing) are not drawn.
 */
public final class SvgCharts {
  static final String[] COLORS = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#333333"};

  private SvgCharts() {}

  /** One line per series over the x labels (e.g. quarters); values are shares 0..1. */
  public static String lines(String title, List<String> xLabels, Map<String, List<Double>> series) {
    int w = Math.max(480, 40 + xLabels.size() * 36);
    int h = 260;
    int left = 40;
    int top = 20;
    int plotH = 180;
    int plotW = w - left - 120;
    StringBuilder s = open(title, w, h);
    axisY(s, left, top, plotH, plotW);
    double step = xLabels.size() > 1 ? (double) plotW / (xLabels.size() - 1) : 0;
    for (int i = 0; i < xLabels.size(); i++) {
      if (xLabels.size() <= 12 || i % 4 == 0) {
        s.append(text(left + i * step, top + plotH + 16, xLabels.get(i), "middle"));
      }
    }
    int k = 0;
    for (var e : series.entrySet()) {
      String color = COLORS[k % COLORS.length];
      StringBuilder path = new StringBuilder();
      List<Double> values = e.getValue();
      boolean gap = true;
      for (int i = 0; i < values.size(); i++) {
        Double v = values.get(i);
        if (v == null) {
          gap = true; // a suppressed or missing quarter breaks the line rather than bridging it
          continue;
        }
        double x = left + i * step;
        double y = top + plotH * (1 - v);
        path.append(gap ? "M" : "L").append(fmt(x)).append(',').append(fmt(y));
        gap = false;
        s.append(String.format(Locale.ROOT, "<circle class=\"mark\" cx=\"%s\" cy=\"%s\" r=\"2.5\" fill=\"%s\" "
            + "data-value=\"%s\"><title>%s %s: %s</title></circle>", fmt(x), fmt(y), color, v,
            esc(e.getKey()), esc(xLabels.get(i)), pct(v)));
      }
      if (path.length() > 0) {
        s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color)
            .append("\" stroke-width=\"1.5\"/>");
      }
      s.append(legend(left + plotW + 10, top + 14 * k, color, e.getKey()));
      k++;
    }
    return s.append("</svg>").toString();
  }

  /** A dot per series on one 0–100 % axis per row (e.g. one row per pathway, one dot per region). */
  public static String dots(String title, Map<String, Map<String, Double>> rows, List<String> seriesOrder) {
    int rowH = 18;
    int left = 110;
    int plotW = 360;
    int top = 24;
    // tall enough for the rows and for the legend beside them
    int h = Math.max(top + rows.size() * rowH + 30, top + seriesOrder.size() * 14 + 10);
    int w = left + plotW + 140;
    StringBuilder s = open(title, w, h);
    for (int p = 0; p <= 100; p += 25) {
      double x = left + plotW * p / 100.0;
      s.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#ddd\"/>",
          fmt(x), top - 6, fmt(x), top + rows.size() * rowH));
      s.append(text(x, top - 10, p + " %", "middle"));
    }
    int r = 0;
    for (var row : rows.entrySet()) {
      double y = top + r * rowH + rowH / 2.0;
      s.append(text(left - 6, y + 4, row.getKey(), "end"));
      for (int k = 0; k < seriesOrder.size(); k++) {
        Double v = row.getValue().get(seriesOrder.get(k));
        if (v == null) {
          continue;
        }
        s.append(String.format(Locale.ROOT, "<circle class=\"mark\" cx=\"%s\" cy=\"%s\" r=\"4\" fill=\"%s\" "
            + "fill-opacity=\"0.8\" data-value=\"%s\"><title>%s, %s: %s</title></circle>",
            fmt(left + plotW * v), fmt(y), COLORS[k % COLORS.length], v, esc(row.getKey()),
            esc(seriesOrder.get(k)), pct(v)));
      }
      r++;
    }
    for (int k = 0; k < seriesOrder.size(); k++) {
      s.append(legend(left + plotW + 16, top + 14 * k, COLORS[k % COLORS.length], seriesOrder.get(k)));
    }
    return s.append("</svg>").toString();
  }

  /** One stacked horizontal bar per row (e.g. per region), segments per category, widths as shares of the row. */
  public static String stacked(String title, Map<String, Map<String, Long>> rows, List<String> categories) {
    int rowH = 24;
    int left = 110;
    int plotW = 360;
    int top = 10;
    int h = top + rows.size() * rowH + 20 + categories.size() * 14;
    StringBuilder s = open(title, left + plotW + 20, h);
    int r = 0;
    for (var row : rows.entrySet()) {
      long total = row.getValue().values().stream().filter(java.util.Objects::nonNull).mapToLong(Long::longValue).sum();
      double x = left;
      double y = top + r * rowH;
      s.append(text(left - 6, y + 15, row.getKey(), "end"));
      if (total == 0) {
        s.append(text(left + 4, y + 15, "– (undertrykt eller ingen)", "start"));
      }
      for (int k = 0; k < categories.size(); k++) {
        Long n = row.getValue().get(categories.get(k));
        if (n == null || n == 0 || total == 0) {
          continue;
        }
        double width = plotW * n / (double) total;
        s.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%d\" "
            + "fill=\"%s\" data-value=\"%d\"><title>%s, %s: %d</title></rect>", fmt(x), fmt(y), fmt(width),
            rowH - 6, COLORS[k % COLORS.length], n, esc(row.getKey()), esc(categories.get(k)), n));
        x += width;
      }
      r++;
    }
    for (int k = 0; k < categories.size(); k++) {
      s.append(legend(left, top + rows.size() * rowH + 6 + 14 * k, COLORS[k % COLORS.length], categories.get(k)));
    }
    return s.append("</svg>").toString();
  }

  /** Turns rows of (row key, series key, value) into the nested map the charts take, keeping first-seen order. */
  public static <V> Map<String, Map<String, V>> nest(List<Object[]> triples) {
    Map<String, Map<String, V>> out = new LinkedHashMap<>();
    for (Object[] t : triples) {
      @SuppressWarnings("unchecked")
      V v = (V) t[2];
      out.computeIfAbsent((String) t[0], k -> new LinkedHashMap<>()).put((String) t[1], v);
    }
    return out;
  }

  static List<Double> nulls(int n) {
    List<Double> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(null);
    }
    return l;
  }

  private static StringBuilder open(String title, int w, int h) {
    return new StringBuilder(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
        + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", w, h, w, h, esc(title)));
  }

  private static void axisY(StringBuilder s, int left, int top, int plotH, int plotW) {
    for (int p = 0; p <= 100; p += 25) {
      double y = top + plotH * (1 - p / 100.0);
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#ddd\"/>", left,
          fmt(y), left + plotW, fmt(y)));
      s.append(text(left - 4, y + 4, p + "%", "end"));
    }
  }

  private static String legend(double x, double y, String color, String label) {
    return String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"10\" height=\"10\" fill=\"%s\"/>", fmt(x),
        fmt(y), color) + text(x + 14, y + 9, label, "start");
  }

  private static String text(double x, double y, String t, String anchor) {
    return String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" font-size=\"11\" text-anchor=\"%s\">%s</text>",
        fmt(x), fmt(y), anchor, esc(t));
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.0f %%", v * 100);
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
