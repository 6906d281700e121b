package dev.mlops.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MulticlassPerformanceEstimatorTest {

  @Test
  void estimatesAverageOneVsRestOverEveryClass() {
    List<String> classes = List.of("a", "b", "c");
    double[][] reference = {
      {0.8, 0.1, 0.1}, {0.6, 0.3, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.2, 0.7}, {0.2, 0.2, 0.6}
    };
    MulticlassPerformanceEstimator cbpe = MulticlassPerformanceEstimator.builder(classes)
        .calibration(Calibration.NONE).referenceChunks(3).fit(reference, new int[] {0, 0, 1, 1, 2, 2});

    PerformanceEstimate estimate = cbpe.estimate(new double[][] {{0.8, 0.1, 0.1}, {0.1, 0.2, 0.7}});

    // The predicted classes are a and c; the mean probability of the predicted class is 0.75.
    assertThat(estimate.metric("accuracy").value()).isCloseTo(0.75, within(1e-15));
    // Precision: a 0.8, b 0 (never predicted), c 0.7.
    assertThat(estimate.metric("precision").value()).isCloseTo(1.5 / 3, within(1e-15));
    assertThatThrownBy(() -> cbpe.estimate(new double[][] {{0.5, 0.5}}))
        .hasMessageContaining("row 0 has 2 scores but there are 3 classes");
    assertThatThrownBy(() -> MulticlassPerformanceEstimator.builder(classes).referenceChunks(3)
            .fit(reference, new int[] {0, 0, 1, 1, 0, 0}))
        .hasMessageContaining("class 'c' never occurs in the reference");
  }
}
