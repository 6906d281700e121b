package dev.mlops.djl.internal;

import dev.mlops.predict.Explanation;
import dev.mlops.predict.FeatureContributions;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelVersion;
import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model version in native memory, scored by a {@link ScoringEngine} that bounds the calls in
 * flight by the pool size: a pool of DJL predictors, or a plugged-in format's engine.
 *
 * <p>Callers {@link #tryAcquire()} before a call and {@link #release()} after it. {@link
 * #retire(Runnable)} stops new acquisitions; when the last in-flight call releases, the drained
 * hook runs exactly once, and {@link #closeNow()} frees the engine and the model.
 */
public final class LoadedModel implements ServedModel {

  private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

  private final ModelVersion version;
  private final ScoringEngine engine;
  private final TabularEncoder encoder;
  private final List<String> labels;
  private final int expectedWidth;
  private final PredictMetrics metrics;
  private final Clock clock;
  private final InFlightCalls calls = new InFlightCalls(this::closeNow);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder engineCalls = new LongAdder();
  private final @Nullable MicroBatcher batcher;

  LoadedModel(ModelVersion version, ScoringEngine engine, TabularEncoder encoder,
      List<String> labels, int expectedWidth, PredictMetrics metrics, Clock clock,
      int microBatchRows, Duration microBatchDelay) {
    this.version = version;
    this.engine = engine;
    this.encoder = encoder;
    this.labels = List.copyOf(labels);
    this.expectedWidth = expectedWidth;
    this.metrics = metrics;
    this.clock = clock;
    this.batcher = microBatchRows > 1
        ? new MicroBatcher(microBatchRows, microBatchDelay.toNanos(), this::score) : null;
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
   * How many native arrays a DJL model's memory manager and its sub-managers (one per pooled
   * predictor) hold now (0 for a plugged-in format). Constant between calls: each call's arrays live in a per-call manager
   * that is closed when the call returns. A leak check for tests and diagnostics.
   *
   * @return the number of open arrays
   */
  public int openNativeArrays() {
    return engine.openNativeArrays();
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
    engine.close();
    LOG.debug("Closed model '{}' version {}", version.name(), version.version());
  }

  /**
   * Validates, encodes and scores rows. The caller holds an acquisition.
   *
   * @param rows the rows
   * @param single whether this is a single-row call
   * @return one prediction per row
   * @throws InvalidInputException if a row does not match the signature
   * @throws PredictionException if the engine fails
   */
  public List<Prediction> predictAcquired(List<? extends Map<String, ?>> rows, boolean single) {
    return recorded(start -> {
      EncodedBatch batch = encoder.encode(rows, single);
      ScoreBatch scores;
      if (batch.rows() == 0) {
        scores = new ScoreBatch(new float[0], 0, 0);
      } else if (single && batcher != null) {
        scores = batcher.score(batch);
      } else {
        scores = score(batch);
      }
      return toPredictions(scores, Duration.ofNanos(clock.monotonicTime() - start));
    });
  }

  /** Runs a call that started now, recording its latency and outcome. */
  private <T> T recorded(LongFunction<T> call) {
    long start = clock.monotonicTime();
    try {
      T out = call.apply(start);
      metrics.recordSuccess(clock.monotonicTime() - start);
      return out;
    } catch (InvalidInputException e) {
      metrics.recordInvalidInput(clock.monotonicTime() - start);
      throw e;
    } catch (PredictionException e) {
      metrics.recordEngineError(clock.monotonicTime() - start);
      throw e;
    }
  }

  /**
   * Runs rows through the model without recording metrics: the load-time check and warm-up.
   *
   * @param rows valid rows
   * @return the model's scores
   * @throws InvalidInputException if a row does not match the signature
   * @throws PredictionException if the engine fails or returns the wrong shape
   */
  ScoreBatch probe(List<? extends Map<String, ?>> rows) {
    return score(encoder.encode(rows, false));
  }

  /**
   * Whether the engine computes feature contributions.
   *
   * @return true for formats that explain
   */
  boolean explains() {
    return engine.explainedClasses().length > 0;
  }

  /**
   * Validates and encodes rows, scores them and computes their feature contributions. The caller
   * holds an acquisition. Not micro-batched; metrics are recorded as for predictions.
   *
   * @param rows the rows
   * @param single whether this is a single-row call
   * @return one explanation per row
   * @throws InvalidInputException if a row does not match the signature
   * @throws PredictionException if the format computes no contributions or the engine fails
   */
  public List<Explanation> explainAcquired(List<? extends Map<String, ?>> rows, boolean single) {
    return recorded(start -> {
      EncodedBatch batch = encoder.encode(rows, single);
      List<Explanation> out = new ArrayList<>(batch.rows());
      if (batch.rows() > 0) {
        ScoreBatch scores = score(batch);
        float[][][] contributions = contributions(batch);
        List<Prediction> predictions =
            toPredictions(scores, Duration.ofNanos(clock.monotonicTime() - start));
        for (int r = 0; r < batch.rows(); r++) {
          out.add(new Explanation(predictions.get(r), explain(contributions[r])));
        }
      }
      return out;
    });
  }

  private ScoreBatch score(EncodedBatch batch) {
    engineCalls.increment();
    ScoreBatch scores;
    try {
      scores = engine.score(batch);
    } catch (PredictionException e) {
      throw e;
    } catch (Exception e) {
      throw new PredictionException("Model '" + version.name() + "' version " + version.version()
          + " failed to score " + batch.rows() + " row(s): " + e.getMessage(), e);
    }
    if (scores.rows() != batch.rows()) {
      throw new PredictionException("Model '" + version.name() + "' version " + version.version()
          + " returned " + scores.rows() + " rows of scores for " + batch.rows() + " input rows",
          null);
    }
    if (expectedWidth > 0 && scores.width() != expectedWidth) {
      throw new PredictionException("Model '" + version.name() + "' version " + version.version()
          + " returned " + scores.width() + " scores per row, but its signature declares "
          + expectedWidth + "; fix the signature's output or the model", null);
    }
    return scores;
  }

  private float[][][] contributions(EncodedBatch batch) {
    engineCalls.increment();
    float[][][] values;
    try {
      values = engine.contributions(batch);
    } catch (PredictionException e) {
      throw e;
    } catch (UnsupportedOperationException e) {
      throw new PredictionException("Model '" + version.name() + "' version " + version.version()
          + " cannot be explained: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new PredictionException("Model '" + version.name() + "' version " + version.version()
          + " failed to compute the contributions of " + batch.rows() + " row(s): "
          + e.getMessage(), e);
    }
    if (values.length != batch.rows()) {
      throw new PredictionException("Model '" + version.name() + "' version " + version.version()
          + " returned contributions for " + values.length + " of " + batch.rows() + " rows", null);
    }
    return values;
  }

  private List<FeatureContributions> explain(float[][] perOutput) {
    int[] classes = engine.explainedClasses();
    List<FieldSpec> inputs = version.signature() == null ? List.of()
        : version.signature().inputs();
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
      String label = cls < 0 ? null : cls < labels.size() ? labels.get(cls) : Integer.toString(cls);
      out.add(new FeatureContributions(label, byFeature, values[values.length - 1]));
    }
    return out;
  }

  private List<Prediction> toPredictions(ScoreBatch scores, Duration latency) {
    List<Prediction> out = new ArrayList<>(scores.rows());
    for (int r = 0; r < scores.rows(); r++) {
      double[] row = scores.row(r);
      List<Double> boxed = new ArrayList<>(row.length);
      int best = 0;
      for (int i = 0; i < row.length; i++) {
        boxed.add(row[i]);
        if (row[i] > row[best]) {
          best = i;
        }
      }
      String label = labels.size() == row.length && row.length > 0 ? labels.get(best) : null;
      out.add(new Prediction(newPredictionId(), version.name(), version.version(), boxed, label,
          latency));
    }
    return out;
  }

  /** A random (version 4) UUID without the shared SecureRandom, which contends under load. */
  private static String newPredictionId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
