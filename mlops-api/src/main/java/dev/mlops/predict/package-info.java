/**
 * Serving: the thread-safe {@link dev.mlops.predict.Predictor} that applications call, the
 * {@link dev.mlops.predict.Prediction} it returns for tabular rows, and the
 * {@link dev.mlops.predict.Deployment} that follows a registry alias. DJL-backed
 * implementations live in the {@code mlops-djl} module.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.predict;

import org.jspecify.annotations.NullMarked;
