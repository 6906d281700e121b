package dev.mlops.core.lifecycle;

/**
 * Receives the {@link LifecycleEvent}s of a {@link LifecycleController}, on the thread that runs
 * the cycle (or calls approve/reject), in the order they happen. A listener that throws is logged
 * and keeps receiving events; one that blocks holds up the cycle.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface LifecycleListener {

  /**
   * Called for every transition.
   *
   * @param event what happened
   */
  void onEvent(LifecycleEvent event);
}
