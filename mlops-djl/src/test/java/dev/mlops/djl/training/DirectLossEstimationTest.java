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

  private record Sample(List<Map<String, Object>> rows, double[] predictions, double[] actuals) {}

  /** {@code price = 2 size + noise}, the noise's scale {@code 0.2 + |load|}; the model predicts 2 size. */
  private static Sample draw(Random random, int n, double loadMean) {
    List<Map<String, Object>> rows = new ArrayList<>();
    double[] predictions = new double[n];
    double[] actuals = new double[n];
    for (int i = 0; i < n; i++) {
      double load = loadMean + random.nextGaussian();
      double size = random.nextGaussian();
      rows.add(Map.of("load", load, "size", size));
      predictions[i] = 2 * size;
      actuals[i] = predictions[i] + (0.2 + Math.abs(load)) * random.nextGaussian();
    }
    return new Sample(rows, predictions, actuals);
  }

  @Test
  void aPerceptronLossModelEstimatesErrorsThatGrowAwayFromZero() {
    Random random = new Random(11);
    Sample reference = draw(random, 3000, 0.0);
    Sample same = draw(random, 1000, 0.0);
    Sample shifted = draw(random, 1000, 1.0);
    TabularDataset.Builder rows = TabularDataset.builder(FEATURES, FieldSpec.scalar("price", DataType.FLOAT64));
    for (int i = 0; i < reference.rows().size(); i++) {
      rows.addRow(reference.rows().get(i), reference.actuals()[i]);
    }
    DjlTabularTrainer trainer = DjlTabularTrainer.builder().hiddenLayers(32).epochs(40).batchSize(64).learningRate(0.003).build();

    try (DirectLossEstimator dle = DirectLossEstimator.builder(trainer).seed(3)
        .fit(rows.build(), reference.predictions())) {
      PerformanceEstimate before = dle.estimate(same.rows(), same.predictions());
      PerformanceEstimate after = dle.estimate(shifted.rows(), shifted.predictions());
      Map<String, Double> realizedBefore = DirectLossEstimator.realized(same.predictions(), same.actuals());
      Map<String, Double> realizedAfter = DirectLossEstimator.realized(shifted.predictions(), shifted.actuals());

      System.out.printf("DLE (DJL perceptron) MAE estimated %.4f realized %.4f before, %.4f vs %.4f after"
              + " the shift; RMSE %.4f vs %.4f, %.4f vs %.4f%n",
          before.metric("mae").value(), realizedBefore.get("mae"), after.metric("mae").value(),
          realizedAfter.get("mae"), before.metric("rmse").value(), realizedBefore.get("rmse"),
          after.metric("rmse").value(), realizedAfter.get("rmse"));
      // Measured: MAE 0.809 estimated against 0.790 realized before, 1.181 against 1.082 after;
      // RMSE 1.175 against 1.161, 1.673 against 1.583.
      assertThat(after.metric("mae").value()).isGreaterThan(1.25 * before.metric("mae").value());
      assertThat(relativeError(before.metric("mae").value(), realizedBefore.get("mae"))).isLessThan(0.05);
      assertThat(relativeError(before.metric("rmse").value(), realizedBefore.get("rmse"))).isLessThan(0.05);
      assertThat(relativeError(after.metric("mae").value(), realizedAfter.get("mae"))).isLessThan(0.12);
      assertThat(relativeError(after.metric("rmse").value(), realizedAfter.get("rmse"))).isLessThan(0.12);
    }
  }

  private static double relativeError(double estimate, double realized) {
    return Math.abs(estimate - realized) / realized;
  }
}
