package dev.mlops.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.lifecycle.CycleResult;
import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.core.observe.ModelMdc;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.spring.actuate.MlopsActuatorAutoConfiguration;
import dev.mlops.spring.actuate.MlopsEndpoint;
import dev.mlops.training.TrainingRun;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class MlopsAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class,
          MlopsActuatorAutoConfiguration.class));

  @Test
  void eachDeploymentIsABeanQualifiedByItsNameServingTheAliasedVersion() {
    String location = servedRegistry();
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production")
        .withUserConfiguration(ScoringConfiguration.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          Deployment<Map<String, Object>, Prediction> churn = deployment(context, "churn");
          assertThat(churn).isInstanceOf(ManagedDeployment.class);
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          Prediction p = context.getBean(Scoring.class).score(Churn.row(0));
          assertThat(p.version()).isEqualTo(1);
          assertThat(p.scores().get(0)).isCloseTo(Churn.probabilities("v1", 0).get(0),
              within(1e-5));
          assertThat(context).hasBean("churnMonitor").hasBean("churnAlerts")
              .doesNotHaveBean("churnLifecycle");
          assertThat(health(context, "churn").getStatus()).isEqualTo(Status.UP);
          assertThat(predictions(context.getBean(ModelMonitor.class))).isEqualTo(1);
        });
  }

  @Test
  void aMissingAliasStartsTheContextDownAndTheDeploymentServesOnceTheAliasIsSet(
      CapturedOutput output) {
    String location = Churn.newRegistry();
    Churn.register(location, "churn-v1.onnx");
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.retry-interval=1h")
        .run(context -> {
          assertThat(context).hasNotFailed();
          await(() -> output.getOut().contains("Deployment 'churn' cannot load "
              + "models:/churn@production"));
          assertThat(health(context, "churn").getStatus()).isEqualTo(Status.DOWN);
          assertThat(health(context, "churn").getDetails().get("problem").toString())
              .contains("production");
          // The alias event starts the load at once, without waiting for the retry interval.
          context.getBean(ModelRegistry.class).setAlias("churn", "production", 1,
              AliasPrecondition.absent(), "first release");
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          assertThat(health(context, "churn").getStatus()).isEqualTo(Status.UP);
          assertThat(health(context, "churn").getDetails()).containsEntry("version", 1);
        });
  }

  @Test
  void aCorruptVersionStartsTheContextDownWithALogNamingTheModelAndVersion(CapturedOutput output) {
    String location = Churn.newRegistry();
    Churn.registerCorrupt(location);
    Churn.alias(location, "production", 1);
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production")
        .run(context -> {
          assertThat(context).hasNotFailed();
          await(() -> output.getOut().contains("Deployment 'churn' cannot load "
              + "models:/churn@production (version 1)"));
          assertThat(health(context, "churn").getStatus()).isEqualTo(Status.DOWN);
          assertThat(health(context, "churn").getDetails().get("problem").toString())
              .contains("version 1");
        });
    runner.withPropertyValues("mlops.registry=" + location, "mlops.fail-fast=true",
            "mlops.deployments.churn.model=models:/churn@production")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("Deployment 'churn' cannot load models:/churn@production "
                + "(version 1)"));
  }

  @Test
  void monitoringAndAlertsFollowTheirPropertiesAndEveryClosedWindowReachesTheAlerts() {
    String location = servedRegistry();
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.monitoring.window=1s",
            "mlops.deployments.churn.alerts.dataset-drift=false",
            "mlops.deployments.churn.alerts.error-rate-above=0.5")
        .run(context -> {
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          // The rule judges windows of at least 30 calls: 40 failed calls in one window.
          failCallsInOneWindow(deployment(context, "churn"), 40, Duration.ofSeconds(1));
          ModelMonitor monitor = context.getBean("churnMonitor", ModelMonitor.class);
          AlertDispatcher alerts = context.getBean("churnAlerts", AlertDispatcher.class);
          await(() -> {
            monitor.closeElapsedWindows();
            return alerts.raised() > 0;
          });
          MonitorSnapshot closed = monitor.closedWindows().get(0);
          assertThat(Duration.between(closed.windowStart(), closed.windowEnd()))
              .isEqualTo(Duration.ofSeconds(1));
          assertThat(alerts.firing()).singleElement()
              .satisfies(a -> assertThat(a.rule()).startsWith("error-rate-above"));
        });
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.monitoring.enabled=false")
        .run(context -> assertThat(context).hasBean("churn").doesNotHaveBean("churnMonitor")
            .doesNotHaveBean("churnAlerts"));
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.alerts.enabled=false")
        .run(context -> assertThat(context).hasBean("churnMonitor")
            .doesNotHaveBean("churnAlerts"));
  }

  @Test
  void canaryRoutingFromPropertiesSendsItsShareToTheChallenger() {
    String location = servedRegistry();
    Churn.register(location, "churn-v2.onnx");
    runner.withPropertyValues("mlops.registry=" + location,
            "management.endpoints.web.exposure.include=mlops",
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.canary.model=models:/churn/2",
            "mlops.deployments.churn.canary.share=1.0")
        .run(context -> {
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          Prediction p = deployment(context, "churn").predict(Churn.row(1));
          assertThat(p.version()).isEqualTo(2);
          assertThat(p.scores().get(1)).isCloseTo(Churn.probabilities("v2", 1).get(1),
              within(1e-5));
          Map<String, Object> described = context.getBean(MlopsEndpoint.class).deployment("churn");
          assertThat(described).containsEntry("routing", "canary")
              .containsEntry("challengerVersion", 2).containsEntry("version", 1);
        });
  }

  @Test
  void aWrongServingPropertyFailsTheContextNamingIt() {
    String location = servedRegistry();
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.micro-batching.max-rows=1")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("maxRows must be at least 2 but was 1"));
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn/1")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("mlops.deployments.churn.model must be an alias"));
    runner.withPropertyValues("mlops.deployments.churn.model=models:/churn@production")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("set mlops.registry"));
  }

  @Test
  void servingOptionsWarmUpAndMicroBatchingApply() {
    String location = servedRegistry();
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.pool-size=2",
            "mlops.deployments.churn.warm-up.calls=3",
            "mlops.deployments.churn.micro-batching.max-rows=4",
            "mlops.deployments.churn.micro-batching.max-delay=1ms",
            "mlops.deployments.churn.max-batch-size=2")
        .run(context -> {
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          Deployment<Map<String, Object>, Prediction> churn = deployment(context, "churn");
          assertThat(churn.predict(Churn.row(2)).version()).isEqualTo(1);
          assertThatThrownBy(() -> churn.predictBatch(
              List.of(Churn.row(0), Churn.row(1), Churn.row(2))))
              .isInstanceOf(InvalidInputException.class).hasMessageContaining("2");
        });
  }

  @Test
  void latencyHistogramsHaveTheConfiguredBucketsAndCallsAreObservedWithTheModelInTheMdc() {
    String location = servedRegistry();
    List<String> seen = new CopyOnWriteArrayList<>();
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.metrics.latency-buckets=1ms,10ms,2.5s")
        .withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(
            PrometheusConfig.DEFAULT))
        .withBean(ObservationRegistry.class, () -> recording(seen))
        .run(context -> {
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          deployment(context, "churn").predict(Churn.row(0));
          String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
          String success = "mlops_predict_latency_seconds_bucket{model=\"churn\","
              + "outcome=\"success\",version=\"1\",le=";
          assertThat(scrape).contains(success + "\"0.001\"}", success + "\"0.01\"}",
              success + "\"2.5\"}", success + "\"+Inf\"} 1").doesNotContain("le=\"0.0025\"");
          assertThat(scrape).contains("mlops_monitor_latency_seconds_bucket{model=\"churn\","
              + "version=\"1\",le=\"0.01\"}");
          assertThat(seen).contains("mlops.model.load model=churn version=1 outcome=success "
              + "mdc=churn/1", "mlops.predict model=churn version=1 outcome=success mdc=churn/1");
          assertThat(MDC.get(ModelMdc.MODEL)).isNull();
        });
  }

  @Test
  void theLifecycleControllerIsBuiltFromPropertiesAndStartedWithTheContext() {
    String location = servedRegistry();
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.lifecycle.enabled=true",
            "mlops.deployments.churn.lifecycle.training-job=trainer",
            "mlops.deployments.churn.lifecycle.policy.every=3650d",
            "mlops.deployments.churn.lifecycle.gate.floor.accuracy=0.5")
        .withBean("trainer", Supplier.class, () -> (Supplier<TrainingRun>) () -> {
          throw new AssertionError("a ten-year schedule never trains");
        })
        .run(context -> {
          assertThat(context).hasNotFailed();
          LifecycleController controller = context.getBean("churnLifecycle",
              LifecycleController.class);
          assertThat(context.getBean(dev.mlops.spring.internal.LifecycleRunner.class).isRunning())
              .isTrue();
          // The schedule's first cycle runs at start; stopping waits for it, so that this one
          // is not skipped as busy.
          controller.stop();
          CycleResult cycle = controller.runOnce();
          assertThat(cycle.outcome()).isEqualTo(CycleResult.Outcome.NOT_RETRAINED);
          assertThat(cycle.champion()).isEqualTo(1);
        });
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.lifecycle.enabled=true",
            "mlops.deployments.churn.lifecycle.policy.every=1d")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("mlops.deployments.churn.lifecycle.training-job is required"));
  }

  @Test
  void theApplicationsOwnBeansWinOverThePropertiesOnes() {
    String location = servedRegistry();
    runner.withPropertyValues("mlops.registry=memory:not-this-one",
            "mlops.deployments.churn.model=models:/churn@production")
        .withBean("myRegistry", ModelRegistry.class, () -> ModelRegistries.open(location))
        // A clock that stands still, so that the call stays in the open window.
        .withBean("churnMonitor", ModelMonitor.class,
            () -> ModelMonitor.builder().tumblingWindow(Duration.ofMinutes(7))
                .clock(Clock.fixed(Instant.parse("2026-05-04T10:03:20Z"), ZoneOffset.UTC))
                .build())
        .run(context -> {
          assertThat(context).doesNotHaveBean("mlopsModelRegistry");
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          deployment(context, "churn").predict(Churn.row(0));
          MonitorSnapshot open = context.getBean("churnMonitor", ModelMonitor.class).snapshot();
          assertThat(open.predictions()).isEqualTo(1);
          assertThat(open.windowStart().toEpochMilli() % Duration.ofMinutes(7).toMillis())
              .isZero();
          assertThat(open.windowStart()).isEqualTo(Instant.parse("2026-05-04T10:03:00Z"));
        });
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production")
        .withBean("churn", String.class, () -> "the application's own churn bean")
        .run(context -> {
          assertThat(context.getBean("churn")).isEqualTo("the application's own churn bean");
          assertThat(context).doesNotHaveBean(ManagedDeployment.class);
        });
  }

  static String servedRegistry() {
    String location = Churn.newRegistry();
    Churn.register(location, "churn-v1.onnx");
    Churn.alias(location, "production", 1);
    return location;
  }

  private static ObservationRegistry recording(List<String> seen) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStop(Observation.Context context) {
        seen.add(context.getName() + " model="
            + context.getLowCardinalityKeyValue("model").getValue() + " version="
            + context.getLowCardinalityKeyValue("version").getValue() + " outcome="
            + context.getLowCardinalityKeyValue("outcome").getValue() + " mdc="
            + MDC.get(ModelMdc.MODEL) + "/" + MDC.get(ModelMdc.VERSION));
      }
    });
    return registry;
  }

  @SuppressWarnings("unchecked")
  static Deployment<Map<String, Object>, Prediction> deployment(
      ConfigurableApplicationContext context, String name) {
    return context.getBean(name, Deployment.class);
  }

  /**
   * Fails calls with an input the signature refuses, all in one tumbling window of the monitor's
   * (epoch-aligned, on the system clock): they start as a window opens, and start again in the
   * next if a window turned between them all the same (a pause of the machine), since a window
   * turning between, say, the 20th and 21st would leave two windows too small for the rule.
   */
  private static void failCallsInOneWindow(Deployment<Map<String, Object>, Prediction> churn,
      int calls, Duration window) throws InterruptedException {
    Map<String, Object> bad = new HashMap<>(Churn.row(0));
    bad.put("contract", "weekly");
    long length = window.toMillis();
    for (int attempt = 0; attempt < 10; attempt++) {
      long now = System.currentTimeMillis();
      Thread.sleep(length - Math.floorMod(now, length) + 5);
      long first = Math.floorDiv(System.currentTimeMillis(), length);
      for (int i = 0; i < calls; i++) {
        assertThatThrownBy(() -> churn.predict(bad)).isInstanceOf(InvalidInputException.class);
      }
      if (Math.floorDiv(System.currentTimeMillis(), length) == first) {
        return;
      }
    }
    throw new AssertionError("A window of " + window + " turned during each of 10 tries of "
        + calls + " calls");
  }

  /**
   * The calls a monitor counted in its kept closed windows and its open one: a window may turn
   * between a call and the look at it.
   */
  static long predictions(ModelMonitor monitor) {
    return acrossWindows(monitor, MonitorSnapshot::predictions);
  }

  /** The outcomes a monitor joined, in its kept closed windows and its open one. */
  static long joinedOutcomes(ModelMonitor monitor) {
    return acrossWindows(monitor, s -> s.outcomes().joined());
  }

  private static long acrossWindows(ModelMonitor monitor,
      java.util.function.ToLongFunction<MonitorSnapshot> figure) {
    MonitorSnapshot open = monitor.snapshot();
    // A window that closed after the look at the open one is that open one: counted once.
    return figure.applyAsLong(open) + monitor.closedWindows().stream()
        .filter(s -> !s.windowEnd().isAfter(open.windowStart())).mapToLong(figure).sum();
  }

  static org.springframework.boot.actuate.health.Health health(
      ConfigurableApplicationContext context, String name) {
    CompositeHealthContributor mlops = context.getBean("mlopsHealthContributor",
        CompositeHealthContributor.class);
    return ((HealthIndicator) mlops.getContributor(name)).health();
  }

  static void awaitState(ConfigurableApplicationContext context, String name,
      ManagedDeployment.State state) {
    ManagedDeployment d = context.getBean(name, ManagedDeployment.class);
    await(() -> d.status().state() == state);
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The condition did not hold within 60 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** An application service that calls the deployment it is given by name. */
  record Scoring(Deployment<Map<String, Object>, Prediction> churn) {
    Prediction score(Map<String, Object> row) {
      return churn.predict(row);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ScoringConfiguration {
    @Bean
    Scoring scoring(@Qualifier("churn") Deployment<Map<String, Object>, Prediction> churn) {
      return new Scoring(churn);
    }
  }
}
