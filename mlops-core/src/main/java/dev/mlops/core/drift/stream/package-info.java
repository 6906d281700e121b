/**
 * Streaming drift detectors: {@link dev.mlops.drift.StreamDriftDetector}s that watch a stream of
 * prediction errors (0 or 1), error rates, scores or latencies one value at a time and signal when
 * its distribution changes.
 *
 * <p>{@link dev.mlops.core.drift.stream.Adwin}, {@link dev.mlops.core.drift.stream.Ddm}, {@link
 * dev.mlops.core.drift.stream.Eddm}, {@link dev.mlops.core.drift.stream.PageHinkley}, {@link
 * dev.mlops.core.drift.stream.Kswin} and {@link dev.mlops.core.drift.stream.HddmA} implement the
 * methods of the papers that define them, with those papers' defaults. Where the authors' reference
 * implementations in MOA make choices the papers leave open (when counting starts, when statistics
 * are reset, which direction of change is reported), the detectors make the same choices, so that
 * they signal at the same stream positions as MOA on the same input; each class documents them. The
 * detectors were written from the papers and MOA's documentation, and checked against MOA run as a
 * black box, never from MOA's source code.
 *
 * <p>Every update costs O(1), O(log W) amortised for ADWIN's window of W elements, or O(r log r) for
 * KSWIN's samples of r values, and allocates nothing: statistics live in fields and arrays
 * allocated when a detector is built. Detectors are not thread-safe.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.core.drift.stream;

import org.jspecify.annotations.NullMarked;
