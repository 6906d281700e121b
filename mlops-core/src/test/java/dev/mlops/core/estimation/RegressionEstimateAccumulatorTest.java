package dev.mlops.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.training.GradientDescentTrainer;
import dev.mlops.core.training.TabularDataset;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mergeable form of direct loss estimation estimates what {@link DirectLossEstimator}
 * estimates on the same rows, whatever batches its loss models run in, merges into the
 * accumulator of the union and survives its bytes. The loss models are the core tests' linear
 * trainer's, fitted on a regression whose noise grows linearly with a feature.
 */
class RegressionEstimateAccumulatorTest {

  private static final List<FieldSpec> FEATURES =
      List.of(FieldSpec.scalar("load", DataType.FLOAT64), FieldSpec.scalar("size", DataType.FLOAT64));

  private final Random random = new Random(23);
  private final DirectLossEstimator dle = fitted(random);

  @AfterEach
  void close() {
    dle.close();
  }

  @Test
  void rowsAddedInBatchesEstimateExactlyWhatTheArrayEstimatorDoesOnTheSameRows() {
    // 1000 rows: three full batches run while rows are added, the rest when estimated.
    List<Map<String, Object>> rows = rows(random, 1000, 0.3);
    double[] predictions = predictions(rows);
    RegressionEstimateAccumulator accumulator = dle.accumulator();
    for (int i = 0; i < rows.size(); i++) {
      accumulator.add(rows.get(i), predictions[i]);
    }

    PerformanceEstimate windowed = accumulator.estimate();
    assertThat(windowed).isEqualTo(dle.estimate(rows, predictions));
    assertThat(windowed.rows()).isEqualTo(1000);
    assertThat(windowed.metrics()).containsOnlyKeys("mae", "rmse");
    assertThat(windowed.metric("mae").lower()).isLessThan(windowed.metric("mae").value());
  }

  @Test
  void accumulatorsOfDisjointRowsMergeIntoTheAccumulatorOfTheirUnion() {
    List<Map<String, Object>> rows = rows(random, 900, 0.0);
    double[] predictions = predictions(rows);
    RegressionEstimateAccumulator union = dle.accumulator();
    List<RegressionEstimateAccumulator> parts =
        List.of(dle.accumulator(), dle.accumulator(), dle.accumulator());
    for (int i = 0; i < rows.size(); i++) {
      union.add(rows.get(i), predictions[i]);
      // Uneven parts, each with rows still waiting for the loss models when merged.
      parts.get(i % 7 == 0 ? 0 : i % 2 + 1).add(rows.get(i), predictions[i]);
    }
    RegressionEstimateAccumulator merged = dle.accumulator();
    parts.forEach(merged::merge);

    assertThat(merged.rows()).isEqualTo(union.rows()).isEqualTo(900);
    PerformanceEstimate expected = union.estimate();
    PerformanceEstimate actual = merged.estimate();
    for (String metric : List.of("mae", "rmse")) {
      EstimatedMetric e = expected.metric(metric);
      assertThat(actual.metric(metric).value()).as(metric).isCloseTo(e.value(), within(1e-12));
      assertThat(actual.metric(metric).lower()).as(metric).isCloseTo(e.lower(), within(1e-12));
      assertThat(actual.metric(metric).upper()).as(metric).isCloseTo(e.upper(), within(1e-12));
    }
  }

