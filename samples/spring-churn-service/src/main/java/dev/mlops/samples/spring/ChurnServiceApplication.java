package dev.mlops.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A churn-scoring service configured by properties only ({@code application.properties}): the
 * starter builds the registry, the {@code churn} deployment following {@code
 * models:/churn@production}, its monitor and alerts, the Actuator health and {@code mlops}
 * endpoint, and the inference routes under {@code /mlops}; {@link ChurnController} is the
 * application's own REST endpoint. Run it with {@code MLOPS_REGISTRY=file:/path/to/registry}.
 */
@SpringBootApplication
public class ChurnServiceApplication {

  /**
   * Starts the service.
   *
   * @param args Spring Boot arguments, such as {@code --server.port=8081}
   */
  public static void main(String[] args) {
    SpringApplication.run(ChurnServiceApplication.class, args);
  }
}
