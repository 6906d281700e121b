package dev.mlops.djl.internal;

import dev.mlops.registry.ModelVersion;

/**
 * One model version in native memory that a deployment can serve, swap out and drain: callers
 * {@link #tryAcquire()} before a call and {@link #release()} after it; {@link #retire(Runnable)}
 * stops new calls and runs its hook when the last call in flight has ended; {@link #closeNow()}
 * frees the native model. Implemented by {@link LoadedModel} (tabular) and {@link
 * TensorPredictor} (raw tensors), so {@link AliasDeployment} serves either.
 */
public interface ServedModel {

  /**
   * The version in memory.
   *
   * @return the version
   */
  ModelVersion version();

  /**
   * Registers a call in flight, unless the model is retired.
   *
   * @return true if the caller may call the model and must {@link #release()} after
   */
  boolean tryAcquire();

  /** Ends a call registered with {@link #tryAcquire()}. */
  void release();

  /**
   * Stops new calls; {@code hook} runs once the calls in flight have finished, at once if none
   * are. Retiring twice keeps the first hook.
   *
   * @param hook what to do when drained, typically {@link #closeNow()}
   */
  void retire(Runnable hook);

  /** Frees the native model. Idempotent. */
  void closeNow();
}
