/**
 * Drift detection: batch tests that compare a reference sample with a current one, and streaming
 * detectors that watch a stream of errors, scores or latencies. Implementations live in
 * {@code mlops-core}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.drift;

import org.jspecify.annotations.NullMarked;
