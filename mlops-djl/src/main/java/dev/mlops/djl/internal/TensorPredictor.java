package dev.mlops.djl.internal;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe raw-tensor predictor over one loaded version: a bounded pool of DJL predictors, as
 * for tabular models, with each input checked against the signature's tensor inputs (count, and
 * every dimension that is not -1) before any native call. Outputs are copied
 * by {@link TensorTranslator} into the manager of the caller's first input array, so they outlive
 * the call and are freed when the caller closes that manager.
 */
public final class TensorPredictor
    implements dev.mlops.predict.Predictor<NDList, NDList>, ServedModel {

  private final ModelVersion version;
  private final ZooModel<NDList, NDList> model;
  private final List<FieldSpec> tensorInputs;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<Predictor<NDList, NDList>> idle =
      new ConcurrentLinkedQueue<>();
  private final InFlightCalls calls = new InFlightCalls(this::closeNow);
  private final AtomicBoolean closed = new AtomicBoolean();

  TensorPredictor(ModelVersion version, ZooModel<NDList, NDList> model,
      List<FieldSpec> tensorInputs, int poolSize) {
    this.version = version;
    this.model = model;
    this.tensorInputs = List.copyOf(tensorInputs);
    this.permits = new Semaphore(poolSize, true);
  }

  @Override
  public NDList predict(NDList input) {
    if (!calls.tryAcquire()) {
      throw new IllegalStateException("The tensor predictor of model '" + version.name()
          + "' version " + version.version() + " is closed");
    }
    try {
      return predictAcquired(input);
    } finally {
      calls.release();
    }
  }

  /**
   * Validates and scores one input list. The caller holds an acquisition ({@link #tryAcquire()}).
   *
   * @param input the input arrays
   * @return the outputs, owned by the manager of the input's first array
   * @throws InvalidInputException if the input does not match the signature's tensor inputs
   * @throws PredictionException if the engine fails
   */
  public NDList predictAcquired(NDList input) {
    validate(input, -1);
    return score(input);
  }

  /**
   * Validates every input list, then scores each on its own. The caller holds an acquisition.
   *
   * @param inputs the inputs
   * @return one output list per input
   * @throws InvalidInputException naming the index of the first input that does not match
   * @throws PredictionException if the engine fails
   */
  public List<NDList> predictBatchAcquired(List<NDList> inputs) {
    for (int i = 0; i < inputs.size(); i++) {
      validate(inputs.get(i), i);
    }
    List<NDList> out = new ArrayList<>(inputs.size());
    for (NDList input : inputs) {
      out.add(score(input));
    }
    return out;
  }

  /**
   * Scores each input list on its own.
   *
   * @param inputs the inputs
   * @return one output list per input
   * @throws InvalidInputException naming the index of the first input that does not match
   */
  @Override
  public List<NDList> predictBatch(List<NDList> inputs) {
    if (!calls.tryAcquire()) {
      throw new IllegalStateException("The tensor predictor of model '" + version.name()
          + "' version " + version.version() + " is closed");
    }
    try {
      return predictBatchAcquired(inputs);
    } finally {
      calls.release();
    }
  }

  @Override
  public ModelVersion modelVersion() {
    return version;
  }

  /** Stops new calls; the native model is freed when the calls in flight have finished. */
  @Override
  public void close() {
    calls.retire(this::closeNow);
  }

  @Override
  public ModelVersion version() {
    return version;
  }

  @Override
  public boolean tryAcquire() {
    return calls.tryAcquire();
  }

  @Override
  public void release() {
    calls.release();
  }

  @Override
  public void retire(Runnable hook) {
    calls.retire(hook);
  }

  /**
   * Whether the native model has been freed.
   *
   * @return true once closed and drained
   */
  public boolean isReleased() {
    return closed.get();
  }

  /** Runs a list through the model, for the warm-up at load; the outputs go to the input's manager. */
  void probe(NDList input) {
    validate(input, -1);
    score(input);
  }

  private void validate(NDList input, int index) {
    if (input == null || input.isEmpty()) {
      throw invalid(null, index, "expected " + (tensorInputs.isEmpty() ? "at least one"
          : tensorInputs.size()) + " input array(s) but got none");
    }
    if (tensorInputs.isEmpty()) {
      return;
    }
    if (input.size() != tensorInputs.size()) {
      throw invalid(null, index, "expected " + tensorInputs.size() + " input array(s) "
          + tensorInputs.stream().map(FieldSpec::name).toList() + " but got " + input.size());
    }
    for (int i = 0; i < input.size(); i++) {
      FieldSpec spec = tensorInputs.get(i);
      Shape actual = input.get(i).getShape();
      if (!matches(spec.shape(), actual)) {
        throw invalid(spec.name(), index, "expected shape " + spec.shape()
            + " (-1 is any size) but got " + actual);
      }
    }
  }

  private static boolean matches(List<Long> expected, Shape actual) {
    if (expected.size() != actual.dimension()) {
      return false;
    }
    for (int d = 0; d < expected.size(); d++) {
      if (expected.get(d) >= 0 && expected.get(d) != actual.get(d)) {
        return false;
      }
    }
    return true;
  }

  private InvalidInputException invalid(@Nullable String feature, int index, String problem) {
    return new InvalidInputException(version.name(), version.version(), feature, index, problem);
  }

  private NDList score(NDList input) {
    Predictor<NDList, NDList> p = borrow();
    try {
      return p.predict(input);
    } catch (TranslateException | RuntimeException e) {
      throw new PredictionException("Model '" + version.name() + "' version " + version.version()
          + " failed to score tensors " + Arrays.toString(input.getShapes()) + ": " + e.getMessage(),
          e);
    } finally {
      idle.offer(p);
      permits.release();
    }
  }

  private Predictor<NDList, NDList> borrow() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PredictionException("Interrupted while waiting for a free predictor of model '"
          + version.name() + "' version " + version.version(), e);
    }
    Predictor<NDList, NDList> p = idle.poll();
    if (p != null) {
      return p;
    }
    try {
      return model.newPredictor();
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Frees every pooled predictor and the native model. Idempotent. */
  @Override
  public void closeNow() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Predictor<NDList, NDList> p;
    while ((p = idle.poll()) != null) {
      p.close();
    }
    model.close();
  }
}
