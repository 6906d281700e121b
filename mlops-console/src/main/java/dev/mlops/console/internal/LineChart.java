package dev.mlops.console.internal;

import dev.mlops.core.drift.internal.HtmlText;
import java.time.Instant;
import java.util.List;

/**
 * A line chart as inline SVG, drawn on the server: one line per series over time, a point per
 * value with its value as a tooltip, a legend. Only presentation attributes, no style attribute
 * and no script, so the page's content security policy holds; every label is escaped.
 */
final class LineChart {

  private static final String[] COLOURS = {
      "#4c78a8", "#e45756", "#54a24b", "#f58518", "#b279a2", "#72b7b2", "#9d755d", "#bab0ac"};
  private static final int WIDTH = 720;
  private static final int HEIGHT = 240;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 16;
  private static final int BOTTOM = 56;

  /**
   * One value at one time.
   *
   * @param at the time (a window's start)
   * @param value the value; NaN leaves a gap
   */
  record Point(Instant at, double value) {}

  /**
   * One line.
   *
   * @param name its legend, such as {@code version 3}
   * @param points its values, oldest first
   */
  record Series(String name, List<Point> points) {
    Series {
      points = List.copyOf(points);
    }
  }

  private LineChart() {}

  /**
   * Draws the chart.
   *
   * @param id the chart's id, for links and tests
   * @param label what it shows, for screen readers
   * @param series the lines
   * @param percent whether values are shares shown as percentages
   * @return the {@code <svg>} element
   */
  static String render(String id, String label, List<Series> series, boolean percent) {
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    double top = 0;
    double bottom = 0;
    for (Series s : series) {
      for (Point p : s.points()) {
        from = Math.min(from, p.at().toEpochMilli());
        to = Math.max(to, p.at().toEpochMilli());
        if (!Double.isNaN(p.value()) && !Double.isInfinite(p.value())) {
          top = Math.max(top, p.value());
          bottom = Math.min(bottom, p.value());
        }
      }
    }
    if (top == bottom) {
      top = bottom + 1;
    }
    Html svg = new Html();
    svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart line\"").attr("id", id)
        .attr("width", WIDTH).attr("height", HEIGHT)
        .attr("viewBox", "0 0 " + WIDTH + " " + HEIGHT).raw(" role=\"img\"").attr("aria-label", label)
        .raw(">");
    int baseline = HEIGHT - BOTTOM;
    svg.raw("<line x1=\"" + LEFT + "\" y1=\"" + baseline + "\" x2=\"" + (WIDTH - RIGHT) + "\" y2=\""
        + baseline + "\" stroke=\"#555\"/>");
    svg.raw("<line x1=\"" + LEFT + "\" y1=\"" + TOP + "\" x2=\"" + LEFT + "\" y2=\"" + baseline
        + "\" stroke=\"#555\"/>");
    tick(svg, LEFT - 6, TOP + 4, "end", value(top, percent));
    tick(svg, LEFT - 6, baseline + 4, "end", value(bottom, percent));
    if (from != Long.MAX_VALUE) {
      tick(svg, LEFT, baseline + 16, "start", Formats.time(Instant.ofEpochMilli(from)));
      if (to != from) {
        tick(svg, WIDTH - RIGHT, baseline + 16, "end", Formats.time(Instant.ofEpochMilli(to)));
      }
    }
    for (int i = 0; i < series.size(); i++) {
      line(svg, series.get(i), COLOURS[i % COLOURS.length], from, to, bottom, top, percent);
    }
    legend(svg, series);
    return svg.raw("</svg>").toString();
  }

  private static void line(Html svg, Series series, String colour, long from, long to,
      double bottom, double top, boolean percent) {
    StringBuilder path = new StringBuilder();
    boolean pen = false;
    for (Point p : series.points()) {
      if (Double.isNaN(p.value()) || Double.isInfinite(p.value())) {
        pen = false;
        continue;
      }
      path.append(pen ? " L" : " M").append(x(p.at(), from, to)).append(' ')
          .append(y(p.value(), bottom, top));
      pen = true;
    }
    svg.raw("<g class=\"series\"").attr("data-series", series.name()).raw(">");
    if (path.length() > 0) {
      svg.raw("<path fill=\"none\" stroke-width=\"2\"").attr("stroke", colour)
          .attr("d", path.toString().strip()).raw("/>");
    }
    for (Point p : series.points()) {
      if (Double.isNaN(p.value()) || Double.isInfinite(p.value())) {
        continue;
      }
      svg.raw("<circle r=\"3\"").attr("cx", x(p.at(), from, to)).attr("cy", y(p.value(), bottom, top))
          .attr("fill", colour).raw("><title>").text(series.name() + ", " + Formats.time(p.at()) + ": "
              + value(p.value(), percent)).raw("</title></circle>");
    }
    svg.raw("</g>");
  }

  private static void legend(Html svg, List<Series> series) {
    int x = LEFT;
    int y = HEIGHT - 14;
    for (int i = 0; i < series.size(); i++) {
      String colour = COLOURS[i % COLOURS.length];
      svg.raw("<rect width=\"12\" height=\"12\"").attr("x", x).attr("y", y - 10).attr("fill", colour)
          .raw("/><text class=\"legend\"").attr("x", x + 16).attr("y", y).raw(">")
          .text(series.get(i).name()).raw("</text>");
      x += 24 + 7 * Math.min(24, series.get(i).name().length());
    }
  }

  private static void tick(Html svg, int x, int y, String anchor, String text) {
    svg.raw("<text class=\"tick\"").attr("x", x).attr("y", y).attr("text-anchor", anchor).raw(">")
        .text(text).raw("</text>");
  }

  private static String x(Instant at, long from, long to) {
    double share = to == from ? 0.5 : (double) (at.toEpochMilli() - from) / (to - from);
    return HtmlText.coordinate(LEFT + share * (WIDTH - LEFT - RIGHT));
  }

  private static String y(double value, double bottom, double top) {
    double share = (value - bottom) / (top - bottom);
    return HtmlText.coordinate(HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM));
  }

  private static String value(double value, boolean percent) {
    return percent ? Formats.percent(value) : Formats.number(value);
  }
}
