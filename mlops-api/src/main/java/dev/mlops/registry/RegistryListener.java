package dev.mlops.registry;

/**
 * Receives registry changes. See {@link ModelRegistry#subscribe(RegistryListener)} for the delivery
 * guarantees.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RegistryListener {

  /**
   * Called once per change, after the change is durable.
   *
   * @param event the change
   */
  void onEvent(RegistryEvent event);
}
