package dev.mlops.lifecycle;

import java.util.Optional;

/**
 * Elects one leader per key among the instances of a fleet: at most one instance holds the
 * leadership of a key at a time, and when the holder stops (it closes the leadership, or its
 * process dies) another can acquire it. The lifecycle controller leads one model this way, so that
 * one instance of the fleet retrains and promotes it.
 *
 * @since 0.1
 */
public interface LeaderElection {

  /**
   * Tries to become the leader of a key, without waiting.
   *
   * @param key what to lead, such as {@code lifecycle/churn}
   * @return the leadership if acquired, empty if another holder has it (including another
   *     leadership of this instance)
   * @throws dev.mlops.MlopsException if the election cannot be reached
   */
  Optional<Leadership> tryAcquire(String key);
}
