package dev.mlops.alert;

import dev.mlops.monitor.MonitorSnapshot;
import java.time.Duration;
import java.util.Optional;

/**
 * A condition over monitor snapshots, such as "dataset drift" or "accuracy below 0.8". The
 * dispatcher that evaluates rules sends an alert when the condition starts to hold, repeats it at
 * most once per {@link #cooldown()} while it keeps holding, and sends a resolve notification when it
 * clears. Rules are pure functions of the snapshot, so they are safe to share between threads.
 *
 * @since 0.1
 */
public interface AlertRule {

  /**
   * A short, unique name, such as {@code accuracy-below-0.8}; alerts carry it.
   *
   * @return the name
   */
  String name();

  /**
   * How urgent the alert is.
   *
   * @return the severity
   */
  Severity severity();

  /**
   * The least time between two alerts of this rule for one model while its condition keeps holding.
   *
   * @return a non-negative duration
   */
  Duration cooldown();

  /**
   * Whether the snapshot holds what this rule needs to judge its condition: labels for a metric
   * rule, a drift report for a drift rule, enough calls for a rate. The dispatcher leaves a rule's
   * state unchanged for a snapshot it cannot judge, so that a window without labels neither
   * resolves nor repeats an accuracy alert. The default returns true.
   *
   * @param snapshot what monitoring observed
   * @return true if {@link #check} can tell whether the condition holds
   * @since 0.1
   */
  default boolean canJudge(MonitorSnapshot snapshot) {
    return true;
  }

  /**
   * Checks the condition.
   *
   * @param snapshot what monitoring observed
   * @return a message saying what was observed if the condition holds (such as "accuracy 0.71 &lt;
   *     0.80 over 1,204 labelled predictions"), empty if it does not or cannot be judged (for
   *     instance, no labels arrived)
   */
  Optional<String> check(MonitorSnapshot snapshot);
}
