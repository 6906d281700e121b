package dev.mlops.core.estimation;

import dev.mlops.core.metrics.MetricNames;
import dev.mlops.core.training.TabularDataset;
import dev.mlops.internal.SetOnce;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.training.Dataset;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Direct loss estimation (DLE) for a regression model, as NannyML defines it: on a labelled
 * reference, a second model (the loss model) learns to predict the monitored model's absolute
 * error, and a third its squared error, from the features and the monitored model's prediction;
 * on current rows without labels, the estimated MAE is the mean of the predicted absolute errors
 * and the estimated RMSE the square root of the mean of the predicted squared errors (negative
 * predictions of either count as 0).
 *
 * <pre>{@code
 * try (DirectLossEstimator dle = DirectLossEstimator.builder(
 *         DjlTabularTrainer.builder().hiddenLayers(16).epochs(40).build())
 *     .fit(reference, referencePredictions)) {
 *   PerformanceEstimate estimate = dle.estimate(currentRows, currentPredictions);
 * }
 * }</pre>
 *
 * <p>The loss models are trained by any {@link Trainer}: the SDK's own {@code DjlTabularTrainer}
 * (module {@code mlops-djl}, which this module cannot depend on) is the intended one, and a loss
 * model can only be as good as what the trainer can fit: a linear trainer fits errors that grow
 * linearly with a feature, a multilayer perceptron others. The bands come from the reference's
 * sampling error of the realized MAE and RMSE, as for {@link BinaryPerformanceEstimator}.
 *
 * <p>Holds the two trained loss models, which may hold native memory: close it when done. Thread
 * safety is that of the trained models ({@code DjlTabularTrainer}'s are safe for concurrent
 * calls).
 *
 * @since 0.1
 */
public final class DirectLossEstimator implements AutoCloseable {

  /** The metrics estimated: MAE, then RMSE. */
  static final List<String> METRICS = List.of(MetricNames.MAE, MetricNames.RMSE);
  private static final int MAE = 0;
  private static final int RMSE = 1;

  private final String predictionFeature;
  private final TrainedModel absoluteError;
  private final TrainedModel squaredError;
  private final SamplingError samplingError;

  private DirectLossEstimator(String predictionFeature, TrainedModel absoluteError,
      TrainedModel squaredError, SamplingError samplingError) {
    this.predictionFeature = predictionFeature;
    this.absoluteError = absoluteError;
    this.squaredError = squaredError;
    this.samplingError = samplingError;
  }

  /**
   * Starts configuring an estimator whose loss models the trainer fits. Defaults: seed 0, the
   * prediction given to the loss models as feature {@code prediction}, sampling error from 10
   * reference chunks, 95 % bands.
   *
   * @param trainer fits the loss models, a regression each
   * @return a builder
   * @since 0.1
   */
  public static Builder builder(Trainer trainer) {
    return new Builder(Objects.requireNonNull(trainer, "trainer"));
  }

