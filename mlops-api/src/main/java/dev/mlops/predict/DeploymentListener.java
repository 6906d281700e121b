package dev.mlops.predict;

import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;

/**
 * Hears what a {@link Deployment} does as its alias moves. Every method has an empty default, so a
 * listener implements only what it needs. Methods run on the deployment's own thread and should
 * return quickly.
 *
 * @since 0.1
 */
public interface DeploymentListener {

  /**
   * A new version now serves every new call.
   *
   * @param from the version that served before
   * @param to the version serving now
   */
  default void onSwapped(ModelVersion from, ModelVersion to) {}

  /**
   * A version the alias moved to could not be served; the previous version keeps serving.
   *
   * @param attempted the version that failed, such as {@code models:/churn/7}
   * @param cause why it failed to load, validate or warm up
   */
  default void onFailed(ModelUri attempted, RuntimeException cause) {}

  /**
   * A version that was swapped out finished its in-flight calls and released its native memory.
   *
   * @param retired the version that was closed
   */
  default void onRetired(ModelVersion retired) {}
}
