package dev.mlops.core.registry;

/** Sees a registration pass each {@link PublishStep}; a test hook, a no-op otherwise. */
@FunctionalInterface
interface PublishObserver {

  PublishObserver NONE = step -> {};

  /**
   * Called on the registering thread when a step is reached.
   *
   * @param step the step
   */
  void reached(PublishStep step);
}
