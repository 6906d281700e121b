package dev.mlops.djl;

/**
 * What a tabular predictor does with an input feature its model's signature does not declare.
 *
 * @since 0.1
 */
public enum UnknownFeaturePolicy {
  /** Reject the input with an {@link dev.mlops.predict.InvalidInputException} naming the feature. */
  REJECT,
  /** Drop the feature silently; useful when callers send a superset of what the model uses. */
  IGNORE
}
