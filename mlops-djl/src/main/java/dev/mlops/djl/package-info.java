/**
 * DJL-backed serving: {@link dev.mlops.djl.DjlPredictors} loads registered ONNX and TorchScript
 * versions into thread-safe, pooled tabular predictors that validate every input against the
 * version's signature before any native call, and deploys registry aliases with zero-downtime
 * swaps. DJL is kept offline and opted out of usage reporting unless the application decides
 * otherwise.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.djl;

import org.jspecify.annotations.NullMarked;
