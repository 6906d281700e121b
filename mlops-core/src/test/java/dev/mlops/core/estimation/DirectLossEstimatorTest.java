package dev.mlops.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.training.GradientDescentTrainer;
import dev.mlops.core.training.TabularDataset;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Direct loss estimation with the core tests' linear trainer, on a regression whose noise grows
 * linearly with a feature: the monitored model predicts the mean exactly, so its absolute error
 * is proportional to the noise's scale, which a linear loss model can learn.
 */
class DirectLossEstimatorTest {

  private static final List<FieldSpec> FEATURES =
      List.of(FieldSpec.scalar("load", DataType.FLOAT64), FieldSpec.scalar("size", DataType.FLOAT64));

  /** Rows, the monitored model's predictions and the actual values. */
  private record Sample(List<Map<String, Object>> rows, double[] predictions, double[] actuals) {

    TabularDataset dataset() {
      TabularDataset.Builder builder = TabularDataset.builder(FEATURES, FieldSpec.scalar("price", DataType.FLOAT64));
      for (int i = 0; i < rows.size(); i++) {
        builder.addRow(rows.get(i), actuals[i]);
      }
      return builder.build();
    }
  }

  /** {@code price = 2 size + noise}, the noise's scale {@code 0.2 + 2 load}. */
  private static Sample draw(Random random, int n, double minLoad) {
    List<Map<String, Object>> rows = new ArrayList<>();
    double[] predictions = new double[n];
    double[] actuals = new double[n];
    for (int i = 0; i < n; i++) {
      double load = minLoad + (1 - minLoad) * random.nextDouble();
      double size = random.nextGaussian();
      rows.add(Map.of("load", load, "size", size));
      predictions[i] = 2 * size;
      actuals[i] = 2 * size + (0.2 + 2 * load) * random.nextGaussian();
    }
    return new Sample(rows, predictions, actuals);
  }

  @Test
  void estimatedErrorsFollowAShiftTowardsNoisierRowsAndMatchTheRealizedOnes() {
    Random random = new Random(7);
    Sample reference = draw(random, 3000, 0.0);
    Sample same = draw(random, 1000, 0.0);
    Sample noisier = draw(random, 1000, 0.6);

    try (DirectLossEstimator dle = DirectLossEstimator.builder(new GradientDescentTrainer(300, 0.3))
        .seed(1).fit(reference.dataset(), reference.predictions())) {
      PerformanceEstimate before = dle.estimate(same.rows(), same.predictions());
      PerformanceEstimate after = dle.estimate(noisier.rows(), noisier.predictions());
      Map<String, Double> realizedBefore = DirectLossEstimator.realized(same.predictions(), same.actuals());
      Map<String, Double> realizedAfter = DirectLossEstimator.realized(noisier.predictions(), noisier.actuals());

      System.out.printf("DLE MAE estimated %.4f realized %.4f before, %.4f vs %.4f after the shift;"
              + " RMSE %.4f vs %.4f, %.4f vs %.4f%n",
          before.metric("mae").value(), realizedBefore.get("mae"), after.metric("mae").value(),
          realizedAfter.get("mae"), before.metric("rmse").value(), realizedBefore.get("rmse"),
          after.metric("rmse").value(), realizedAfter.get("rmse"));
      assertThat(after.metric("mae").value()).isGreaterThan(1.3 * before.metric("mae").value());
      assertThat(after.metric("rmse").value()).isGreaterThan(1.3 * before.metric("rmse").value());
      assertThat(before.metric("mae").covers(realizedBefore.get("mae"))).isTrue();
      assertThat(after.metric("mae").covers(realizedAfter.get("mae"))).isTrue();
      assertThat(before.metric("rmse").covers(realizedBefore.get("rmse"))).isTrue();
    }
  }

  @Test
  void theReferenceMustBeARegressionWithoutAFeatureNamedAsThePrediction() {
    Sample sample = draw(new Random(1), 50, 0.0);
    TabularDataset classification = TabularDataset.builder(FEATURES, FieldSpec.categorical("y", List.of("a", "b")))
        .addRow(sample.rows().get(0), "a").build();
    DirectLossEstimator.Builder builder = DirectLossEstimator.builder(new GradientDescentTrainer());

    assertThatThrownBy(() -> builder.fit(classification, new double[] {1.0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target 'y' is categorical");
    assertThatThrownBy(() -> builder.predictionFeature("size").fit(sample.dataset(), sample.predictions()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a feature 'size'");
    assertThatThrownBy(() -> DirectLossEstimator.builder(new GradientDescentTrainer())
            .fit(sample.dataset(), new double[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("are 50 but there are 3 predictions");
  }

  @Test
  void realizedErrorsAreTheMeanAbsoluteAndRootMeanSquaredErrors() {
    assertThat(DirectLossEstimator.realized(new double[] {1, 2, 3}, new double[] {2, 2, 0}))
        .containsEntry("mae", 4.0 / 3).containsEntry("rmse", Math.sqrt(10.0 / 3));
  }
}
