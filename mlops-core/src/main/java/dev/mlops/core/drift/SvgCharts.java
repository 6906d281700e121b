package dev.mlops.core.drift;

import static dev.mlops.core.drift.internal.HtmlText.coordinate;
import static dev.mlops.core.drift.internal.HtmlText.escape;
import static dev.mlops.core.drift.internal.HtmlText.number;
import static dev.mlops.core.drift.internal.HtmlText.percent;

import dev.mlops.drift.FeatureDistribution;
import java.util.ArrayList;
import java.util.List;

/**
 * Inline SVG charts of a feature's reference and current distributions: overlaid histograms of
 * shares for numeric features, grouped bars of shares for categories. Shares, not counts, so
 * samples of different sizes compare.
 */
final class SvgCharts {

  static final String REFERENCE_COLOUR = "#4c78a8";
  static final String CURRENT_COLOUR = "#e45756";
  private static final int HEIGHT = 240;
  private static final int LEFT = 56;
  private static final int RIGHT = 16;
  private static final int TOP = 28;
  private static final int BOTTOM = 48;
  private static final int MIN_WIDTH = 560;
  private static final int GROUP_WIDTH = 44;
  private static final int LABEL_CHARS = 10;

  private SvgCharts() {}

  static String chart(String feature, FeatureDistribution distribution) {
    if (distribution instanceof FeatureDistribution.Histogram histogram) {
      return histogram(feature, histogram);
    }
    return categories(feature, (FeatureDistribution.Categories) distribution);
  }

  private static String histogram(String feature, FeatureDistribution.Histogram histogram) {
    int width = MIN_WIDTH;
    int bins = histogram.bins();
    double[] reference = shares(histogram.referenceCounts(), histogram.referenceTotal());
    double[] current = shares(histogram.currentCounts(), histogram.currentTotal());
    double top = Math.max(max(reference), max(current));
    StringBuilder svg = open(feature, "histogram", width);
    axes(svg, width, top);
    double plotWidth = width - LEFT - RIGHT;
    double binWidth = plotWidth / bins;
    for (int i = 0; i < bins; i++) {
      String range = "[" + number(histogram.edges().get(i)) + ", "
          + number(histogram.edges().get(i + 1)) + (i == bins - 1 ? "]" : ")");
      double x = LEFT + i * binWidth;
      bar(svg, "reference", x, binWidth, reference[i], top, REFERENCE_COLOUR,
          "reference " + range + ": " + histogram.referenceCounts().get(i) + " ("
              + percent(reference[i]) + ")");
      bar(svg, "current", x, binWidth, current[i], top, CURRENT_COLOUR,
          "current " + range + ": " + histogram.currentCounts().get(i) + " ("
              + percent(current[i]) + ")");
    }
    int baseline = HEIGHT - BOTTOM;
    int[] ticks = bins >= 2 ? new int[] {0, bins / 2, bins} : new int[] {0, bins};
    for (int tick : ticks) {
      double x = LEFT + tick * binWidth;
      String anchor = tick == 0 ? "start" : tick == bins ? "end" : "middle";
      svg.append("<text class=\"tick\" x=\"").append(coordinate(x)).append("\" y=\"")
          .append(baseline + 16).append("\" text-anchor=\"").append(anchor).append("\">")
          .append(escape(number(histogram.edges().get(tick)))).append("</text>");
    }
    legend(svg, width);
    return svg.append("</svg>").toString();
  }

