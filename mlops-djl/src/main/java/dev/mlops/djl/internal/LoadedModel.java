package dev.mlops.djl.internal;

import dev.mlops.core.observe.MlopsObservations;
import dev.mlops.core.observe.ObservedCall;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.ExplanationUnavailableException;
import dev.mlops.predict.FeatureContributions;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.PredictionFields;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import io.micrometer.core.instrument.Clock;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model version in native memory, scoring tabular rows through its {@link TabularEngine}: at
 * most {@code poolSize} calls run in the engine at once (a fair semaphore), the rest wait.
 *
 * <p>Callers {@link #tryAcquire()} before a call and {@link #release()} after it. {@link
 * #retire(Runnable)} stops new acquisitions; when the last in-flight call releases, the drained
 * hook runs exactly once, and {@link #closeNow()} frees the engine.
 *
 * <p>Each row's {@link Prediction} carries the scores, the label (the model's label output where
 * it has one, else the category with the highest score) and the outputs named by {@link
 * PredictionFields}.
 */
public final class LoadedModel implements ServedModel {

  private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

  private final ModelVersion version;
  private final Scoring<?> scoring;
  /** The class labels: the score output's, else the label output's. */
  private final List<String> categories;
  /** Whether the label output holds integers, so a label chosen from the classes is a Long. */
  private final boolean integerLabels;
  private final int expectedWidth;
  private final PredictionFields fields;
  private final PredictMetrics metrics;
  private final Clock clock;
  private final Semaphore permits;
  private final InFlightCalls calls = new InFlightCalls(this::closeNow);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder engineCalls = new LongAdder();
  private final @Nullable ObservationRegistry observations;

  <E> LoadedModel(ModelVersion version, TabularEngine<E> engine, PredictionFields fields,
      int expectedWidth, int poolSize, PredictMetrics metrics, Clock clock, int microBatchRows,
      Duration microBatchDelay, @Nullable ObservationRegistry observations) {
    this.version = version;
    FieldSpec scoreOutput = fields.scoreOutput();
    FieldSpec labelOutput = fields.labelOutput();
    List<String> classes = scoreOutput == null ? List.of() : scoreOutput.categories();
    this.categories = classes.isEmpty() && labelOutput != null ? labelOutput.categories() : classes;
    this.integerLabels = labelOutput != null
        && (labelOutput.type() == DataType.INT64 || labelOutput.type() == DataType.INT32);
    this.expectedWidth = expectedWidth;
    this.fields = fields;
    this.metrics = metrics;
    this.clock = clock;
    this.permits = new Semaphore(poolSize, true);
    this.scoring = new Scoring<>(engine, microBatchRows, microBatchDelay, poolSize);
    this.observations = observations;
  }

  /**
   * The version in memory.
   *
   * @return the version
   */
  @Override
  public ModelVersion version() {
    return version;
  }

  /**
   * Registers a call in flight, unless the model is retired.
   *
   * @return true if the caller may call {@link #predictAcquired} and must {@link #release()} after
   */
  @Override
  public boolean tryAcquire() {
    return calls.tryAcquire();
  }

  /** Ends a call registered with {@link #tryAcquire()}; the last call of a retired model drains it. */
  @Override
  public void release() {
    calls.release();
  }

  /**
   * Runs a call under an acquisition, for a predictor that owns this model alone.
   *
   * @param <T> what the call returns
   * @param owner what calls, for the message, such as {@code predictor}
   * @param call the call
   * @return what it returned
   * @throws IllegalStateException if the model is retired (its owner was closed)
   */
  <T> T whileAcquired(String owner, Supplier<T> call) {
    if (!tryAcquire()) {
      throw new IllegalStateException("The " + owner + " of model '" + version.name()
          + "' version " + version.version() + " is closed");
    }
    try {
      return call.get();
    } finally {
      release();
    }
  }

  /**
   * Stops new calls; {@code hook} runs once the calls in flight have finished, at once if none are.
   * Retiring twice keeps the first hook.
   *
   * @param hook what to do when drained, typically {@link #closeNow()}
   */
  @Override
  public void retire(Runnable hook) {
    calls.retire(hook);
  }

  /**
   * How many calls hold this model now.
   *
   * @return the number of calls in flight
   */
  public int inFlightCalls() {
    return calls.count();
  }

  /**
   * Whether the native model was closed.
   *
   * @return true after {@link #closeNow()}
   */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * How many native values (DJL arrays, ONNX Runtime tensors) the model holds now. Constant
   * between calls: each call's values are freed when the call returns, and reusable buffers are
   * created once per pooled slot. A leak check for tests and diagnostics.
   *
   * @return the number of open native values
   */
  public int openNativeArrays() {
    return scoring.engine.openNativeValues();
  }

  /**
   * How many engine calls this model has made, warm-up included. With micro-batching, fewer than
   * the predict calls it served.
   *
   * @return the count
   */
  public long engineCalls() {
    return engineCalls.sum();
  }

  /** Frees the engine and the native model. Idempotent. */
  @Override
  public void closeNow() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scoring.engine.close();
    LOG.debug("Closed model '{}' version {}", version.name(), version.version());
  }

  /**
   * Validates, encodes and scores rows. The caller holds an acquisition. The call is observed
   * ({@link MlopsObservations#PREDICT}) and names the model and version in the MDC meanwhile.
   *
   * @param rows the rows
   * @param single whether this is a single-row call
   * @return one prediction per row
   * @throws InvalidInputException if a row does not match the signature
   * @throws PredictionException if the engine fails
   */
  public List<Prediction> predictAcquired(List<? extends Map<String, ?>> rows, boolean single) {
    return recorded(start -> toPredictions(scoring.predict(rows, single),
        Duration.ofNanos(clock.monotonicTime() - start)));
  }

  /**
   * Checks that the engine computes feature contributions.
   *
   * @throws ExplanationUnavailableException if it computes none, naming the model, version and
   *     format
   */
  void requireExplains() {
    if (scoring.engine.explainedClasses().length == 0) {
      throw new ExplanationUnavailableException("Model '" + version.name() + "' version "
          + version.version() + " has format '" + version.format() + "', whose engine computes "
          + "no feature contributions; explanations are available for formats whose engines "
          + "compute them natively (xgboost)");
    }
  }

  /**
   * Validates, encodes and scores rows and computes their feature contributions, in one engine
   * call each (never micro-batched). The caller holds an acquisition. Metrics are recorded as for
   * predictions.
   *
   * @param rows the rows
   * @param single whether this is a single-row call
   * @return one explanation per row
   * @throws InvalidInputException if a row does not match the signature
   * @throws ExplanationUnavailableException if the engine computes no contributions
   * @throws PredictionException if the engine fails
   */
  public List<Explanation> explainAcquired(List<? extends Map<String, ?>> rows, boolean single) {
    requireExplains();
    return recorded(start -> scoring.explain(rows, single, start));
  }

  /** Runs a call that started now, recording its latency and outcome. */
  private <T> T recorded(LongFunction<T> work) {
    long start = clock.monotonicTime();
    ObservedCall call = ObservedCall.start(observations, MlopsObservations.PREDICT,
        version.name(), version.version());
    try {
      T out = work.apply(start);
      metrics.recordSuccess(clock.monotonicTime() - start);
      call.outcome(PredictMetrics.SUCCESS);
      return out;
    } catch (InvalidInputException e) {
      metrics.recordInvalidInput(clock.monotonicTime() - start);
      call.failed(e, PredictMetrics.INVALID_INPUT);
      throw e;
    } catch (PredictionException e) {
      metrics.recordEngineError(clock.monotonicTime() - start);
      call.failed(e, PredictMetrics.ENGINE_ERROR);
      throw e;
    } finally {
      call.close();
    }
  }

  /**
   * Runs rows through the model without recording metrics: the load-time check and warm-up.
   *
   * @param rows valid rows
   * @return one prediction per row
   * @throws InvalidInputException if a row does not match the signature
   * @throws PredictionException if the engine fails or returns the wrong shape
   */
  List<Prediction> probe(List<? extends Map<String, ?>> rows) {
    return toPredictions(scoring.predict(rows, false), Duration.ZERO);
  }

  /**
   * A valid row made from the signature alone, for a warm-up without an input example.
   *
   * @return the row
   */
  Map<String, Object> syntheticRow() {
    return scoring.engine.syntheticRow();
  }

  /** The engine with its micro-batcher, typed by its encoded form. */
  private final class Scoring<E> {
    final TabularEngine<E> engine;
    private final @Nullable MicroBatcher<E, RowScores> batcher;

    Scoring(TabularEngine<E> engine, int microBatchRows, Duration microBatchDelay,
        int poolSize) {
      this.engine = engine;
      // As many callers as the pool serves side by side are scored alone, as without batching.
      this.batcher = microBatchRows > 1 ? new MicroBatcher<>(microBatchRows,
          microBatchDelay.toNanos(), poolSize, this::score,
          singles -> score(engine.join(singles)).split()) : null;
    }

    RowScores predict(List<? extends Map<String, ?>> rows, boolean single) {
      if (single && batcher != null) {
        // Encoded inside the batcher, which counts the caller in flight from now on.
        return batcher.score(() -> engine.encode(rows, true));
      }
      E batch = engine.encode(rows, single);
      int n = engine.rows(batch);
      if (n == 0) {
        return new RowScores(new double[0], 0, 0, null);
      }
      return score(batch);
    }

    List<Explanation> explain(List<? extends Map<String, ?>> rows, boolean single, long start) {
      E batch = engine.encode(rows, single);
      int n = engine.rows(batch);
      if (n == 0) {
        return List.of();
      }
      RowScores scores = score(batch);
      float[][][] contributions = contributions(batch, n);
      List<Prediction> predictions =
          toPredictions(scores, Duration.ofNanos(clock.monotonicTime() - start));
      List<Explanation> out = new ArrayList<>(n);
      for (int r = 0; r < n; r++) {
        out.add(new Explanation(predictions.get(r), explained(contributions[r])));
      }
      return out;
    }

    private float[][][] contributions(E batch, int n) {
      engineCalls.increment();
      acquirePermit();
      float[][][] values;
      try {
        values = engine.contributions(batch);
      } catch (PredictionException e) {
        throw e;
      } catch (Exception e) {
        throw new PredictionException("Model '" + version.name() + "' version "
            + version.version() + " failed to compute the contributions of " + n + " row(s): "
            + e.getMessage(), e);
      } finally {
        permits.release();
      }
      if (values.length != n) {
        throw new PredictionException("Model '" + version.name() + "' version "
            + version.version() + " returned contributions for " + values.length + " of " + n
            + " rows", null);
      }
      return values;
    }

    private RowScores score(E batch) {
      engineCalls.increment();
      int n = engine.rows(batch);
      acquirePermit();
      RowScores scores;
      try {
        scores = engine.score(batch);
      } catch (PredictionException e) {
        throw e;
      } catch (Exception e) {
        throw new PredictionException("Model '" + version.name() + "' version "
            + version.version() + " failed to score " + n + " row(s): " + e.getMessage(), e);
      } finally {
        permits.release();
      }
      if (scores.rows() != n) {
        throw new PredictionException("Model '" + version.name() + "' version "
            + version.version() + " returned " + scores.rows() + " rows of scores for " + n
            + " input rows", null);
      }
      if (expectedWidth > 0 && scores.width() != expectedWidth) {
        throw new PredictionException("Model '" + version.name() + "' version "
            + version.version() + " returned " + scores.width() + " scores per row, but its "
            + "signature declares " + expectedWidth + "; fix the signature's output or the model",
            null);
      }
      return scores;
    }
  }

  private void acquirePermit() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PredictionException("Interrupted while waiting for a free predictor of model '"
          + version.name() + "' version " + version.version(), e);
    }
  }

  /** One row's contributions, per explained output, named by the signature's features. */
  private List<FeatureContributions> explained(float[][] perOutput) {
    int[] classes = scoring.engine.explainedClasses();
    ModelSignature signature = version.signature();
    List<FieldSpec> inputs = signature == null ? List.of() : signature.inputs();
    List<FeatureContributions> out = new ArrayList<>(perOutput.length);
    for (int k = 0; k < perOutput.length; k++) {
      float[] values = perOutput[k];
      if (values.length != inputs.size() + 1) {
        throw new PredictionException("Model '" + version.name() + "' version "
            + version.version() + " returned " + values.length + " contributions per output, but "
            + "its signature declares " + inputs.size() + " features (plus the bias)", null);
      }
      Map<String, Double> byFeature = new LinkedHashMap<>();
      for (int f = 0; f < inputs.size(); f++) {
        byFeature.put(inputs.get(f).name(), (double) values[f]);
      }
      int cls = k < classes.length ? classes[k] : -1;
      String label = cls < 0 ? null
          : cls < categories.size() ? categories.get(cls) : Integer.toString(cls);
      out.add(new FeatureContributions(label, byFeature, values[values.length - 1]));
    }
    return out;
  }

  /**
   * One prediction per row. The rows share the batch's score array ({@link
   * PredictionFields#scores}) and the fields' names: per row, the SDK adds a prediction, its id
   * and two small views.
   */
  private List<Prediction> toPredictions(RowScores scores, Duration latency) {
    int width = scores.width();
    double[] values = scores.scores();
    Object[] labels = scores.labels();
    boolean labelFromScores = categories.size() == width && width > 0;
    List<Prediction> out = new ArrayList<>(scores.rows());
    for (int r = 0; r < scores.rows(); r++) {
      List<Double> row = PredictionFields.scores(values, r, width);
      Object modelLabel = labels == null ? null : labels[r];
      String label = modelLabel != null ? String.valueOf(modelLabel)
          : labelFromScores ? categories.get(highest(values, r * width, width)) : null;
      out.add(new Prediction(newPredictionId(), version.name(), version.version(), row, label,
          latency, fields.outputs(row, modelLabel != null ? modelLabel : typed(label))));
    }
    return out;
  }

  /**
   * A label chosen from the classes (by an engine without a label output), as the label output
   * declares it: a {@code Long} for an integer output, as ONNX Runtime returns it for the ONNX
   * export of the same classifier, else the text.
   */
  private @Nullable Object typed(@Nullable String label) {
    if (label == null || !integerLabels) {
      return label;
    }
    try {
      return Long.valueOf(label);
    } catch (NumberFormatException e) {
      return label;
    }
  }

  /** The index of the highest of {@code width} values from {@code from}; the first of ties. */
  private static int highest(double[] values, int from, int width) {
    int best = 0;
    for (int i = 1; i < width; i++) {
      if (values[from + i] > values[from + best]) {
        best = i;
      }
    }
    return best;
  }

  /** A random (version 4) UUID without the shared SecureRandom, which contends under load. */
  private static String newPredictionId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
