package dev.mlops.console.internal;

import dev.mlops.core.drift.internal.HtmlText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart as inline SVG, drawn on the server: one line per series over time, a point per
 * value with its value as a tooltip, dashed lines for estimates with their bands shaded, a
 * legend. Only presentation attributes, no style attribute and no script, so the page's content
 * security policy holds; every label is escaped.
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
   * A range of values at one time, such as an estimate's confidence band.
   *
   * @param at the time (a window's start)
   * @param low the lower end; NaN leaves a gap
   * @param high the upper end; NaN leaves a gap
   */
  record Range(Instant at, double low, double high) {}

  /**
   * One line.
   *
   * @param name its legend, such as {@code version 3}
   * @param colour which of the chart's colours it is drawn in (series of one version share one)
   * @param dashed whether the line is dashed (estimates beside realized values)
   * @param points its values, oldest first
   * @param band a shaded range around the line, oldest first; empty for none
   */
  record Series(String name, int colour, boolean dashed, List<Point> points, List<Range> band) {
    Series {
      points = List.copyOf(points);
      band = List.copyOf(band);
    }

    /** A solid line without a band. */
    Series(String name, int colour, List<Point> points) {
      this(name, colour, false, points, List.of());
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
        if (finite(p.value())) {
          top = Math.max(top, p.value());
          bottom = Math.min(bottom, p.value());
        }
      }
      for (Range r : s.band()) {
        if (finite(r.low()) && finite(r.high())) {
          top = Math.max(top, r.high());
          bottom = Math.min(bottom, r.low());
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
    for (Series s : series) {
      band(svg, s, colour(s), from, to, bottom, top);
    }
    for (Series s : series) {
      line(svg, s, colour(s), from, to, bottom, top, percent);
    }
    legend(svg, series);
    return svg.raw("</svg>").toString();
  }

  private static void line(Html svg, Series series, String colour, long from, long to,
      double bottom, double top, boolean percent) {
    StringBuilder path = new StringBuilder();
    boolean pen = false;
    for (Point p : series.points()) {
      if (!finite(p.value())) {
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
          .raw(series.dashed() ? " stroke-dasharray=\"6 4\"" : "")
          .attr("d", path.toString().strip()).raw("/>");
    }
    for (Point p : series.points()) {
      if (!finite(p.value())) {
        continue;
      }
      svg.raw("<circle r=\"3\"").attr("cx", x(p.at(), from, to)).attr("cy", y(p.value(), bottom, top))
          .attr("fill", colour).raw("><title>").text(series.name() + ", " + Formats.time(p.at()) + ": "
              + value(p.value(), percent)).raw("</title></circle>");
    }
    svg.raw("</g>");
  }

  /**
   * The band as one shaded polygon per run of consecutive known ranges: along the upper ends,
   * then back along the lower ends.
   */
  private static void band(Html svg, Series series, String colour, long from, long to,
      double bottom, double top) {
    List<Range> run = new ArrayList<>();
    for (Range r : series.band()) {
      if (finite(r.low()) && finite(r.high())) {
        run.add(r);
      } else {
        polygon(svg, series, run, colour, from, to, bottom, top);
        run.clear();
      }
    }
    polygon(svg, series, run, colour, from, to, bottom, top);
  }

  private static void polygon(Html svg, Series series, List<Range> run, String colour, long from,
      long to, double bottom, double top) {
    if (run.isEmpty()) {
      return;
    }
    StringBuilder points = new StringBuilder();
    for (Range r : run) {
      points.append(x(r.at(), from, to)).append(',').append(y(r.high(), bottom, top)).append(' ');
    }
    for (int i = run.size() - 1; i >= 0; i--) {
      Range r = run.get(i);
      points.append(x(r.at(), from, to)).append(',').append(y(r.low(), bottom, top)).append(' ');
    }
    svg.raw("<polygon class=\"band\" fill-opacity=\"0.15\" stroke=\"none\"")
        .attr("data-band", series.name()).attr("fill", colour)
        .attr("points", points.toString().strip()).raw("/>");
  }

  private static void legend(Html svg, List<Series> series) {
    int x = LEFT;
    int y = HEIGHT - 14;
    for (Series s : series) {
      svg.raw("<rect width=\"12\" height=\"12\"").attr("x", x).attr("y", y - 10)
          .attr("fill", colour(s)).raw(s.dashed() ? " fill-opacity=\"0.4\"" : "")
          .raw("/><text class=\"legend\"").attr("x", x + 16).attr("y", y).raw(">")
          .text(s.name()).raw("</text>");
      x += 24 + 7 * Math.min(24, s.name().length());
    }
  }

  private static String colour(Series series) {
    return COLOURS[Math.floorMod(series.colour(), COLOURS.length)];
  }

  private static boolean finite(double value) {
    return !Double.isNaN(value) && !Double.isInfinite(value);
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
