package dev.mlops.spring.actuate;

import dev.mlops.predict.Deployment;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * The {@code mlops} health component: one {@link DeploymentHealthIndicator} per deployment bean,
 * named after the bean ({@code /actuator/health/mlops/churn}).
 *
 * @since 0.1
 */
public final class DeploymentsHealthContributor implements CompositeHealthContributor {

  private final Supplier<Map<String, Deployment<?, ?>>> deployments;

  /**
   * Creates the contributor.
   *
   * @param deployments the deployment beans by name, read on every health check
   */
  public DeploymentsHealthContributor(Supplier<Map<String, Deployment<?, ?>>> deployments) {
    this.deployments = deployments;
  }

  @Override
  public @Nullable HealthContributor getContributor(String name) {
    Deployment<?, ?> d = deployments.get().get(name);
    return d == null ? null : new DeploymentHealthIndicator(d);
  }

  @Override
  public Iterator<NamedContributor<HealthContributor>> iterator() {
    return deployments.get().entrySet().stream()
        .map(e -> NamedContributor.<HealthContributor>of(e.getKey(),
            new DeploymentHealthIndicator(e.getValue())))
        .iterator();
  }
}
