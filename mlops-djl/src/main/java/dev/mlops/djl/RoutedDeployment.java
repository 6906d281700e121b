package dev.mlops.djl;

import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelVersion;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment that shares its traffic with a challenger as its {@link Routing} says. The
 * champion follows the deployment's alias; {@link #modelVersion()}, {@link #target()} and
 * {@link #rollback(String)} concern the champion. Each {@link Prediction} names the version that
 * computed it. If the challenger cannot be loaded, the champion answers every call and listeners
 * hear {@link dev.mlops.predict.DeploymentListener#onFailed onFailed} (also a listener added
 * later). Closing the deployment closes both sides.
 *
 * @since 0.1
 */
public interface RoutedDeployment extends Deployment<Map<String, Object>, Prediction> {

  /**
   * How traffic is shared.
   *
   * @return the routing given at deployment
   */
  Routing routing();

  /**
   * The challenger version serving now.
   *
   * @return the version, or empty if the challenger could not be loaded
   */
  Optional<ModelVersion> challengerVersion();

  /**
   * The shadow comparison so far, also published as Micrometer meters
   * ({@code mlops.shadow.agreement}, {@code mlops.shadow.score.difference},
   * {@code mlops.shadow.compared}, {@code mlops.shadow.dropped}, {@code mlops.shadow.errors}).
   *
   * @return the figures; {@link ShadowAgreement#NONE} for a canary routing
   */
  ShadowAgreement shadowAgreement();
}
