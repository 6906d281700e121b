package dev.mlops.alert;

/**
 * Whether an alert reports a condition that started or one that cleared.
 *
 * @since 0.1
 */
public enum AlertState {
  /** The rule's condition holds. */
  FIRING,
  /** The rule's condition held before and has cleared. */
  RESOLVED
}
