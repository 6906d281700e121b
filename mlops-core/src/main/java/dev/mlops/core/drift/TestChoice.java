package dev.mlops.core.drift;

import org.jspecify.annotations.Nullable;

/**
 * The test chosen for one feature, with its threshold, the optional minimum effect size and the
 * reason in words.
 *
 * @param method the test
 * @param threshold the p-value threshold or the distance threshold
 * @param minEffectSize the effect size a hypothesis test must also reach, or null
 * @param reason why this test and these thresholds
 */
record TestChoice(
    DriftMethod method, double threshold, @Nullable Double minEffectSize, String reason) {

  /** The minimum effect size as the tests take it: 0 when none is required. */
  double minEffectSizeOrZero() {
    return minEffectSize == null ? 0.0 : minEffectSize;
  }
}
