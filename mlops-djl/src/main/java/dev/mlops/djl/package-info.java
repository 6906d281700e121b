/**
 * DJL-backed predictors (ONNX Runtime, PyTorch TorchScript, DJL models), predictor pooling, micro-batching and the built-in trainer.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.djl;

import org.jspecify.annotations.NullMarked;
