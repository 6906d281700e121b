package dev.mlops.predict;

import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Subscription;

/**
 * A predictor bound to a registry alias such as {@code models:/churn@production}. When the alias
 * moves, the deployment loads the new version in the background, checks its signature, warms it up
 * with the stored input example, and swaps it in atomically; calls in flight on the old version
 * finish on it, then the old version is closed. Each result is computed by exactly one version.
 *
 * <p>If the new version fails to load, validate or warm up, the old one keeps serving, the failure
 * is logged and reported to {@linkplain #addListener listeners}, and the deployment tries again only
 * when the alias moves again.
 *
 * @param <I> the input type
 * @param <O> the output type
 * @since 0.1
 */
public interface Deployment<I, O> extends Predictor<I, O> {

  /**
   * The alias this deployment follows.
   *
   * @return such as {@code models:/churn@production}
   */
  ModelUri target();

  /**
   * Returns to the version served before the current one: moves the registry alias back with
   * compare-and-set (the reason lands in the audit log) and swaps that version in before returning.
   *
   * @param reason why, recorded in the registry's audit log
   * @return the version serving now
   * @throws IllegalStateException if no version was served before the current one, or the
   *     deployment is closed
   * @throws dev.mlops.registry.VersionConflictException if the alias moved meanwhile; nothing changed
   * @throws PredictionException if the previous version can no longer be loaded; the current version
   *     keeps serving and the alias is moved back to it
   */
  ModelVersion rollback(String reason);

  /**
   * Adds a listener for swaps, failed updates and retired versions.
   *
   * @param listener called on the deployment's own thread; an exception it throws is logged
   * @return the subscription; close it to stop listening
   */
  Subscription addListener(DeploymentListener listener);
}
