package dev.mlops.registry;

/**
 * A listener's registration; closing it stops delivery.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** Stops delivering events to the listener. Idempotent; never throws. */
  @Override
  void close();
}
