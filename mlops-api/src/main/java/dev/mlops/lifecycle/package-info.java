/**
 * The retraining loop: {@link dev.mlops.lifecycle.RetrainPolicy} decides from what monitoring has
 * observed whether a model should be retrained, and says why; a
 * {@link dev.mlops.lifecycle.PromotionGate} decides whether the retrained challenger may replace the
 * champion. Implementations and the lifecycle controller live in {@code mlops-core}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.lifecycle;

import org.jspecify.annotations.NullMarked;
