package dev.mlops.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.drift.DataTable;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureDistribution;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureSummaryTest {

  @Test
  void aUniformHistogramHasTheMidpointMeanAndInterpolatedQuantiles() {
    List<Double> edges = List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
    List<Long> counts = List.of(10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L);
    FeatureSummary s = FeatureSummary.numeric(100, 0, edges, counts);
    assertThat(s.mean()).isCloseTo(5.0, within(1e-12));
    // midpoints 0.5 .. 9.5, each a tenth: variance (1/10) * sum (m - 5)^2 = 8.25
    assertThat(s.std()).isCloseTo(Math.sqrt(8.25), within(1e-12));
    assertThat(s.quantiles()).containsExactly(0.5, 2.5, 5.0, 7.5, 9.5);
  }

  @Test
  void emptyBinsAreSkippedByTheQuantiles() {
    FeatureSummary s = FeatureSummary.numeric(4, 0, List.of(0.0, 2.0, 4.0, 6.0), List.of(0L, 4L, 0L));
    assertThat(s.mean()).isEqualTo(3.0);
    assertThat(s.std()).isZero();
    assertThat(s.quantiles()).containsExactly(2.1, 2.5, 3.0, 3.5, 3.9);
  }

  @Test
  void withoutValuesThereAreNoEstimatesButTheMissingShareStands() {
    FeatureSummary s = FeatureSummary.numeric(0, 25, List.of(0.0, 1.0), List.of(0L));
    assertThat(s.mean()).isNaN();
    assertThat(s.quantiles()).isEmpty();
    assertThat(s.missingShare()).isEqualTo(1.0);
    assertThat(FeatureSummary.numeric(90, 10, List.of(0.0, 1.0), List.of(90L)).missingShare()).isEqualTo(0.1);
  }

  @Test
  void categoriesAreRankedByShareOfAllValuesIncludingTheOtherBucket() {
    FeatureDrift feature = driftOf(new FeatureDistribution.Categories(
        List.of("a", "b", "c", "d", "e", "f"), List.of(10L, 30L, 30L, 5L, 5L, 5L),
        List.of(1L, 1L, 1L, 1L, 1L, 1L), 15L, 0L));
    FeatureSummary s = FeatureSummary.reference(feature);
    assertThat(s.topCategories()).extracting(Map.Entry::getKey).containsExactly("b", "c", "a", "d", "e");
    assertThat(s.topCategories().get(0).getValue()).isEqualTo(0.3);
    assertThat(s.mean()).isNaN();
  }

  @Test
  void estimatesFromAReportsHistogramAreCloseToTheSampleStatistics() {
    Random random = new Random(7);
    double[] reference = new double[2000];
    double[] current = new double[2000];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = 100 + 15 * random.nextGaussian();
      current[i] = 110 + 20 * random.nextGaussian();
    }
    DriftReport report = DriftAnalyzer.withDefaults().analyze(DataTable.builder().numeric("x", reference).build(),
        DataTable.builder().numeric("x", current).build());
    FeatureDrift x = report.features().get(0);
    FeatureDistribution.Histogram h = (FeatureDistribution.Histogram) x.distribution();
    double binWidth = h.edges().get(1) - h.edges().get(0);
    FeatureSummary s = FeatureSummary.current(x);
    assertThat(s.mean()).isCloseTo(mean(current), within(binWidth / 2));
    assertThat(s.std()).isCloseTo(std(current), within(binWidth / 2));
    double[] sorted = current.clone();
    java.util.Arrays.sort(sorted);
    assertThat(s.quantiles().get(2)).isCloseTo(sorted[sorted.length / 2], within(binWidth));
  }

  private static FeatureDrift driftOf(FeatureDistribution distribution) {
    return new FeatureDrift("f", FeatureKind.CATEGORICAL,
        new DriftResult("f", "chisquare", 1.0, 0.5, 0.05, 0.1, false), "test", null,
        100, 6, 0, 0, distribution);
  }

  private static double mean(double[] values) {
    return java.util.Arrays.stream(values).average().orElseThrow();
  }

  private static double std(double[] values) {
    double m = mean(values);
    return Math.sqrt(java.util.Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / values.length);
  }
}
