package dev.mlops.spring;

import static dev.mlops.spring.MlopsAutoConfigurationTest.await;
import static dev.mlops.spring.MlopsAutoConfigurationTest.awaitState;
import static dev.mlops.spring.MlopsAutoConfigurationTest.deployment;
import static dev.mlops.spring.MlopsAutoConfigurationTest.servedRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertSink;
import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.lifecycle.CycleResult;
import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.djl.RoutedDeployment;
import dev.mlops.djl.Routing;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.spring.actuate.MlopsActuatorAutoConfiguration;
import dev.mlops.spring.actuate.MlopsEndpoint;
import dev.mlops.training.TrainingRun;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One {@code ApplicationContextRunner} test per property group that {@link
 * MlopsAutoConfigurationTest} leaves out: shadow routing, sticky canary routing and unknown
 * features, the alert sinks (log, webhook and its headers), the shutdown timeout, and the
 * lifecycle's policy and gate beans. Each checks what the property does, not only that it binds.
 */
@ExtendWith(OutputCaptureExtension.class)
class PropertyGroupsTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class,
          MlopsActuatorAutoConfiguration.class));

  @Test
  void shadowRoutingScoresACopyOfEveryCallWithTheChallengerThroughABoundedQueue() {
    String location = servedRegistry();
    Churn.register(location, "churn-v2.onnx");
    runner.withPropertyValues("mlops.registry=" + location,
            "management.endpoints.web.exposure.include=mlops",
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.shadow.model=models:/churn/2",
            "mlops.deployments.churn.shadow.queue-capacity=7")
        .run(context -> {
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          for (int i = 0; i < 3; i++) {
            assertThat(deployment(context, "churn").predict(Churn.row(i)).version())
                .as("the champion answers").isEqualTo(1);
          }
          RoutedDeployment routed = context.getBean("churn", ManagedDeployment.class).routed();
          assertThat(routed).isNotNull();
          assertThat(routed.routing().mode()).isEqualTo(Routing.Mode.SHADOW);
          assertThat(routed.routing().shadowQueueCapacity()).isEqualTo(7);
          await(() -> routed.shadowAgreement().compared() + routed.shadowAgreement().dropped()
              == 3);
          assertThat(routed.shadowAgreement().errors()).isZero();
          Map<String, Object> described = context.getBean(MlopsEndpoint.class).deployment("churn");
          assertThat(described).containsEntry("routing", "shadow")
              .containsEntry("shadowVersion", 2).containsEntry("version", 1);
        });
  }

  @Test
  void aStickyCanaryKeepsEachKeyOnOneSideAndUnknownFeaturesDecidesWhetherTheKeyIsAccepted() {
    String location = servedRegistry();
    Churn.register(location, "churn-v2.onnx");
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.canary.model=models:/churn/2",
            "mlops.deployments.churn.canary.share=0.5",
            "mlops.deployments.churn.canary.sticky-by=customer_id",
            "mlops.deployments.churn.unknown-features=IGNORE")
        .run(context -> {
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          Deployment<Map<String, Object>, Prediction> churn = deployment(context, "churn");
          Set<Integer> sides = new HashSet<>();
          for (int customer = 0; customer < 20; customer++) {
            Set<Integer> versions = new HashSet<>();
            for (int call = 0; call < 4; call++) {
              versions.add(churn.predict(withCustomer(customer)).version());
            }
            assertThat(versions).as("customer c%d", customer).hasSize(1);
            sides.addAll(versions);
          }
          assertThat(sides).as("a half share sends some customers to each side")
              .containsExactlyInAnyOrder(1, 2);
        });
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production")
        .run(context -> {
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          // REJECT, the default: a column the signature does not declare is an error naming it.
          assertThatThrownBy(() -> deployment(context, "churn").predict(withCustomer(1)))
              .isInstanceOf(InvalidInputException.class).hasMessageContaining("customer_id");
        });
  }

  @Test
  void alertsAreLoggedAndPostedToTheWebhookWithItsHeadersUnlessLoggingIsOff(
      CapturedOutput output) throws Exception {
    String location = servedRegistry();
    BlockingQueue<Map<String, String>> posted = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hooks/mlops", exchange -> {
      Map<String, String> request = new HashMap<>();
      request.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
      request.put("team", exchange.getRequestHeaders().getFirst("X-Team"));
      try (InputStream in = exchange.getRequestBody()) {
        request.put("body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
      posted.add(request);
    });
    receiver.start();
    try {
      String webhook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/mlops";
      runner.withPropertyValues(errorRateAlerts(location, "mlops.deployments.churn.alerts.webhook="
              + webhook,
              "mlops.deployments.churn.alerts.webhook-headers.Authorization=Bearer t0ken",
              "mlops.deployments.churn.alerts.webhook-headers.X-Team=ml-platform"))
          .run(context -> {
            failCallsUntilAnAlertIsRaised(context);
            Map<String, String> request = posted.poll(60, TimeUnit.SECONDS);
            assertThat(request).as("the webhook received the alert").isNotNull();
            assertThat(request).containsEntry("authorization", "Bearer t0ken")
                .containsEntry("team", "ml-platform");
            JsonNode body = Churn.JSON.readTree(request.get("body"));
            assertThat(body.get("rule").asText()).startsWith("error-rate-above");
            assertThat(body.get("model").asText()).isEqualTo("churn");
            assertThat(body.get("state").asText()).isEqualTo("FIRING");
            AlertDispatcher alerts = context.getBean("churnAlerts", AlertDispatcher.class);
            await(() -> alerts.sent() >= 2);
            String rule = alerts.firing().get(0).rule();
            assertThat(output.getOut()).contains("FIRING " + rule + " churn v1: ");
          });
    } finally {
      receiver.stop(0);
    }

    int before = output.getOut().length();
    List<Alert> received = new CopyOnWriteArrayList<>();
    runner.withPropertyValues(errorRateAlerts(location,
            "mlops.deployments.churn.alerts.log=false"))
        .withBean("recordingSink", AlertSink.class, () -> received::add)
        .run(context -> {
          failCallsUntilAnAlertIsRaised(context);
          await(() -> !received.isEmpty());
          assertThat(received.get(0).rule()).startsWith("error-rate-above");
          // The sinks take each alert in order, the log sink first when there is one.
          assertThat(output.getOut().substring(before)).doesNotContain("FIRING error-rate-above");
        });
  }

  @Test
  void theShutdownTimeoutBoundsHowLongClosingWaitsForACallInFlight(CapturedOutput output)
      throws Exception {
    String location = servedRegistry();
    runner.withPropertyValues("mlops.registry=" + location, "mlops.shutdown-timeout=200ms",
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.monitoring.enabled=false")
        .run(context -> {
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          HeldRow held = new HeldRow(Churn.row(0));
          CompletableFuture<Prediction> call = CompletableFuture.supplyAsync(
              () -> deployment(context, "churn").predict(held));
          held.awaitEntered();
          // The context closes while the call is still held: it waited 200 ms, not for the call.
          CompletableFuture.runAsync(context::close).get(60, TimeUnit.SECONDS);
          assertThat(call).isNotDone();
          assertThat(output.getOut()).contains("Deployment 'churn' (models:/churn@production):"
              + " calls still in flight after PT0.2S; closing anyway");
          held.release();
          call.handle((p, e) -> null).get(60, TimeUnit.SECONDS);
        });
    runner.withPropertyValues("mlops.registry=" + location, "mlops.shutdown-timeout=1h",
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.monitoring.enabled=false")
        .run(context -> {
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          HeldRow held = new HeldRow(Churn.row(0));
          CompletableFuture<Prediction> call = CompletableFuture.supplyAsync(
              () -> deployment(context, "churn").predict(held));
          held.awaitEntered();
          CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
          ManagedDeployment churn = context.getBean("churn", ManagedDeployment.class);
          await(() -> churn.status().state() == ManagedDeployment.State.CLOSED);
          assertThat(closing).isNotDone();
          held.release();
          assertThat(call.get(60, TimeUnit.SECONDS).version()).isEqualTo(1);
          closing.get(60, TimeUnit.SECONDS);
        });
  }

  @Test
  void theLifecycleUsesTheRetrainPolicyAndGateBeansThePropertiesNameOrAManualApproval() {
    String location = servedRegistry();
    List<String> judged = new CopyOnWriteArrayList<>();
    Supplier<TrainingRun> trainer = () -> {
      ModelVersion v = Churn.register(location, "churn-v2.onnx");
      Instant now = Instant.now();
      return new TrainingRun("run-" + v.version(), "churn", TrainingRun.Status.SUCCEEDED, v,
          Map.of(), null, now, now);
    };
    RetrainPolicy always = snapshot -> RetrainDecision.retrain("the test's policy retrains");
    PromotionGate rejecting = (challenger, champion) -> {
      judged.add(challenger.version() + " against " + champion.map(c -> c.version()).orElse(0));
      return GateDecision.reject(List.of("the test's gate rejects v" + challenger.version()));
    };
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.lifecycle.enabled=true",
            "mlops.deployments.churn.lifecycle.training-job=trainer",
            "mlops.deployments.churn.lifecycle.retrain-policy-bean=alwaysRetrain",
            "mlops.deployments.churn.lifecycle.gate-bean=rejectingGate")
        .withBean("trainer", Supplier.class, () -> trainer)
        .withBean("alwaysRetrain", RetrainPolicy.class, () -> always)
        .withBean("rejectingGate", PromotionGate.class, () -> rejecting)
        .run(context -> {
          // Without the beans the properties name no policy and no gate, and the context fails.
          assertThat(context).hasNotFailed();
          LifecycleController controller = context.getBean("churnLifecycle",
              LifecycleController.class);
          controller.stop();
          CycleResult cycle = controller.runOnce();
          assertThat(cycle.outcome()).isEqualTo(CycleResult.Outcome.REJECTED);
          assertThat(cycle.champion()).isEqualTo(1);
          assertThat(cycle.reasons()).anySatisfy(r -> assertThat(r)
              .contains("the test's gate rejects v" + cycle.challenger()));
          assertThat(judged).isNotEmpty().allSatisfy(j -> assertThat(j).endsWith(" against 1"));
          assertThat(context.getBean(ModelRegistry.class).getModel("churn").aliases())
              .containsEntry("production", 1);
        });
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.lifecycle.enabled=true",
            "mlops.deployments.churn.lifecycle.training-job=trainer",
            "mlops.deployments.churn.lifecycle.retrain-policy-bean=alwaysRetrain",
            "mlops.deployments.churn.lifecycle.gate.manual-approval=true")
        .withBean("trainer", Supplier.class, () -> trainer)
        .withBean("alwaysRetrain", RetrainPolicy.class, () -> always)
        .run(context -> {
          LifecycleController controller = context.getBean("churnLifecycle",
              LifecycleController.class);
          controller.stop();
          CycleResult cycle = controller.runOnce();
          // A person approves: the challenger is staged, production stays.
          assertThat(cycle.outcome()).isEqualTo(CycleResult.Outcome.PENDING_APPROVAL);
          assertThat(context.getBean(ModelRegistry.class).getModel("churn").aliases())
              .containsEntry("production", 1).containsEntry("staging", cycle.challenger());
        });
  }

  @Test
  void monitoringStepSamplingRateAndKeptWindowsShapeTheMonitorsWindows() {
    String location = servedRegistry();
    runner.withPropertyValues("mlops.registry=" + location,
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.monitoring.window=2s",
            "mlops.deployments.churn.monitoring.step=1s",
            "mlops.deployments.churn.monitoring.sampling-rate=0",
            "mlops.deployments.churn.monitoring.kept-windows=2",
            "mlops.deployments.churn.monitoring.close-interval=100ms",
            "mlops.deployments.churn.alerts.enabled=false")
        .run(context -> {
          awaitState(context, "churn", ManagedDeployment.State.SERVING);
          for (int i = 0; i < 5; i++) {
            deployment(context, "churn").predict(Churn.row(i));
          }
          ModelMonitor monitor = context.getBean("churnMonitor", ModelMonitor.class);
          assertThat(monitor.snapshot().predictions()).isEqualTo(5);
          assertThat(monitor.snapshot().sampledRows()).as("sampling-rate=0").isZero();
          // Sliding windows of 2 s ending every second (a window with no call is not recorded,
          // so calls go on), of which the latest two are kept.
          java.util.concurrent.atomic.AtomicInteger closed =
              new java.util.concurrent.atomic.AtomicInteger();
          monitor.onWindowClosed(w -> closed.incrementAndGet());
          await(() -> {
            deployment(context, "churn").predict(Churn.row(0));
            return closed.get() >= 3;
          });
          List<dev.mlops.monitor.MonitorSnapshot> kept = monitor.closedWindows();
          assertThat(kept).hasSize(2).allSatisfy(w -> {
            assertThat(java.time.Duration.between(w.windowStart(), w.windowEnd()))
                .isEqualTo(java.time.Duration.ofSeconds(2));
            assertThat(w.predictions()).isPositive();
            assertThat(w.sampledRows()).isZero();
          });
          assertThat(java.time.Duration.between(kept.get(0).windowEnd(), kept.get(1).windowEnd()))
              .isEqualTo(java.time.Duration.ofSeconds(1));
        });
  }

  /** Properties of a deployment whose alerts fire when more than half of a 1 s window fails. */
  private static String[] errorRateAlerts(String location, String... more) {
    List<String> properties = new java.util.ArrayList<>(List.of("mlops.registry=" + location,
        "mlops.deployments.churn.model=models:/churn@production",
        "mlops.deployments.churn.monitoring.window=1s",
        "mlops.deployments.churn.alerts.dataset-drift=false",
        "mlops.deployments.churn.alerts.error-rate-above=0.5"));
    properties.addAll(List.of(more));
    return properties.toArray(String[]::new);
  }

  private static void failCallsUntilAnAlertIsRaised(ConfigurableApplicationContext context) {
    awaitState(context, "churn", ManagedDeployment.State.SERVING);
    Deployment<Map<String, Object>, Prediction> churn = deployment(context, "churn");
    for (int i = 0; i < 40; i++) {
      Map<String, Object> bad = new HashMap<>(Churn.row(0));
      bad.put("contract", "weekly");
      assertThatThrownBy(() -> churn.predict(bad)).isInstanceOf(InvalidInputException.class);
    }
    ModelMonitor monitor = context.getBean("churnMonitor", ModelMonitor.class);
    AlertDispatcher alerts = context.getBean("churnAlerts", AlertDispatcher.class);
    await(() -> {
      monitor.closeElapsedWindows();
      return alerts.raised() > 0;
    });
  }

  private static Map<String, Object> withCustomer(int customer) {
    Map<String, Object> row = new LinkedHashMap<>(Churn.row(customer % 5));
    row.put("customer_id", "c" + customer);
    return row;
  }
}
