/**
 * JMH benchmarks of the SDK, each measured against the baseline a user would otherwise reach for:
 * raw DJL and ONNX Runtime for prediction, {@code Files.copy} for registration, and the steady state
 * for hot swaps. They are compiled by the default build and run only by {@code mlops-bench/run.sh};
 * {@code docs/benchmarks.md} records the figures and the commands that reproduce them.
 */
@NullMarked
package dev.mlops.bench;

import org.jspecify.annotations.NullMarked;
