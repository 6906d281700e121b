package dev.mlops.djl;

import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment that shares its traffic with a challenger as its {@link Routing} says. The
 * champion follows the deployment's alias; {@link #modelVersion()}, {@link #target()} and
 * {@link #rollback(String)} concern the champion. Each {@link Prediction} names the version that
 * computed it. A routing may have a canary challenger, a shadow challenger, or one of each
 * ({@link Routing#withShadow(ModelUri)}). If a challenger cannot be loaded, the champion answers
 * the calls it would have answered (or shadowed) and listeners hear {@link
 * dev.mlops.predict.DeploymentListener#onFailed onFailed} (also a listener added later), once
 * per failed challenger. Closing the deployment closes every side.
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
   * The version of the routing's {@linkplain Routing#challenger() challenger} serving now: the
   * canary of a canary routing (with or without a shadow), the shadow of a shadow routing.
   *
   * @return the version, or empty if the challenger could not be loaded
   */
  Optional<ModelVersion> challengerVersion();

  /**
   * The version of the {@linkplain Routing#shadowChallenger() shadow challenger} serving now.
   * The default implementation covers routings without a canary shadow; implementations that
   * support {@link Routing#withShadow(ModelUri)} override it.
   *
   * @return the version, or empty if the routing has no shadow or it could not be loaded
   */
  default Optional<ModelVersion> shadowVersion() {
    return routing().mode() == Routing.Mode.SHADOW ? challengerVersion() : Optional.empty();
  }

  /**
   * Stops the canary: from now on the champion answers every call, as if the canary share were 0
   * (a call already routed to the canary completes there). The canary challenger stays loaded
   * until the deployment is closed, so that no call in flight is cut off; a shadow challenger is
   * not affected. Used to roll back a canary that does worse than the champion ({@link
   * CanaryController}).
   *
   * @param reason why, logged with the champion's alias
   * @return true if this call stopped the canary, false if it was already stopped or the routing
   *     has no canary
   * @since 0.1
   */
  boolean stopCanary(String reason);

  /**
   * Whether {@link #stopCanary} stopped the canary.
   *
   * @return true once stopped
   * @since 0.1
   */
  boolean canaryStopped();

  /**
   * The shadow comparison so far, also published as Micrometer meters
   * ({@code mlops.shadow.agreement}, {@code mlops.shadow.score.difference},
   * {@code mlops.shadow.compared}, {@code mlops.shadow.dropped}, {@code mlops.shadow.errors}).
   *
   * @return the figures; {@link ShadowAgreement#NONE} for a canary routing without a shadow
   */
  ShadowAgreement shadowAgreement();
}
