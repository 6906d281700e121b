package dev.mlops.lifecycle;

import dev.mlops.registry.ModelVersion;
import java.util.Optional;

/**
 * Decides whether a freshly trained challenger may replace the champion: by metric thresholds, by a
 * person's approval, or both. Gates only decide; the lifecycle controller moves the aliases.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PromotionGate {

  /**
   * Judges a challenger.
   *
   * @param challenger the newly registered version, with its hold-out metrics
   * @param champion the version serving in production now, empty if none does yet
   * @return approve, reject or wait for a person, with the reasons
   * @throws IllegalArgumentException if a version lacks a metric the gate needs, naming the metric
   *     and version
   */
  GateDecision evaluate(ModelVersion challenger, Optional<ModelVersion> champion);
}
