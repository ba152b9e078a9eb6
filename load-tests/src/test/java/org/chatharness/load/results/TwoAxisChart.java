package org.chatharness.load.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * An SVG line chart with a value axis on each side, as the summaries draw them: latency and
 * deliveries against offered load, a soak's memory and p99 over time, two runs compared.
 *
 * <pre>{@code
 * new TwoAxisChart("Server memory and p99 over time", minutes, memoryMiB, p99Ms)
 *     .threshold(100, "p99 bound 100 ms", true)
 *     .series("server memory", xs, memory, false, "#2a9d4b")
 *     .svg();
 * }</pre>
 */
final class TwoAxisChart {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 80;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;
  private static final double PLOT_W = WIDTH - LEFT - RIGHT;
  private static final double PLOT_H = HEIGHT - TOP - BOTTOM;

  /** An axis: its label, the value at its end, and how a tick value is written. */
  record Axis(String label, double max, DoubleFunction<String> tick) {}

  private record Series(String name, double[] xs, double[] ys, boolean onRight, String color) {}

  private record Threshold(double value, String label, boolean onRight) {}

  private final String title;
  private final Axis x;
  private final Axis leftAxis;
  private final Axis rightAxis;
  private final List<Series> series = new ArrayList<>();
  private final List<Threshold> thresholds = new ArrayList<>();

  TwoAxisChart(String title, Axis x, Axis leftAxis, Axis rightAxis) {
    this.title = title;
    this.x = x;
    this.leftAxis = leftAxis;
    this.rightAxis = rightAxis;
  }

  /** A dashed red line at {@code value} of the left or right axis. */
  TwoAxisChart threshold(double value, String label, boolean onRight) {
    thresholds.add(new Threshold(value, label, onRight));
    return this;
  }

  /** Points ({@code xs[i]}, {@code ys[i]}) joined by a line; NaN values are skipped. */
  TwoAxisChart series(String name, double[] xs, double[] ys, boolean onRight, String color) {
    series.add(new Series(name, xs, ys, onRight, color));
    return this;
  }

  String svg() {
    StringBuilder svg =
        new StringBuilder()
            .append(
                String.format(
                    Locale.ROOT,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                    WIDTH,
                    HEIGHT))
            .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
            .append(text(WIDTH / 2.0, 20, "middle", title, 14));
    // axes and grid
    svg.append(line(LEFT, TOP + PLOT_H, LEFT + PLOT_W, TOP + PLOT_H, "#000", 1, ""));
    svg.append(line(LEFT, TOP, LEFT, TOP + PLOT_H, "#000", 1, ""));
    svg.append(line(LEFT + PLOT_W, TOP, LEFT + PLOT_W, TOP + PLOT_H, "#000", 1, ""));
    for (int i = 0; i <= 5; i++) {
      double y = TOP + PLOT_H - PLOT_H * i / 5;
      svg.append(line(LEFT, y, LEFT + PLOT_W, y, "#eee", 1, ""));
      svg.append(text(LEFT - 6, y + 4, "end", leftAxis.tick().apply(leftAxis.max() * i / 5), 11));
      svg.append(
          text(
              LEFT + PLOT_W + 6,
              y + 4,
              "start",
              rightAxis.tick().apply(rightAxis.max() * i / 5),
              11));
      svg.append(
          text(
              LEFT + PLOT_W * i / 5,
              TOP + PLOT_H + 18,
              "middle",
              x.tick().apply(x.max() * i / 5),
              11));
    }
    svg.append(text(LEFT + PLOT_W / 2, HEIGHT - 15, "middle", x.label(), 12));
    svg.append(rotated(18, TOP + PLOT_H / 2, leftAxis.label()));
    svg.append(rotated(WIDTH - 12, TOP + PLOT_H / 2, rightAxis.label()));
    for (Threshold t : thresholds) {
      if (Double.isNaN(t.value())) {
        continue;
      }
      double ty = TOP + PLOT_H - PLOT_H * t.value() / (t.onRight() ? rightAxis : leftAxis).max();
      svg.append(line(LEFT, ty, LEFT + PLOT_W, ty, "#c00", 1, " stroke-dasharray=\"6,4\""));
      svg.append(text(LEFT + PLOT_W - 4, ty - 4, "end", t.label(), 11));
    }
    for (Series s : series) {
      plot(svg, s);
    }
    double legendX = LEFT + 10;
    for (Series s : series) {
      svg.append(line(legendX, TOP + 12, legendX + 20, TOP + 12, s.color(), 3, ""));
      svg.append(text(legendX + 25, TOP + 16, "start", s.name(), 11));
      legendX += 40 + 7 * s.name().length();
    }
    return svg.append("</svg>\n").toString();
  }

  private void plot(StringBuilder svg, Series s) {
    double maxY = (s.onRight() ? rightAxis : leftAxis).max();
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < s.xs().length; i++) {
      double v = s.ys()[i];
      if (Double.isNaN(v)) {
        continue;
      }
      double px = LEFT + PLOT_W * s.xs()[i] / x.max();
      double py = TOP + PLOT_H - PLOT_H * Math.min(v, maxY) / maxY;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
              px,
              py,
              s.color()));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
            points.toString().trim(),
            s.color()));
  }

  private static String line(
      double x1, double y1, double x2, double y2, String color, int width, String extra) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%d\"%s/>%n",
        x1,
        y1,
        x2,
        y2,
        color,
        width,
        extra);
  }

  private static String text(double x, double y, String anchor, String value, int size) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x,
        y,
        anchor,
        size,
        Html.escape(value));
  }

  private static String rotated(double x, double y, String value) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">"
            + "%s</text>%n",
        x,
        y,
        x,
        y,
        Html.escape(value));
  }
}
