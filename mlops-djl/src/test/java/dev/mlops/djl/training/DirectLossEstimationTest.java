package dev.mlops.djl.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.estimation.DirectLossEstimator;
import dev.mlops.core.estimation.PerformanceEstimate;
import dev.mlops.core.training.TabularDataset;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Direct loss estimation on the SDK's own trainer: a multilayer perceptron learns the monitored
 * model's errors, whose scale grows with the distance of a feature from zero (which no linear loss
 * model can fit), and the estimate follows a shift of that feature before any actual value is
 * known.
 */
class DirectLossEstimationTest {

  private static final List<FieldSpec> FEATURES =
      List.of(FieldSpec.scalar("load", DataType.FLOAT64), FieldSpec.scalar("size", DataType.FLOAT64));

  private record Sample(List<Map<String, Object>> rows, double[] predictions, double[] actuals,
      double[] noiseScales) {

    /** The MAE the model makes in expectation on these rows: the mean of {@code scale * sqrt(2 / pi)}. */
    double expectedMae() {
      double sum = 0.0;
      for (double scale : noiseScales) {
        sum += scale * Math.sqrt(2 / Math.PI);
      }
      return sum / noiseScales.length;
    }

    /** The RMSE the model makes in expectation on these rows: the root of the mean of {@code scale^2}. */
    double expectedRmse() {
      double sum = 0.0;
      for (double scale : noiseScales) {
        sum += scale * scale;
      }
      return Math.sqrt(sum / noiseScales.length);
    }
  }

  /** {@code price = 2 size + noise}, the noise's scale {@code 0.2 + |load|}; the model predicts 2 size. */
  private static Sample draw(Random random, int n, double loadMean) {
    List<Map<String, Object>> rows = new ArrayList<>();
    double[] predictions = new double[n];
    double[] actuals = new double[n];
    double[] scales = new double[n];
    for (int i = 0; i < n; i++) {
      double load = loadMean + random.nextGaussian();
      double size = random.nextGaussian();
      rows.add(Map.of("load", load, "size", size));
      predictions[i] = 2 * size;
      scales[i] = 0.2 + Math.abs(load);
      actuals[i] = predictions[i] + scales[i] * random.nextGaussian();
    }
    return new Sample(rows, predictions, actuals, scales);
  }

  @Test
  void aPerceptronLossModelEstimatesErrorsThatGrowAwayFromZero() {
    Random random = new Random(11);
    Sample reference = draw(random, 4000, 0.0);
    Sample same = draw(random, 1000, 0.0);
    Sample shifted = draw(random, 1000, 1.0);
    TabularDataset.Builder rows = TabularDataset.builder(FEATURES, FieldSpec.scalar("price", DataType.FLOAT64));
    for (int i = 0; i < reference.rows().size(); i++) {
      rows.addRow(reference.rows().get(i), reference.actuals()[i]);
    }
    // A small learning rate on batches of 128 keeps the last iterate's noise, which shifts every
    // predicted loss alike and so the estimate, small: over 18 seeds the estimate stayed within 3.7 %
    // of the expected loss before the shift and 7.2 % after it. A different CPU or thread count
    // perturbs the training the way another seed does (CI once failed with epochs 40, batches 64
    // and learning rate 0.003, which missed by 5 to 8 % on 4 of 6 seeds here).
    DjlTabularTrainer trainer = DjlTabularTrainer.builder().hiddenLayers(32).epochs(80).batchSize(128)
        .learningRate(0.001).build();

    try (DirectLossEstimator dle = DirectLossEstimator.builder(trainer).seed(3)
        .fit(rows.build(), reference.predictions())) {
      PerformanceEstimate before = dle.estimate(same.rows(), same.predictions());
      PerformanceEstimate after = dle.estimate(shifted.rows(), shifted.predictions());
      Map<String, Double> realizedBefore = DirectLossEstimator.realized(same.predictions(), same.actuals());
      Map<String, Double> realizedAfter = DirectLossEstimator.realized(shifted.predictions(), shifted.actuals());

      System.out.printf("DLE (DJL perceptron) MAE estimated %.4f, expected %.4f, realized %.4f before the"
              + " shift, %.4f, %.4f, %.4f after; RMSE %.4f, %.4f, %.4f before, %.4f, %.4f, %.4f after%n",
          before.metric("mae").value(), same.expectedMae(), realizedBefore.get("mae"),
          after.metric("mae").value(), shifted.expectedMae(), realizedAfter.get("mae"),
          before.metric("rmse").value(), same.expectedRmse(), realizedBefore.get("rmse"),
          after.metric("rmse").value(), shifted.expectedRmse(), realizedAfter.get("rmse"));
      assertThat(after.metric("mae").value()).isGreaterThan(1.25 * before.metric("mae").value());
      // Against the loss the monitored model makes in expectation on these rows, which the loss
      // model estimates, and against the realized loss, which adds the labels' own sampling noise.
      assertThat(relativeError(before.metric("mae").value(), same.expectedMae())).isLessThan(0.08);
      assertThat(relativeError(before.metric("rmse").value(), same.expectedRmse())).isLessThan(0.08);
      assertThat(relativeError(after.metric("mae").value(), shifted.expectedMae())).isLessThan(0.12);
      assertThat(relativeError(after.metric("rmse").value(), shifted.expectedRmse())).isLessThan(0.12);
      assertThat(relativeError(before.metric("mae").value(), realizedBefore.get("mae"))).isLessThan(0.08);
      assertThat(relativeError(before.metric("rmse").value(), realizedBefore.get("rmse"))).isLessThan(0.08);
      assertThat(relativeError(after.metric("mae").value(), realizedAfter.get("mae"))).isLessThan(0.12);
      assertThat(relativeError(after.metric("rmse").value(), realizedAfter.get("rmse"))).isLessThan(0.12);
    }
  }

  private static double relativeError(double estimate, double realized) {
    return Math.abs(estimate - realized) / realized;
  }
}
