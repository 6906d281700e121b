/**
 * DJL-backed serving: {@link dev.mlops.djl.DjlPredictors} loads registered ONNX, TorchScript
 * and {@code djl} (trained by {@link dev.mlops.djl.training.DjlTabularTrainer}) versions into
 * thread-safe, pooled tabular predictors that validate every input against the version's
 * signature before any native call, deploys registry aliases with zero-downtime
 * swaps, shares a deployment's traffic with a challenger ({@link dev.mlops.djl.Routing}: canary
 * or shadow), and serves non-tabular models as raw tensors. DJL is kept offline and opted out
 * of usage reporting unless the application decides otherwise.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.djl;

import org.jspecify.annotations.NullMarked;
