package dev.mlops.spring;

import static dev.mlops.spring.MlopsAutoConfigurationTest.await;
import static dev.mlops.spring.MlopsAutoConfigurationTest.awaitState;
import static dev.mlops.spring.MlopsAutoConfigurationTest.deployment;
import static dev.mlops.spring.MlopsAutoConfigurationTest.servedRegistry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.predict.Prediction;
import dev.mlops.spring.actuate.DeploymentHealthIndicator;
import dev.mlops.spring.actuate.MlopsActuatorAutoConfiguration;
import dev.mlops.training.TrainingRun;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Health through Actuator's own health endpoint, in an application started as Spring Boot starts
 * one (so that the starter's status order applies): {@code DEGRADED} ranks between {@code DOWN}
 * and {@code UP} in the aggregate and answers 200, and a closing deployment is {@code
 * OUT_OF_SERVICE}. And the order in which a context's shutdown closes the starter's beans.
 */
class HealthAndShutdownTest {

  @Test
  void aDegradedDeploymentMakesTheAggregateDegradedWhichAnswers200AndADownOneOutranksIt() {
    String location = servedRegistry();
    // The canary challenger does not exist: the champion serves, the deployment is degraded.
    ConfigurableApplicationContext context = start("mlops.registry=" + location,
        "mlops.deployments.churn.model=models:/churn@production",
        "mlops.deployments.churn.canary.model=models:/churn/9");
    ManagedDeployment churn;
    HttpCodeStatusMapper codes;
    try {
      churn = context.getBean("churn", ManagedDeployment.class);
      await(() -> churn.status().state() == ManagedDeployment.State.DEGRADED);
      assertThat(churn.status().problem()).contains("challenger models:/churn/9");
      HealthEndpoint health = context.getBean(HealthEndpoint.class);
      assertThat(health.healthForPath("mlops", "churn").getStatus())
          .isEqualTo(DeploymentHealthIndicator.DEGRADED);
      // Without the starter's status order Actuator leaves DEGRADED out of the aggregate (UP).
      assertThat(health.health().getStatus()).isEqualTo(DeploymentHealthIndicator.DEGRADED);
      codes = context.getBean(HttpCodeStatusMapper.class);
      assertThat(codes.getStatusCode(health.health().getStatus())).isEqualTo(200);
      assertThat(deployment(context, "churn").predict(Churn.row(0)).version()).isEqualTo(1);
    } finally {
      context.close();
    }
    assertThat(new DeploymentHealthIndicator(churn).health().getStatus())
        .isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(codes.getStatusCode(Status.OUT_OF_SERVICE)).isEqualTo(503);

    try (ConfigurableApplicationContext both = start("mlops.registry=" + location,
        "mlops.deployments.churn.model=models:/churn@production",
        "mlops.deployments.churn.canary.model=models:/churn/9",
        "mlops.deployments.staging.model=models:/churn@staging")) {
      ManagedDeployment degraded = both.getBean("churn", ManagedDeployment.class);
      await(() -> degraded.status().state() == ManagedDeployment.State.DEGRADED);
      HealthEndpoint health = both.getBean(HealthEndpoint.class);
      assertThat(health.healthForPath("mlops", "staging").getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
      assertThat(both.getBean(HttpCodeStatusMapper.class)
          .getStatusCode(health.health().getStatus())).isEqualTo(503);
    }
  }

  @Test
  void shutdownStopsTheLifecycleThenDrainsTheDeploymentThenClosesMonitorAlertsAndRegistry()
      throws Exception {
    String location = servedRegistry();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class,
            MlopsActuatorAutoConfiguration.class))
        .withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.lifecycle.enabled=true",
            "mlops.deployments.churn.lifecycle.training-job=trainer",
            "mlops.deployments.churn.lifecycle.policy.every=3650d",
            "mlops.deployments.churn.lifecycle.gate.floor.accuracy=0.5")
        .withBean("trainer", Supplier.class, () -> (Supplier<TrainingRun>) () -> {
          throw new AssertionError("a ten-year schedule never trains");
        })
        .withBean(DestructionOrder.class, DestructionOrder::new)
        .run(context -> {
          assertThat(context).hasNotFailed().hasBean("churnAlerts").hasBean("churnLifecycle");
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          ManagedDeployment churn = context.getBean("churn", ManagedDeployment.class);
          List<String> destroyed = context.getBean(DestructionOrder.class).names;
          HeldRow held = new HeldRow(Churn.row(0));
          CompletableFuture<Prediction> call = CompletableFuture.supplyAsync(
              () -> churn.predict(held));
          held.awaitEntered();

          CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
          await(() -> destroyed.contains("churn"));
          // The deployment waits for the call; its monitor, alerts and registry stay open.
          assertThat(destroyed).doesNotContain("churnMonitor", "churnAlerts",
              "mlopsModelRegistry");
          assertThat(new DeploymentHealthIndicator(churn).health().getStatus())
              .isEqualTo(Status.OUT_OF_SERVICE);
          assertThat(closing).isNotDone();
          held.release();
          assertThat(call.get(60, TimeUnit.SECONDS).version()).isEqualTo(1);
          closing.get(60, TimeUnit.SECONDS);
          assertThat(destroyed).containsSubsequence("churnLifecycle", "churn", "churnMonitor",
              "churnAlerts", "mlopsModelRegistry");
        });
  }

  private static ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(HealthApplication.class)
        .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
        .properties(properties).run();
  }

  /** Records the names of the beans the context destroys, in order, as each starts. */
  static final class DestructionOrder implements DestructionAwareBeanPostProcessor {
    final List<String> names = new CopyOnWriteArrayList<>();

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
      names.add(beanName);
    }

    @Override
    public boolean requiresDestruction(Object bean) {
      return true;
    }
  }

  /** The starter with Actuator's health endpoint, nothing else. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({MlopsAutoConfiguration.class, MlopsActuatorAutoConfiguration.class,
      EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
      HealthEndpointAutoConfiguration.class})
  static class HealthApplication {}
}
