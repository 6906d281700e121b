/**
 * Serving: the thread-safe {@link dev.mlops.predict.Predictor} that applications call. DJL-backed
 * implementations live in the {@code mlops-djl} module.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.predict;

import org.jspecify.annotations.NullMarked;
