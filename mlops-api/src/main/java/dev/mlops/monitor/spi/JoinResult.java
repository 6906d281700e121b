package dev.mlops.monitor.spi;

/**
 * What a store did with one outcome it was asked to join.
 *
 * @since 0.1
 */
public enum JoinResult {
  /** The prediction was waiting; the outcome is now joined to it. */
  JOINED,
  /** The prediction already had an outcome; the first one stays. */
  ALREADY_JOINED,
  /** No such prediction is kept (never stored, expired or retired). */
  NOT_FOUND
}
