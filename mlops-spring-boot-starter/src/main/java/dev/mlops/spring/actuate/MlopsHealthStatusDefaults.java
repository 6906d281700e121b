package dev.mlops.spring.actuate;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts {@code DEGRADED} into Actuator's default health order, between {@code OUT_OF_SERVICE} and
 * {@code UP}, unless the application sets {@code management.endpoint.health.status.order} itself:
 * Actuator leaves statuses it does not know out of the aggregate, so a degraded deployment would
 * otherwise not show in the overall status. Added with the lowest precedence, so any value the
 * application gives wins.
 *
 * @since 0.1
 */
public final class MlopsHealthStatusDefaults implements EnvironmentPostProcessor, Ordered {

  /** The property Actuator orders statuses by. */
  static final String ORDER = "management.endpoint.health.status.order";

  /** Created by Spring Boot from {@code META-INF/spring.factories}. */
  public MlopsHealthStatusDefaults() {}

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment,
      SpringApplication application) {
    if (environment.containsProperty(ORDER)) {
      return;
    }
    environment.getPropertySources().addLast(new MapPropertySource("mlopsHealthStatusOrder",
        Map.of(ORDER, "DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN")));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
