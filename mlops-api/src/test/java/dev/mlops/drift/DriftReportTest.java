package dev.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftReportTest {

  private static FeatureDrift feature(String name, boolean drifted) {
    return new FeatureDrift(name, FeatureKind.NUMERIC,
        new DriftResult(name, "ks", drifted ? 0.4 : 0.01, drifted ? 0.001 : 0.9, 0.05, 0.1,
            drifted),
        "why", null, 100, 100, 0, 0, null);
  }

  private static DriftReport report(List<FeatureDrift> features, double threshold) {
    return DriftReport.of(features, List.of(), threshold, 100, 100, false, Duration.ofMillis(5),
        Instant.EPOCH);
  }

  @Test
  void theDatasetDriftsWhenTheShareOfDriftedFeaturesReachesTheThreshold() {
    DriftReport half = report(List.of(feature("a", true), feature("b", false)), 0.5);
    DriftReport third = report(
        List.of(feature("a", true), feature("b", false), feature("c", false)), 0.5);

    assertThat(half.driftedShare()).isEqualTo(0.5);
    assertThat(half.datasetDrifted()).isTrue();
    assertThat(third.datasetDrifted()).isFalse();
    assertThat(third.driftedFeatures()).containsExactly("a");
    assertThat(third.driftScores()).containsOnlyKeys("a", "b", "c");
    assertThat(third.driftVerdicts()).containsEntry("a", true).containsEntry("b", false);
  }

  @Test
  void aReportWithoutTestedFeaturesDoesNotDrift() {
    DriftReport empty = report(List.of(), 0.5);

    assertThat(empty.driftedShare()).isZero();
    assertThat(empty.datasetDrifted()).isFalse();
  }

  @Test
  void aVerdictOrShareThatContradictsTheFeaturesIsRejected() {
    List<FeatureDrift> features = List.of(feature("a", true), feature("b", false));

    assertThatThrownBy(() -> new DriftReport(features, List.of(), false, 0.5, 0.5, 1, 1, false,
        Duration.ZERO, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("datasetDrifted");
    assertThatThrownBy(() -> new DriftReport(features, List.of(), true, 0.7, 0.5, 1, 1, false,
        Duration.ZERO, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("driftedShare 0.7");
  }

  @Test
  void aFeatureListedTwiceIsRejected() {
    SkippedFeature skipped = new SkippedFeature("a", FeatureKind.NUMERIC, "empty", 0, 0, 5, 5);

    assertThatThrownBy(() -> DriftReport.of(List.of(feature("a", false)), List.of(skipped), 0.5,
        1, 1, false, Duration.ZERO, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' appears twice");
  }

  @Test
  void anEntryHoldingAnotherFeaturesResultIsRejected() {
    DriftResult result = new DriftResult("b", "ks", 0.1, 0.5, 0.05, 0.1, false);

    assertThatThrownBy(() -> new FeatureDrift("a", FeatureKind.NUMERIC, result, "why", null, 1,
        1, 0, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'")
        .hasMessageContaining("'b'");
  }

  @Test
  void histogramsNeedIncreasingEdgesOneMoreThanTheBins() {
    FeatureDistribution.Histogram histogram = new FeatureDistribution.Histogram(
        List.of(0.0, 1.0, 2.0), List.of(3L, 4L), List.of(5L, 0L));

    assertThat(histogram.bins()).isEqualTo(2);
    assertThat(histogram.referenceTotal()).isEqualTo(7);
    assertThat(histogram.currentTotal()).isEqualTo(5);
    assertThatThrownBy(() -> new FeatureDistribution.Histogram(
        List.of(0.0, 1.0), List.of(3L, 4L), List.of(5L, 0L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FeatureDistribution.Histogram(
        List.of(0.0, 0.0, 1.0), List.of(3L, 4L), List.of(5L, 0L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("increase");
  }

  @Test
  void categoryCountsIncludeTheOtherBucketInTheirTotals() {
    FeatureDistribution.Categories categories = new FeatureDistribution.Categories(
        List.of("a", "b"), List.of(1L, 2L), List.of(3L, 4L), 10, 20);

    assertThat(categories.referenceTotal()).isEqualTo(13);
    assertThat(categories.currentTotal()).isEqualTo(27);
    assertThatThrownBy(() -> new FeatureDistribution.Categories(
        List.of("a", "a"), List.of(1L, 2L), List.of(3L, 4L), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct");
  }
}
