package dev.mlops.samples.churn;

import java.util.List;
import java.util.Locale;

/**
 * An inline SVG line chart of weekly accuracy: the served model with the SDK's loop against
 * version 1 left alone, with the drift onset and the promotions marked. No script, no external
 * resource: the report opens anywhere.
 */
final class AccuracyChart {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 320;
  private static final int LEFT = 56;
  private static final int RIGHT = 24;
  private static final int TOP = 28;
  private static final int BOTTOM = 48;

  private final List<WeekSummary> weeks;
  private final int onset;
  private final double low;
  private final double high = 1.0;

  AccuracyChart(List<WeekSummary> weeks, int onset) {
    this.weeks = weeks;
    this.onset = onset;
    double min = weeks.stream()
        .flatMapToDouble(w -> java.util.stream.DoubleStream.of(w.accuracy(), w.baselineAccuracy()))
        .filter(d -> !Double.isNaN(d)).min().orElse(0.5);
    this.low = Math.max(0, Math.floor((min - 0.05) * 10) / 10);
  }

  String svg() {
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
        + " height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Weekly accuracy\">%n",
        WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
    grid(svg);
    marker(svg, onset, "#b45309", "drift starts");
    for (WeekSummary w : weeks) {
      if (w.promotions() > 0) {
        marker(svg, w.week(), "#15803d", "promoted");
      }
    }
    line(svg, weeks.stream().mapToDouble(WeekSummary::baselineAccuracy).toArray(), "#dc2626", "6 4");
    line(svg, weeks.stream().mapToDouble(WeekSummary::accuracy).toArray(), "#1d4ed8", "");
    legend(svg);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private void grid(StringBuilder svg) {
    for (double y = low; y <= high + 1e-9; y += 0.05) {
      double py = y(y);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
          + " stroke=\"#e5e7eb\"/>%n", LEFT, py, WIDTH - RIGHT, py));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\""
          + " text-anchor=\"end\" fill=\"#374151\">%.2f</text>%n", LEFT - 6, py + 4, y));
    }
    for (WeekSummary w : weeks) {
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\""
          + " text-anchor=\"middle\" fill=\"#374151\">%d</text>%n", x(w.week()), HEIGHT - BOTTOM + 16,
          w.week()));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\""
        + " text-anchor=\"middle\" fill=\"#111827\">week</text>%n", (LEFT + WIDTH - RIGHT) / 2,
        HEIGHT - 10));
    svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"12\""
        + " transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\" fill=\"#111827\">accuracy</text>%n",
        (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2));
  }

  private void marker(StringBuilder svg, int week, String colour, String label) {
    double px = x(week) - step() / 2;
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
        + " stroke=\"%s\" stroke-dasharray=\"3 3\"/>%n", px, TOP, px, HEIGHT - BOTTOM, colour));
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"%s\""
        + " text-anchor=\"middle\">%s</text>%n", px, TOP - 6, colour, label));
  }

  private void line(StringBuilder svg, double[] values, String colour, String dash) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i), y(values[i])));
      }
    }
    svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s"
        + " points=\"%s\"/>%n", colour, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"",
        points.toString().trim()));
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
            + "<title>week %d: %.3f</title></circle>%n", x(i), y(values[i]), colour, i, values[i]));
      }
    }
  }

  private void legend(StringBuilder svg) {
    int y = HEIGHT - BOTTOM - 14;
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1d4ed8\""
        + " stroke-width=\"2.5\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">with the SDK loop</text>%n",
        LEFT + 10, y, LEFT + 34, y, LEFT + 40, y + 4));
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#dc2626\""
        + " stroke-width=\"2.5\" stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">v1"
        + " forever</text>%n", LEFT + 170, y, LEFT + 194, y, LEFT + 200, y + 4));
  }

  private double step() {
    return (WIDTH - LEFT - RIGHT) / (double) Math.max(1, weeks.size());
  }

  private double x(int week) {
    return LEFT + step() * (week + 0.5);
  }

  private double y(double value) {
    double share = (value - low) / (high - low);
    return TOP + (1 - share) * (HEIGHT - TOP - BOTTOM);
  }
}
