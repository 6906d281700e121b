package dev.mlops.spring.actuate;

import dev.mlops.predict.Deployment;
import dev.mlops.registry.ModelVersion;
import dev.mlops.spring.ManagedDeployment;
import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The health of one deployment:
 *
 * <ul>
 *   <li>{@code DOWN} until its first version is loaded and warmed up (details: {@code problem},
 *       such as a missing alias or a corrupt artifact, naming the version);
 *   <li>{@code UP} while a version serves (details: {@code model}, {@code version});
 *   <li>{@code DEGRADED} while a version serves but the alias points to a version that failed to
 *       load, or a canary or shadow challenger could not be loaded (HTTP 200: it still answers);
 *   <li>{@code OUT_OF_SERVICE} once the context is closing and calls are refused.
 * </ul>
 *
 * <p>A deployment bean of the application's own (not a {@link ManagedDeployment}) is {@code UP}
 * while its {@code modelVersion()} answers and {@code DOWN} when it throws.
 *
 * @since 0.1
 */
public final class DeploymentHealthIndicator implements HealthIndicator {

  /** A version serves, but not the one the alias points to, or a challenger is missing. */
  public static final Status DEGRADED = new Status("DEGRADED",
      "Serving, but a swap or a challenger failed");

  private final Deployment<?, ?> deployment;

  /**
   * Creates the indicator.
   *
   * @param deployment the deployment to report on
   */
  public DeploymentHealthIndicator(Deployment<?, ?> deployment) {
    this.deployment = Objects.requireNonNull(deployment, "deployment");
  }

  @Override
  public Health health() {
    if (deployment instanceof ManagedDeployment managed) {
      ManagedDeployment.Status s = managed.status();
      Health.Builder h = switch (s.state()) {
        case LOADING -> Health.down();
        case SERVING -> Health.up();
        case DEGRADED -> Health.status(DEGRADED);
        case CLOSED -> Health.outOfService();
      };
      h.withDetail("model", s.target().toString());
      if (s.version() != null) {
        h.withDetail("version", s.version().version());
      }
      if (s.problem() != null) {
        h.withDetail("problem", s.problem());
      }
      return h.build();
    }
    try {
      ModelVersion v = deployment.modelVersion();
      return Health.up().withDetail("model", deployment.target().toString())
          .withDetail("version", v.version()).build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("model", deployment.target().toString())
          .withDetail("problem", String.valueOf(e.getMessage())).build();
    }
  }
}