  /**
   * Estimates MAE and RMSE on rows whose actual values are unknown.
   *
   * @param rows each row's features, as the reference had them
   * @param predictions the monitored model's prediction for each row
   * @return the estimates with their bands
   * @throws IllegalArgumentException if there is no row, the lengths differ, a prediction is not
   *     finite, or a row does not fit the reference's features (naming the row and feature)
   * @since 0.1
   */
  public PerformanceEstimate estimate(List<? extends Map<String, ?>> rows, double[] predictions) {
    Objects.requireNonNull(rows, "rows");
    checkPredictions(predictions, rows.size(), "rows");
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("there are no rows to estimate the performance of");
    }
    List<Map<String, @Nullable Object>> inputs = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      inputs.add(withPrediction(rows.get(i), predictions[i]));
    }
    double[] sums = new double[2];
    addPredictedLosses(inputs, sums);
    return withBands(sums[0], sums[1], rows.size());
  }

  /**
   * Starts a mergeable accumulation of rows to estimate from, as a monitor's windows do: the sums
   * of the predicted absolute and squared errors and the row count ({@link
   * RegressionEstimateAccumulator}), the loss models run in batches.
   *
   * @return an empty accumulator of this estimator
   * @since 0.1
   */
  public RegressionEstimateAccumulator accumulator() {
    return new RegressionEstimateAccumulator(this);
  }

  /** The estimate of {@code rows} rows from the sums of their predicted errors, with bands. */
  PerformanceEstimate withBands(double absoluteSum, double squaredSum, long rows) {
    double mae = absoluteSum / rows;
    double rmse = Math.sqrt(squaredSum / rows);
    Map<String, EstimatedMetric> estimates = new LinkedHashMap<>();
    estimates.put(MetricNames.MAE, samplingError.band(MAE, mae, rows, 0.0, Double.POSITIVE_INFINITY));
    estimates.put(MetricNames.RMSE, samplingError.band(RMSE, rmse, rows, 0.0, Double.POSITIVE_INFINITY));
    return new PerformanceEstimate(rows, estimates);
  }

  /**
   * Adds the loss models' predicted absolute and squared errors of the inputs (each negative
   * prediction counted as 0) to {@code sums[0]} and {@code sums[1]}, one by one in the inputs'
   * order, so that sums continued batch after batch equal the sums over all the batches' rows.
   * Changes nothing when a loss model fails, or predicts a loss that is not a finite number (a
   * NaN would stay in the sums for good, and stored sums that are not finite are refused when
   * read back).
   *
   * @throws IllegalStateException if a loss model predicts a loss that is not finite, naming the
   *     row of the batch
   */
  void addPredictedLosses(List<Map<String, @Nullable Object>> inputs, double[] sums) {
    List<double[]> absolute = absoluteError.predict(inputs);
    List<double[]> squared = squaredError.predict(inputs);
    requireFinite(absolute, "absolute");
    requireFinite(squared, "squared");
    double absoluteSum = sums[0];
    for (double[] predicted : absolute) {
      absoluteSum += Math.max(0.0, predicted[0]);
    }
    double squaredSum = sums[1];
    for (double[] predicted : squared) {
      squaredSum += Math.max(0.0, predicted[0]);
    }
    sums[0] = absoluteSum;
    sums[1] = squaredSum;
  }

  private static void requireFinite(List<double[]> predicted, String kind) {
    for (int i = 0; i < predicted.size(); i++) {
      double loss = predicted.get(i)[0];
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("the " + kind + "-error model predicted " + loss
            + " for row " + i + " of the batch");
      }
    }
  }

  /**
   * The MAE and RMSE realized on labelled rows, to compare with an estimate.
   *
   * @param predictions the monitored model's predictions
   * @param actuals the actual values
   * @return {@code mae} and {@code rmse}
   * @throws IllegalArgumentException if there is no row, the lengths differ, or a value is not
   *     finite
   * @since 0.1
   */
  public static Map<String, Double> realized(double[] predictions, double[] actuals) {
    Objects.requireNonNull(actuals, "actuals");
    checkPredictions(predictions, actuals.length, "rows");
    if (actuals.length == 0) {
      throw new IllegalArgumentException("the rows are empty");
    }
    for (int i = 0; i < actuals.length; i++) {
      if (!Double.isFinite(actuals[i])) {
        throw new IllegalArgumentException("the actual value of row " + i + " must be finite but was " + actuals[i]);
      }
    }
    double[] metrics = realizedMetrics(predictions, actuals, 0, actuals.length);
    Map<String, Double> values = new LinkedHashMap<>();
    values.put(MetricNames.MAE, metrics[MAE]);
    values.put(MetricNames.RMSE, metrics[RMSE]);
    return Collections.unmodifiableMap(values);
  }

  /**
   * Closes both loss models. Idempotent.
   *
   * @since 0.1
   */
  @Override
  public void close() {
    try {
      absoluteError.close();
    } finally {
      squaredError.close();
    }
  }

  /** A copy of the row with the prediction as the loss models' prediction feature. */
  Map<String, @Nullable Object> withPrediction(Map<String, ?> row, double prediction) {
    Map<String, @Nullable Object> input = new LinkedHashMap<>(row);
    input.put(predictionFeature, prediction);
    return input;
  }

  private static double[] realizedMetrics(double[] predictions, double[] actuals, int from, int to) {
    double absolute = 0.0;
    double squared = 0.0;
    for (int i = from; i < to; i++) {
      double error = actuals[i] - predictions[i];
      absolute += Math.abs(error);
      squared += error * error;
    }
    int n = to - from;
    return new double[] {absolute / n, Math.sqrt(squared / n)};
  }

  private static void checkPredictions(double[] predictions, int rows, String what) {
    Objects.requireNonNull(predictions, "predictions");
    if (predictions.length != rows) {
      throw new IllegalArgumentException("the " + what + " are " + rows + " but there are "
          + predictions.length + " predictions");
    }
    for (int i = 0; i < predictions.length; i++) {
      if (!Double.isFinite(predictions[i])) {
        throw new IllegalArgumentException(
            "the prediction of row " + i + " must be finite but was " + predictions[i]);
      }
    }
  }

  /**
   * Configures and fits a {@link DirectLossEstimator}.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Trainer trainer;
    private long seed;
    private String predictionFeature = "prediction";
    private EstimatorSettings settings = EstimatorSettings.DEFAULT;
    private final Set<String> given = new HashSet<>();

    private Builder(Trainer trainer) {
      this.trainer = trainer;
    }

    /**
     * Sets the seed the loss models are trained with.
     *
     * @param value the seed; default 0
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder seed(long value) {
      SetOnce.mark(given, "seed");
      this.seed = value;
      return this;
    }

    /**
     * Names the feature through which the loss models see the monitored model's prediction.
     *
     * @param name a name that is not one of the reference's features; default {@code prediction}
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder predictionFeature(String name) {
      Objects.requireNonNull(name, "name");
      SetOnce.mark(given, "predictionFeature");
      this.predictionFeature = name;
      return this;
    }

    /**
     * Sets into how many consecutive chunks the reference is cut to measure the sampling error.
     *
     * @param chunks at least 2; default 10
     * @return this builder
     * @throws IllegalArgumentException if fewer than 2
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder referenceChunks(int chunks) {
      EstimatorSettings checked = settings.withChunks(chunks);
      SetOnce.mark(given, "referenceChunks");
      settings = checked;
      return this;
    }

    /**
     * Sets the confidence level of the bands.
     *
     * @param level in (0, 1); default 0.95
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1)
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder confidenceLevel(double level) {
      EstimatorSettings checked = settings.withLevel(level);
      SetOnce.mark(given, "confidenceLevel");
      settings = checked;
      return this;
    }

    /**
     * Trains the two loss models on the reference and measures the sampling error of its realized
     * MAE and RMSE over its chunks (in its row order).
     *
     * @param reference labelled rows with a numeric target: the actual values
     * @param predictions the monitored model's prediction for each reference row
     * @return the fitted estimator; close it when done
     * @throws IllegalArgumentException if the reference is not a regression dataset, has fewer
     *     rows than chunks, already has a feature named as the prediction feature, or the
     *     predictions do not match it in number or are not finite
     * @throws dev.mlops.training.TrainingException if the trainer fails
     * @since 0.1
     */
    public DirectLossEstimator fit(Dataset reference, double[] predictions) {
      Objects.requireNonNull(reference, "reference");
      if (reference.classification()) {
        throw new IllegalArgumentException("direct loss estimation needs a regression reference, but target '"
            + reference.target().name() + "' is categorical; use a classification estimator");
      }
      checkPredictions(predictions, reference.size(), "reference rows");
      settings.checkReferenceSize(reference.size());
      boolean clash = reference.features().stream().anyMatch(f -> f.name().equals(predictionFeature));
      if (clash) {
        throw new IllegalArgumentException("the reference already has a feature '" + predictionFeature
            + "'; name the prediction feature otherwise with predictionFeature(...)");
      }
      double[] actuals = new double[reference.size()];
      for (int i = 0; i < actuals.length; i++) {
        actuals[i] = ((Number) reference.target(i)).doubleValue();
      }
      TrainedModel absolute = train(reference, predictions, actuals, "absolute_error", (p, a) -> Math.abs(a - p));
      try {
        TrainedModel squared = train(reference, predictions, actuals, "squared_error", (p, a) -> (a - p) * (a - p));
        SamplingError error = SamplingError.measure(actuals.length, settings.chunks(), METRICS.size(),
            settings.level(), (from, to) -> realizedMetrics(predictions, actuals, from, to));
        return new DirectLossEstimator(predictionFeature, absolute, squared, error);
      } catch (RuntimeException e) {
        absolute.close();
        throw e;
      }
    }

    private TrainedModel train(Dataset reference, double[] predictions, double[] actuals, String target,
        DoubleBinaryOperator loss) {
      List<FieldSpec> features = new ArrayList<>(reference.features());
      features.add(FieldSpec.scalar(predictionFeature, DataType.FLOAT64));
      TabularDataset.Builder rows = TabularDataset.builder(features, FieldSpec.scalar(target, DataType.FLOAT64));
      for (int i = 0; i < actuals.length; i++) {
        Map<String, @Nullable Object> input = new LinkedHashMap<>(reference.features(i));
        input.values().removeIf(Objects::isNull);
        input.put(predictionFeature, predictions[i]);
        rows.addRow(input, loss.applyAsDouble(predictions[i], actuals[i]));
      }
      return trainer.train(rows.build(), seed);
    }
  }
}