  @Test
  void bytesReadBackIntoTheSameEstimateAndForeignOrCorruptBytesAreRejected() {
    List<Map<String, Object>> rows = rows(random, 300, 0.5);
    double[] predictions = predictions(rows);
    RegressionEstimateAccumulator accumulator = dle.accumulator();
    for (int i = 0; i < rows.size(); i++) {
      accumulator.add(rows.get(i), predictions[i]);
    }

    byte[] bytes = accumulator.toBytes();
    RegressionEstimateAccumulator read = RegressionEstimateAccumulator.fromBytes(dle, bytes);
    assertThat(read.rows()).isEqualTo(300);
    assertThat(read.estimate()).isEqualTo(accumulator.estimate());
    assertThatThrownBy(() -> RegressionEstimateAccumulator.fromBytes(dle,
        ByteBuffer.allocate(28).putInt(0x4D4C4542).array()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no MLER header");
    assertThatThrownBy(() -> RegressionEstimateAccumulator.fromBytes(dle,
        Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Truncated");
  }

  @Test
  void rowsWaitForTheLossModelsUntilABatchIsFullOrTheAccumulatorIsRead() {
    RegressionEstimateAccumulator accumulator = dle.accumulator();
    List<Map<String, Object>> rows = rows(random, RegressionEstimateAccumulator.BATCH - 1, 0.0);
    double[] predictions = predictions(rows);
    for (int i = 0; i < rows.size(); i++) {
      accumulator.add(rows.get(i), predictions[i]);
    }
    assertThat(accumulator.rows()).as("counted while waiting").isEqualTo(rows.size());

    dle.close();
    assertThatThrownBy(accumulator::flush).as("the loss models run only now, and are closed")
        .isInstanceOf(IllegalStateException.class);
    assertThat(accumulator.rows()).as("the failed batch is left out").isZero();
    assertThatThrownBy(() -> accumulator.add(Map.of("load", 0.1, "size", 1.0), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite but was NaN");
    assertThatThrownBy(accumulator::estimate).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no rows");
  }

  @Test
  void aBatchWhoseLossIsNotFiniteIsLeftOutAndTheSumsStayReadable() {
    Random seeded = new Random(5);
    List<Map<String, Object>> rows = rows(seeded, 3000, 0.0);
    double[] predictions = predictions(rows);
    TabularDataset.Builder reference =
        TabularDataset.builder(FEATURES, FieldSpec.scalar("price", DataType.FLOAT64));
    for (int i = 0; i < rows.size(); i++) {
      reference.addRow(rows.get(i), predictions[i] + seeded.nextGaussian());
    }
    try (DirectLossEstimator nanForHugeSizes = DirectLossEstimator.builder(
        new NaNForHugeSizes(new GradientDescentTrainer(100, 0.3))).seed(1)
        .fit(reference.build(), predictions)) {
      RegressionEstimateAccumulator accumulator = nanForHugeSizes.accumulator();
      for (int i = 0; i < 10; i++) {
        accumulator.add(rows.get(i), predictions[i]);
      }
      accumulator.flush();
      accumulator.add(Map.of("load", 0.5, "size", 1e9), 2e9);
      assertThatThrownBy(accumulator::flush).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("predicted NaN for row 0 of the batch");

      assertThat(accumulator.rows()).as("only the finite batch counts").isEqualTo(10);
      RegressionEstimateAccumulator read =
          RegressionEstimateAccumulator.fromBytes(nanForHugeSizes, accumulator.toBytes());
      assertThat(read.estimate().metric("mae").value()).isFinite()
          .isEqualTo(accumulator.estimate().metric("mae").value());
    }
  }

  /** A trainer whose models predict NaN for rows with a size over a million, as an overflow would. */
  private record NaNForHugeSizes(dev.mlops.training.Trainer trainer)
      implements dev.mlops.training.Trainer {
    @Override
    public dev.mlops.training.TrainedModel train(dev.mlops.training.Dataset training, long seed) {
      dev.mlops.training.TrainedModel model = trainer.train(training, seed);
      return (dev.mlops.training.TrainedModel) java.lang.reflect.Proxy.newProxyInstance(
          getClass().getClassLoader(), new Class<?>[] {dev.mlops.training.TrainedModel.class},
          (proxy, method, arguments) -> {
            Object result = method.invoke(model, arguments);
            if (method.getName().equals("predict")) {
              @SuppressWarnings("unchecked")
              List<Map<String, Object>> input = (List<Map<String, Object>>) arguments[0];
              @SuppressWarnings("unchecked")
              List<double[]> output = (List<double[]>) result;
              for (int i = 0; i < input.size(); i++) {
                if (((Number) input.get(i).get("size")).doubleValue() > 1e6) {
                  output.get(i)[0] = Double.NaN;
                }
              }
            }
            return result;
          });
    }

    @Override
    public Map<String, String> configuration() {
      return trainer.configuration();
    }
  }

  /** DLE fitted on 3000 rows of {@code price = 2 size + noise}, the noise's scale {@code 0.2 + 2 load}. */
  static DirectLossEstimator fitted(Random random) {
    List<Map<String, Object>> rows = rows(random, 3000, 0.0);
    double[] predictions = predictions(rows);
    TabularDataset.Builder reference =
        TabularDataset.builder(FEATURES, FieldSpec.scalar("price", DataType.FLOAT64));
    for (int i = 0; i < rows.size(); i++) {
      double load = (Double) rows.get(i).get("load");
      reference.addRow(rows.get(i), predictions[i] + (0.2 + 2 * load) * random.nextGaussian());
    }
    return DirectLossEstimator.builder(new GradientDescentTrainer(300, 0.3)).seed(1)
        .fit(reference.build(), predictions);
  }

  static List<Map<String, Object>> rows(Random random, int n, double minLoad) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(Map.of("load", minLoad + (1 - minLoad) * random.nextDouble(),
          "size", random.nextGaussian()));
    }
    return rows;
  }

  /** The monitored model's predictions: {@code 2 size}, the mean of the price. */
  static double[] predictions(List<Map<String, Object>> rows) {
    return rows.stream().mapToDouble(r -> 2 * (Double) r.get("size")).toArray();
  }
}
