package dev.mlops.core.drift;

import dev.mlops.drift.FeatureDistribution;
import java.util.ArrayList;
import java.util.List;

/** Builds the display summaries of a report's features. */
final class Distributions {

  private Distributions() {}

  static FeatureDistribution.Histogram histogram(
      double[] edges, long[] referenceCounts, long[] currentCounts) {
    List<Double> edgeList = new ArrayList<>(edges.length);
    for (double edge : edges) {
      edgeList.add(edge);
    }
    return new FeatureDistribution.Histogram(edgeList, list(referenceCounts), list(currentCounts));
  }

  private static List<Long> list(long[] counts) {
    List<Long> list = new ArrayList<>(counts.length);
    for (long count : counts) {
      list.add(count);
    }
    return list;
  }
}
