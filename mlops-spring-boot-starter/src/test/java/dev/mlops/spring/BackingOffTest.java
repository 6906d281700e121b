package dev.mlops.spring;

import static dev.mlops.spring.MlopsAutoConfigurationTest.await;
import static dev.mlops.spring.MlopsAutoConfigurationTest.awaitState;
import static dev.mlops.spring.MlopsAutoConfigurationTest.deployment;
import static dev.mlops.spring.MlopsAutoConfigurationTest.servedRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.alert.Alert;
import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.alert.AlertRules;
import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.spring.actuate.DeploymentsHealthContributor;
import dev.mlops.spring.actuate.MlopsActuatorAutoConfiguration;
import dev.mlops.spring.actuate.MlopsEndpoint;
import dev.mlops.training.TrainingRun;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A bean the application defines wins over the one the properties describe: the alert
 * dispatcher and lifecycle controller of a deployment (the registry, monitor and deployment are in
 * {@link MlopsAutoConfigurationTest#theApplicationsOwnBeansWinOverThePropertiesOnes}), the health
 * contributor and the {@code mlops} endpoint. The inference routes' bean is in {@link
 * InferenceRoutesWebTest}.
 */
class BackingOffTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class,
          MlopsActuatorAutoConfiguration.class));

  @Test
  void theApplicationsAlertsBeanReplacesThePropertiesOnesAndTheMonitorHandsItsWindowsToIt() {
    String location = servedRegistry();
    List<Alert> received = new CopyOnWriteArrayList<>();
    AlertDispatcher own = AlertDispatcher.builder().rule(AlertRules.errorRateAbove(0.5))
        .sink(received::add).build();
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.monitoring.window=1s",
            // The properties' dispatcher would have only this rule, which never fires here.
            "mlops.deployments.churn.alerts.dataset-drift=false",
            "mlops.deployments.churn.alerts.p99-latency-above=1h")
        .withBean("churnAlerts", AlertDispatcher.class, () -> own)
        .run(context -> {
          assertThat(context.getBean("churnAlerts")).isSameAs(own);
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          for (int i = 0; i < 40; i++) {
            Map<String, Object> bad = new HashMap<>(Churn.row(0));
            bad.put("contract", "weekly");
            assertThatThrownBy(() -> deployment(context, "churn").predict(bad))
                .isInstanceOf(InvalidInputException.class);
          }
          ModelMonitor monitor = context.getBean("churnMonitor", ModelMonitor.class);
          await(() -> {
            monitor.closeElapsedWindows();
            return !received.isEmpty();
          });
          assertThat(received.get(0).rule()).startsWith("error-rate-above");
        });
  }

  @Test
  void theApplicationsLifecycleBeanReplacesThePropertiesOne() {
    String location = servedRegistry();
    // lifecycle.enabled with no training job, policy or gate: built from properties, the bean
    // would fail the context.
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.lifecycle.enabled=true")
        .withUserConfiguration(OwnLifecycle.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          LifecycleController controller = context.getBean("churnLifecycle",
              LifecycleController.class);
          assertThat(controller.model()).isEqualTo("churn");
          assertThat(context.getBean(OwnLifecycle.class).built).containsExactly(controller);
        });
  }

  @Test
  void theApplicationsHealthContributorAndEndpointReplaceTheStartersOnes() {
    String location = servedRegistry();
    HealthIndicator ownHealth = () -> Health.up().withDetail("mine", true).build();
    MlopsEndpoint ownEndpoint = new MlopsEndpoint(Map::of, null);
    runner.withPropertyValues("mlops.registry=" + location,
            "management.endpoints.web.exposure.include=mlops",
            "mlops.deployments.churn.model=models:/churn@production")
        .withBean("mlopsHealthContributor", HealthIndicator.class, () -> ownHealth)
        .withBean("myMlopsEndpoint", MlopsEndpoint.class, () -> ownEndpoint)
        .run(context -> {
          assertThat(context.getBean("mlopsHealthContributor")).isSameAs(ownHealth);
          assertThat(context).doesNotHaveBean(DeploymentsHealthContributor.class);
          assertThat(context).getBean(MlopsEndpoint.class).isSameAs(ownEndpoint);
          assertThat(context).doesNotHaveBean("mlopsEndpoint");
        });
    runner.withPropertyValues("mlops.registry=" + location,
            "management.endpoints.web.exposure.include=mlops",
            "mlops.deployments.churn.model=models:/churn@production")
        .run(context -> assertThat(context).hasSingleBean(DeploymentsHealthContributor.class)
            .hasBean("mlopsEndpoint"));
  }

  /** A lifecycle controller of the application's own, which it starts itself if it wants. */
  @Configuration(proxyBeanMethods = false)
  static class OwnLifecycle {
    final List<LifecycleController> built = new CopyOnWriteArrayList<>();

    @Bean
    LifecycleController churnLifecycle(ModelRegistry registry) {
      LifecycleController controller = LifecycleController.builder(registry, "churn")
          .checkInterval(Duration.ofDays(1))
          .retrainPolicy(snapshot -> RetrainDecision.skip("the application's policy"))
          .trainingJob(() -> {
            throw new AssertionError("never retrained: " + TrainingRun.class.getSimpleName());
          })
          .gate((challenger, champion) -> GateDecision.reject(List.of("never")))
          .build();
      built.add(controller);
      return controller;
    }
  }
}
