package dev.mlops.spring.actuate;

import dev.mlops.predict.Deployment;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.spring.MlopsAutoConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Actuator support for mlops-java: the {@code mlops} health component (one indicator per
 * deployment bean) and the {@code mlops} endpoint. Each backs off when the application defines a
 * bean of the same name; the health component follows {@code management.health.mlops.enabled}.
 *
 * @since 0.1
 */
@AutoConfiguration(after = MlopsAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthContributor")
public class MlopsActuatorAutoConfiguration {

  /** Created by the context. */
  public MlopsActuatorAutoConfiguration() {}

  /**
   * The {@code mlops} health component.
   *
   * @param beans the bean factory, asked for deployment beans at every check
   * @return the contributor
   */
  @Bean
  @ConditionalOnMissingBean(name = "mlopsHealthContributor")
  @ConditionalOnEnabledHealthIndicator("mlops")
  public DeploymentsHealthContributor mlopsHealthContributor(ListableBeanFactory beans) {
    return new DeploymentsHealthContributor(deployments(beans));
  }

  /**
   * The {@code mlops} endpoint.
   *
   * @param beans the bean factory, asked for deployment beans at every request
   * @param registry the registry, if there is one
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  public MlopsEndpoint mlopsEndpoint(ListableBeanFactory beans,
      ObjectProvider<ModelRegistry> registry) {
    return new MlopsEndpoint(deployments(beans), registry.getIfUnique());
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Supplier<Map<String, Deployment<?, ?>>> deployments(ListableBeanFactory beans) {
    return () -> {
      Map<String, Deployment> found = beans.getBeansOfType(Deployment.class, false, false);
      return new LinkedHashMap<String, Deployment<?, ?>>((Map) found);
    };
  }
}