  private static String categories(String feature, FeatureDistribution.Categories categories) {
    List<String> labels = new ArrayList<>(categories.categories());
    List<Long> referenceCounts = new ArrayList<>(categories.referenceCounts());
    List<Long> currentCounts = new ArrayList<>(categories.currentCounts());
    if (categories.referenceOther() > 0 || categories.currentOther() > 0) {
      labels.add("(other)");
      referenceCounts.add(categories.referenceOther());
      currentCounts.add(categories.currentOther());
    }
    int groups = Math.max(1, labels.size());
    int width = Math.max(MIN_WIDTH, LEFT + RIGHT + groups * GROUP_WIDTH);
    double[] reference = shares(referenceCounts, categories.referenceTotal());
    double[] current = shares(currentCounts, categories.currentTotal());
    double top = Math.max(max(reference), max(current));
    StringBuilder svg = open(feature, "categories", width);
    axes(svg, width, top);
    double groupWidth = (double) (width - LEFT - RIGHT) / groups;
    double barWidth = groupWidth * 0.4;
    int baseline = HEIGHT - BOTTOM;
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      double x = LEFT + i * groupWidth + groupWidth * 0.1;
      bar(svg, "reference", x, barWidth, reference[i], top, REFERENCE_COLOUR,
          "reference " + label + ": " + referenceCounts.get(i) + " (" + percent(reference[i])
              + ")");
      bar(svg, "current", x + barWidth, barWidth, current[i], top, CURRENT_COLOUR,
          "current " + label + ": " + currentCounts.get(i) + " (" + percent(current[i]) + ")");
      String shown = label.length() > LABEL_CHARS
          ? label.substring(0, LABEL_CHARS - 1) + "…" : label;
      svg.append("<text class=\"category\" x=\"")
          .append(coordinate(LEFT + (i + 0.5) * groupWidth)).append("\" y=\"")
          .append(baseline + 16).append("\" text-anchor=\"middle\"><title>")
          .append(escape(label)).append("</title>").append(escape(shown)).append("</text>");
    }
    legend(svg, width);
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String feature, String type, int width) {
    StringBuilder svg = new StringBuilder(4096);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ").append(type)
        .append("\" data-feature=\"").append(escape(feature)).append("\" width=\"")
        .append(width).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ")
        .append(width).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
        .append(escape("Reference and current distribution of " + feature)).append("\">");
    return svg;
  }

  private static void axes(StringBuilder svg, int width, double top) {
    int baseline = HEIGHT - BOTTOM;
    svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(baseline)
        .append("\" x2=\"").append(width - RIGHT).append("\" y2=\"").append(baseline)
        .append("\" stroke=\"#555\"/>");
    svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(TOP)
        .append("\" x2=\"").append(LEFT).append("\" y2=\"").append(baseline)
        .append("\" stroke=\"#555\"/>");
    svg.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 4)
        .append("\" text-anchor=\"end\">").append(percent(top)).append("</text>");
    svg.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"")
        .append(baseline + 4).append("\" text-anchor=\"end\">0%</text>");
  }

  private static void bar(
      StringBuilder svg, String series, double x, double width, double share, double top,
      String colour, String tooltip) {
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double height = top > 0 ? plotHeight * share / top : 0;
    double y = HEIGHT - BOTTOM - height;
    svg.append("<rect class=\"bar ").append(series).append("\" x=\"").append(coordinate(x))
        .append("\" y=\"").append(coordinate(y)).append("\" width=\"")
        .append(coordinate(width)).append("\" height=\"").append(coordinate(height))
        .append("\" fill=\"").append(colour).append("\" fill-opacity=\"0.55\"><title>")
        .append(escape(tooltip)).append("</title></rect>");
  }

  private static void legend(StringBuilder svg, int width) {
    int y = HEIGHT - 14;
    int x = width / 2 - 90;
    svg.append("<rect x=\"").append(x).append("\" y=\"").append(y - 10)
        .append("\" width=\"12\" height=\"12\" fill=\"").append(REFERENCE_COLOUR)
        .append("\" fill-opacity=\"0.55\"/><text class=\"legend\" x=\"").append(x + 18)
        .append("\" y=\"").append(y).append("\">reference</text>");
    svg.append("<rect x=\"").append(x + 100).append("\" y=\"").append(y - 10)
        .append("\" width=\"12\" height=\"12\" fill=\"").append(CURRENT_COLOUR)
        .append("\" fill-opacity=\"0.55\"/><text class=\"legend\" x=\"").append(x + 118)
        .append("\" y=\"").append(y).append("\">current</text>");
  }

  private static double[] shares(List<Long> counts, long total) {
    double[] shares = new double[counts.size()];
    for (int i = 0; i < shares.length; i++) {
      shares[i] = total == 0 ? 0.0 : (double) counts.get(i) / total;
    }
    return shares;
  }

  private static double max(double[] values) {
    double max = 0.0;
    for (double value : values) {
      max = Math.max(max, value);
    }
    return max;
  }
}
