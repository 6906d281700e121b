package dev.mlops.spring;

import static dev.mlops.spring.MlopsAutoConfigurationTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertSink;
import dev.mlops.alert.AlertState;
import dev.mlops.core.alert.FleetAlerts;
import dev.mlops.core.lifecycle.CycleResult;
import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.monitor.InMemoryMonitorStore;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.spring.actuate.MlopsActuatorAutoConfiguration;
import dev.mlops.spring.actuate.MlopsEndpoint;
import dev.mlops.testkit.postgres.PostgresServer;
import dev.mlops.training.TrainingRun;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code mlops.monitoring.store}: the deployments' monitors share a store, as the instances of a
 * service behind a load balancer do. Two application contexts on one store stand for two
 * instances.
 */
class FleetMonitoringTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class,
          MlopsActuatorAutoConfiguration.class))
      .withPropertyValues("management.endpoints.web.exposure.include=mlops");

  @Test
  void withoutAStoreSettingEachMonitorWorksAlone() {
    runner.withPropertyValues("mlops.registry=" + servedRegistry(),
            "mlops.deployments.churn.model=models:/churn@production")
        .run(context -> {
          assertThat(context).doesNotHaveBean(MonitorStore.class)
              .doesNotHaveBean("churnFleetAlerts");
          assertThat(context.getBean("churnMonitor", ModelMonitor.class).sharesStore()).isFalse();
        });
  }

  @Test
  void theMemoryStoreIsSharedByTheMonitorsAndFleetAlertsReplaceTheMonitorsOwn() {
    runner.withPropertyValues("mlops.registry=" + servedRegistry(),
            "mlops.monitoring.store=memory",
            "mlops.deployments.churn.model=models:/churn@production")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(MonitorStore.class)).isInstanceOf(InMemoryMonitorStore.class);
          assertThat(context).hasBean("mlopsMonitorStore").hasBean("churnFleetAlerts");
          assertThat(context.getBean("churnMonitor", ModelMonitor.class).sharesStore()).isTrue();
        });
  }

  @Test
  void oneInstanceOfTheFleetRunsTheLifecycleOfAModel() {
    InMemoryMonitorStore shared = new InMemoryMonitorStore();
    ApplicationContextRunner instance = runner.withPropertyValues(
            "mlops.registry=" + servedRegistry(), "mlops.monitoring.store=memory",
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.lifecycle.enabled=true",
            "mlops.deployments.churn.lifecycle.training-job=trainer",
            "mlops.deployments.churn.lifecycle.policy.every=3650d",
            "mlops.deployments.churn.lifecycle.gate.floor.accuracy=0.5")
        .withBean("trainer", Supplier.class, () -> (Supplier<TrainingRun>) () -> {
          throw new AssertionError("a ten-year schedule never trains");
        });
    instance.withBean(MonitorStore.class, shared::anotherInstance).run(a ->
        instance.withBean(MonitorStore.class, shared::anotherInstance).run(b -> {
          LifecycleController first = a.getBean("churnLifecycle", LifecycleController.class);
          LifecycleController second = b.getBean("churnLifecycle", LifecycleController.class);
          // Each schedule's first cycle ran at start; stopping waits for it and keeps the lease.
          first.stop();
          second.stop();
          assertThat(List.of(first.runOnce().outcome(), second.runOnce().outcome()))
              .containsExactlyInAnyOrder(CycleResult.Outcome.NOT_RETRAINED,
                  CycleResult.Outcome.NOT_LEADER);
        }));
  }

  @Test
  void twoInstancesOnOneStoreShowTheFleetsWindowsAndJoinOutcomesReportedToEither() {
    InMemoryMonitorStore shared = new InMemoryMonitorStore();
    ApplicationContextRunner instance = runner.withPropertyValues(
        "mlops.registry=" + servedRegistry(), "mlops.monitoring.store=memory",
        "mlops.deployments.churn.model=models:/churn@production");
    instance.withBean(MonitorStore.class, shared::anotherInstance).run(a ->
        instance.withBean(MonitorStore.class, shared::anotherInstance).run(b -> {
          List<String> fromA = predict(a, 3);
          predict(b, 2);
          monitor(a).flush();
          monitor(b).flush();

          List<Map<String, Object>> fleet = fleetWindows(a);
          assertThat(fleet).isNotEmpty()
              .allSatisfy(w -> assertThat(w).containsEntry("version", 1));
          // The open and last closed windows together hold every call of both instances (the
          // window may have turned between the calls).
          assertThat(predictions(fleet)).isEqualTo(5);
          // This instance's own window counts only its own calls.
          assertThat(a.getBean(MlopsEndpoint.class).deployment("churn").get("monitor"))
              .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class,
                  Object.class))
              .hasEntrySatisfying("predictions", n -> assertThat(((Number) n).longValue())
                  .isLessThanOrEqualTo(3));

          // Outcomes of A's predictions, reported to B, join once.
          assertThat(monitor(b).recordOutcome(fromA.get(0), "stay")).isEqualTo(JoinResult.JOINED);
          assertThat(monitor(a).recordOutcome(fromA.get(0), "stay"))
              .isEqualTo(JoinResult.ALREADY_JOINED);
        }));
  }

  @Test
  void aFleetAlertFiresOnceHoweverManyInstancesSawTheFailures() {
    InMemoryMonitorStore shared = new InMemoryMonitorStore();
    List<Alert> sent = new CopyOnWriteArrayList<>();
    AlertSink sink = sent::add;
    ApplicationContextRunner instance = runner.withPropertyValues(
            "mlops.registry=" + servedRegistry(), "mlops.monitoring.store=memory",
            "mlops.monitoring.flush-interval=50ms", "mlops.monitoring.settle-delay=300ms",
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.monitoring.window=1s",
            "mlops.deployments.churn.alerts.dataset-drift=false",
            "mlops.deployments.churn.alerts.error-rate-above=0.5")
        .withBean("sink", AlertSink.class, () -> sink);
    instance.withBean(MonitorStore.class, shared::anotherInstance).run(a ->
        instance.withBean(MonitorStore.class, shared::anotherInstance).run(b -> {
          // Enough on each instance for the rule to judge it alone (30 calls), as a monitor that
          // alerted on its own windows would.
          failCalls(a, 70);
          failCalls(b, 70);
          List<ConfigurableApplicationContext> both = List.of(a, b);
          await(() -> {
            judge(both);
            return firing(sent) > 0;
          });
          // Every instance judges again, as its schedule would, once more windows have settled.
          long judgedUntil = System.currentTimeMillis() + 2_500;
          while (System.currentTimeMillis() < judgedUntil) {
            judge(both);
            Thread.sleep(100);
          }
          assertThat(firing(sent)).isEqualTo(1);
          assertThat(sent).filteredOn(x -> x.state() == AlertState.FIRING).singleElement()
              .satisfies(x -> assertThat(x.rule()).startsWith("error-rate-above"));
        }));
  }

  @Test
  void theJdbcStoreNeedsAJdbcRegistry() {
    runner.withPropertyValues("mlops.registry=" + servedRegistry(),
            "mlops.monitoring.store=jdbc",
            "mlops.deployments.churn.model=models:/churn@production")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("mlops.monitoring.store=jdbc")
            .hasStackTraceContaining("mlops.registry is memory:"));
  }

  @Test
  void theJdbcStoreUsesTheRegistrysDatabaseThroughTheApplicationsDataSource() throws Exception {
    PostgresServer pg = PostgresServer.sharedOrSkip();
    String schema = PostgresServer.newSchema("starter_fleet");
    String location = pg.jdbcUrl();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.jdbcUrl() + "?user=postgres");
    config.setMaximumPoolSize(6);
    config.setPoolName("application");
    try (HikariDataSource application = new HikariDataSource(config)) {
      runner.withPropertyValues("mlops.registry=" + location, "mlops.jdbc.schema=" + schema,
              "mlops.monitoring.store=jdbc",
              "mlops.deployments.churn.model=models:/churn@production",
              "mlops.deployments.churn.retry-interval=1s")
          // Not closed by the context, so that the end of the test sees whether the registry or
          // the store closed it.
          .withBean(DataSource.class, () -> application, d -> d.setDestroyMethodName(""))
          .run(context -> {
            assertThat(context).hasNotFailed();
            ModelRegistry registry = context.getBean(ModelRegistry.class);
            Churn.register(registry, "churn-v1.onnx");
            registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
            awaitServing(context);
            assertThat(context.getBean(MonitorStore.class).describe()).contains(schema);
            predict(context, 4);
            monitor(context).flush();
            try (Connection c = application.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT count(*) FROM " + schema
                    + ".monitor_predictions")) {
              rows.next();
              assertThat(rows.getInt(1)).as("predictions stored for their outcomes").isEqualTo(4);
            }
            assertThat(predictions(fleetWindows(context))).isEqualTo(4);
          });
      assertThat(application.isClosed()).as("the application's pool stays open").isFalse();
    }
  }

  /** The {@code fleet} windows the endpoint shows for the deployment. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> fleetWindows(ConfigurableApplicationContext context) {
    Map<String, Object> churn = context.getBean(MlopsEndpoint.class).deployment("churn");
    assertThat(churn).isNotNull();
    return (List<Map<String, Object>>) churn.get("fleet");
  }

  private static long predictions(List<Map<String, Object>> windows) {
    return windows.stream().mapToLong(w -> ((Number) w.get("predictions")).longValue()).sum();
  }

  private static List<String> predict(ConfigurableApplicationContext context, int rows) {
    awaitServing(context);
    Deployment<Map<String, Object>, Prediction> churn = deployment(context);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      ids.add(churn.predict(Churn.row(i)).predictionId());
    }
    return ids;
  }

  private static void failCalls(ConfigurableApplicationContext context, int calls) {
    awaitServing(context);
    Deployment<Map<String, Object>, Prediction> churn = deployment(context);
    for (int i = 0; i < calls; i++) {
      Map<String, Object> bad = new HashMap<>(Churn.row(0));
      bad.put("contract", "weekly");
      assertThatThrownBy(() -> churn.predict(bad)).isInstanceOf(InvalidInputException.class);
    }
  }

  /** What each instance does on its own schedule: close windows, write them, judge the fleet. */
  private static void judge(List<ConfigurableApplicationContext> instances) {
    for (ConfigurableApplicationContext c : instances) {
      monitor(c).closeElapsedWindows();
      monitor(c).flush();
      c.getBean("churnFleetAlerts", FleetAlerts.class).evaluate();
    }
  }

  private static long firing(List<Alert> sent) {
    return sent.stream().filter(a -> a.state() == AlertState.FIRING).count();
  }

  private static ModelMonitor monitor(ConfigurableApplicationContext context) {
    return context.getBean("churnMonitor", ModelMonitor.class);
  }

  @SuppressWarnings("unchecked")
  private static Deployment<Map<String, Object>, Prediction> deployment(
      ConfigurableApplicationContext context) {
    return context.getBean("churn", Deployment.class);
  }

  private static void awaitServing(ConfigurableApplicationContext context) {
    ManagedDeployment d = context.getBean("churn", ManagedDeployment.class);
    await(() -> d.status().state() == ManagedDeployment.State.SERVING);
  }

  private static String servedRegistry() {
    String location = Churn.newRegistry();
    Churn.register(location, "churn-v1.onnx");
    Churn.alias(location, "production", 1);
    return location;
  }
}
