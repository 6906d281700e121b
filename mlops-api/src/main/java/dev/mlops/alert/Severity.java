package dev.mlops.alert;

/**
 * How urgent an alert is.
 *
 * @since 0.1
 */
public enum Severity {
  /** Worth knowing; no action needed now. */
  INFO,
  /** Something degrades; look at it soon. */
  WARNING,
  /** The model serves wrong or failing results; act now. */
  CRITICAL
}
