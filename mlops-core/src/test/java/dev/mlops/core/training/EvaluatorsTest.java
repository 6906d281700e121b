package dev.mlops.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.metrics.MetricNames;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainingException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class EvaluatorsTest {

  /** A model that scores each row with a function of its feature "x". */
  private record FixedModel(Function<Double, double[]> scores) implements TrainedModel {
    @Override
    public ModelFormat format() {
      return new ModelFormat("fixed");
    }

    @Override
    public ModelSignature signature() {
      return ModelSignature.of(List.of(FieldSpec.scalar("x", DataType.FLOAT64)), List.of());
    }

    @Override
    public List<double[]> predict(List<Map<String, @Nullable Object>> rows) {
      return rows.stream().map(r -> scores.apply((Double) r.get("x"))).toList();
    }

    @Override
    public Map<String, String> parameters() {
      return Map.of();
    }

    @Override
    public Map<String, Double> trainingMetrics() {
      return Map.of();
    }

    @Override
    public void save(Path directory) {}

    @Override
    public void close() {}
  }

  /** x in 0..9; class "yes" for x >= 5. */
  private static TabularDataset binary() {
    TabularDataset.Builder b = TabularDataset.builder(
        List.of(FieldSpec.scalar("x", DataType.FLOAT64)),
        FieldSpec.categorical("y", List.of("no", "yes")));
    for (int x = 0; x < 10; x++) {
      b.addRow(Map.of("x", (double) x), x >= 5 ? "yes" : "no");
    }
    return b.build();
  }

  @Test
  void classificationMetricsComeFromTheModelsProbabilitiesOnTheHoldoutRows() {
    // Predicts "yes" for x >= 3: rows 3 and 4 are false positives, 8 of 10 right.
    TrainedModel model = new FixedModel(x -> x >= 3 ? new double[] {0.2, 0.8}
        : new double[] {0.9, 0.1});

    Map<String, Double> metrics = ClassificationEvaluator.create().evaluate(model, binary());

    assertThat(metrics.get(MetricNames.ACCURACY)).isCloseTo(0.8, within(1e-12));
    assertThat(metrics.get(MetricNames.PRECISION)).isCloseTo(5 / 7.0, within(1e-12));
    assertThat(metrics.get(MetricNames.RECALL)).isCloseTo(1.0, within(1e-12));
    assertThat(metrics).containsKeys(MetricNames.ROC_AUC, MetricNames.LOG_LOSS, MetricNames.F1);
  }

  @Test
  void multiClassMetricsUseEveryClassInTheTargetsOrder() {
    TabularDataset.Builder b = TabularDataset.builder(
        List.of(FieldSpec.scalar("x", DataType.FLOAT64)),
        FieldSpec.categorical("y", List.of("low", "mid", "high")));
    for (int x = 0; x < 9; x++) {
      b.addRow(Map.of("x", (double) x), x < 3 ? "low" : x < 6 ? "mid" : "high");
    }
    // Right for every row but x = 5, which it calls "high".
    TrainedModel model = new FixedModel(x -> x < 3 ? new double[] {0.8, 0.1, 0.1}
        : x < 5 ? new double[] {0.1, 0.8, 0.1} : new double[] {0.1, 0.2, 0.7});

    Map<String, Double> metrics = ClassificationEvaluator.create().evaluate(model, b.build());

    assertThat(metrics.get(MetricNames.ACCURACY)).isCloseTo(8 / 9.0, within(1e-12));
    // Macro recall: low 3/3, mid 2/3, high 3/3.
    assertThat(metrics.get(MetricNames.RECALL)).isCloseTo((1 + 2 / 3.0 + 1) / 3, within(1e-12));
  }

  @Test
  void thePositiveClassCanBeChosen() {
    TrainedModel model = new FixedModel(x -> x >= 3 ? new double[] {0.2, 0.8}
        : new double[] {0.9, 0.1});

    Map<String, Double> metrics =
        ClassificationEvaluator.withPositiveClass("no").evaluate(model, binary());

    // Of the 3 rows predicted "no", all are "no"; of the 5 "no" rows, 3 are found.
    assertThat(metrics.get(MetricNames.PRECISION)).isCloseTo(1.0, within(1e-12));
    assertThat(metrics.get(MetricNames.RECALL)).isCloseTo(0.6, within(1e-12));
  }

  @Test
  void aModelReturningTheWrongNumberOfProbabilitiesIsRejectedNamingTheRow() {
    TrainedModel model = new FixedModel(x -> new double[] {1.0});

    assertThatThrownBy(() -> ClassificationEvaluator.create().evaluate(model, binary()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("returned 1 values for hold-out row 0 but 2 were expected");
  }

  @Test
  void aNanScoreMeansTrainingDiverged() {
    TrainedModel model = new FixedModel(x -> new double[] {Double.NaN, Double.NaN});

    assertThatThrownBy(() -> ClassificationEvaluator.create().evaluate(model, binary()))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("scored hold-out row 0 as NaN; training has probably diverged");
  }

  @Test
  void eachEvaluatorRejectsTheOtherKindOfTarget() {
    TrainedModel model = new FixedModel(x -> new double[] {x});

    assertThatThrownBy(() -> RegressionEvaluator.create().evaluate(model, binary()))
        .hasMessageContaining("use a ClassificationEvaluator");
    assertThatThrownBy(() -> ClassificationEvaluator.create()
            .evaluate(model, SyntheticData.houses(5, 1)))
        .hasMessageContaining("use a RegressionEvaluator");
  }

  @Test
  void regressionMetricsComeFromTheModelsPredictions() {
    TabularDataset.Builder b = TabularDataset.builder(
        List.of(FieldSpec.scalar("x", DataType.FLOAT64)), FieldSpec.scalar("y", DataType.FLOAT64));
    for (int x = 1; x <= 4; x++) {
      b.addRow(Map.of("x", (double) x), 2.0 * x);
    }
    // Predicts 2x + 1: every error is 1.
    TrainedModel model = new FixedModel(x -> new double[] {2 * x + 1});

    Map<String, Double> metrics = RegressionEvaluator.create().evaluate(model, b.build());

    assertThat(metrics.get(MetricNames.MAE)).isCloseTo(1.0, within(1e-12));
    assertThat(metrics.get(MetricNames.RMSE)).isCloseTo(1.0, within(1e-12));
    assertThat(metrics.get(MetricNames.MAPE))
        .isCloseTo((1 / 2.0 + 1 / 4.0 + 1 / 6.0 + 1 / 8.0) / 4, within(1e-12));
    assertThat(metrics.get(MetricNames.R2)).isCloseTo(1 - 4 / 20.0, within(1e-12));
  }

  @Test
  void anEmptyHoldoutSetCannotBeEvaluated() {
    TrainedModel model = new FixedModel(x -> new double[] {0.5, 0.5});

    assertThatThrownBy(() -> ClassificationEvaluator.create()
            .evaluate(model, binary().subset(new int[0])))
        .hasMessageContaining("The hold-out set is empty");
  }
}
