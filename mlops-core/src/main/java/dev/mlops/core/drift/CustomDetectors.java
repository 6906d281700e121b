package dev.mlops.core.drift;

import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import org.jspecify.annotations.Nullable;

/** Runs a user's {@link DriftDetector} and applies a required effect size to its verdict. */
final class CustomDetectors {

  private CustomDetectors() {}

  static DriftResult apply(
      DriftDetector detector, String feature, FeatureColumn reference, FeatureColumn current,
      @Nullable Double minEffectSize) {
    DriftResult result = detector.detect(reference, current);
    if (!result.feature().equals(feature)) {
      throw new IllegalStateException(
          "The detector " + detector.method() + " set for feature '" + feature
              + "' returned a result for '" + result.feature() + "'");
    }
    if (minEffectSize == null || result.pValue() == null || !result.drifted()) {
      return result;
    }
    // A p-value without an effect size cannot satisfy a rule that requires both.
    boolean largeEnough = result.effectSize() != null && result.effectSize() >= minEffectSize;
    return new DriftResult(result.feature(), result.method(), result.statistic(),
        result.pValue(), result.threshold(), result.effectSize(), largeEnough);
  }
}
