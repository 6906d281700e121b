package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertSink;
import dev.mlops.alert.AlertState;
import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.alert.AlertRules;
import dev.mlops.core.alert.FleetAlerts;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Alert rules on a fleet's windows fire once for the fleet, whichever instance judges them. */
class FleetAlertsTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final InMemoryMonitorStore first = new InMemoryMonitorStore();
  private final Random random = new Random(3);
  private final DatasetProfile reference = DriftAndMemoryTest.reference(new Random(5));
  private final List<Alert> delivered = new CopyOnWriteArrayList<>();

  @Test
  void driftOnOneInstanceFiresOnceForTheFleetAndResolvesOnceAfterATakeover() {
    List<InMemoryMonitorStore> stores = List.of(first, first.anotherInstance(),
        first.anotherInstance());
    List<ModelMonitor> monitors = new ArrayList<>();
    List<Predictor<Map<String, Object>, Prediction>> predictors = new ArrayList<>();
    List<FleetAlerts> alerts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ModelMonitor monitor = ModelMonitor.builder().clock(clock)
          .tumblingWindow(Duration.ofMinutes(1)).referenceProfile(1, reference)
          .store(stores.get(i)).storeFlushInterval(Duration.ofHours(1)).build();
      monitors.add(monitor);
      predictors.add(monitor.wrap(new ScriptedDeployment(Models.classifier(1), i + "-")));
      alerts.add(FleetAlerts.builder(stores.get(i), monitor.fleet(), "churn")
          .dispatcher(AlertDispatcher.builder().rule(AlertRules.datasetDrift()
              .withCooldown(Duration.ZERO)).sink(new Collecting()).build())
          .settleDelay(Duration.ofSeconds(10)).clock(clock).build());
    }

    // Minutes 0-2 drifted on instance 2 only (a third of the traffic, shifted far); minutes 3-4
    // are clean everywhere.
    for (int minute = 0; minute < 5; minute++) {
      clock.set(START.plus(Duration.ofMinutes(minute)));
      for (int row = 0; row < 600; row++) {
        int member = row % 3;
        double shift = member == 2 && minute < 3 ? 4.0 : 0.0;
        predictors.get(member).predict(DriftAndMemoryTest.row(random, shift));
      }
      clock.set(START.plus(Duration.ofMinutes(minute + 1)).plusSeconds(20));
      monitors.forEach(ModelMonitor::flush);
      if (minute == 2) {
        // The first instance led so far; it stops, and another takes over.
        alerts.get(0).close();
      }
      for (FleetAlerts a : minute < 2 ? alerts : alerts.subList(1, 3)) {
        a.evaluate();
      }
    }
    alerts.subList(1, 3).forEach(FleetAlerts::close);

    assertThat(delivered).extracting(Alert::state)
        .as("zero cooldown: each drifted window fires, the first clean one resolves; once each")
        .containsExactly(AlertState.FIRING, AlertState.FIRING, AlertState.FIRING,
            AlertState.RESOLVED);
    assertThat(delivered).extracting(Alert::at).containsExactly(START.plusSeconds(60),
        START.plusSeconds(120), START.plusSeconds(180), START.plusSeconds(240));
  }

  /** Records what any instance's dispatcher delivers, in one list for the fleet. */
  private final class Collecting implements AlertSink {
    @Override
    public void send(Alert alert) {
      delivered.add(alert);
    }

    @Override
    public void close() {}
  }
}
