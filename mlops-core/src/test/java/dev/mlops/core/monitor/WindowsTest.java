package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowsTest {

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:10Z");

  @Test
  void aTumblingWindowClosesOnTheFirstCallAfterItsEnd() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1)).build();
    List<MonitorSnapshot> heard = new ArrayList<>();
    monitor.onWindowClosed(heard::add);
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));

    predict(predictor, 3);
    assertThat(monitor.snapshot().predictions()).isEqualTo(3);
    assertThat(monitor.snapshot().closed()).isFalse();
    assertThat(heard).isEmpty();

    clock.advance(Duration.ofSeconds(55));
    predict(predictor, 2);

    assertThat(heard).singleElement().satisfies(w -> {
      assertThat(w.closed()).isTrue();
      assertThat(w.predictions()).isEqualTo(3);
      assertThat(w.windowStart()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
      assertThat(w.windowEnd()).isEqualTo(Instant.parse("2026-03-01T10:01:00Z"));
      assertThat(w.trainingMetrics()).containsEntry("accuracy", 0.9);
    });
    MonitorSnapshot open = monitor.snapshot();
    assertThat(open.predictions()).isEqualTo(2);
    assertThat(open.windowStart()).isEqualTo(Instant.parse("2026-03-01T10:01:00Z"));
    assertThat(open.windowEnd()).isEqualTo(clock.instant());
    assertThat(monitor.closedWindows()).extracting(MonitorSnapshot::predictions).containsExactly(3L);
  }

  @Test
  void closeElapsedWindowsClosesWithoutTraffic() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1)).build();
    predict(monitor.wrap(new ScriptedDeployment(Models.classifier(1))), 4);
    assertThat(monitor.closeElapsedWindows()).isEmpty();

    clock.advance(Duration.ofMinutes(1));

    assertThat(monitor.closeElapsedWindows()).extracting(MonitorSnapshot::predictions)
        .containsExactly(4L);
    assertThat(monitor.closeElapsedWindows()).isEmpty();
  }

  @Test
  void slidingWindowsSpanSeveralStepsAndOverlap() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .slidingWindow(Duration.ofMinutes(3), Duration.ofMinutes(1)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    for (int minute = 0; minute < 4; minute++) {
      predict(predictor, minute + 1);
      clock.advance(Duration.ofMinutes(1));
    }
    monitor.closeElapsedWindows();

    List<MonitorSnapshot> closed = monitor.closedWindows();
    // Minutes 0..3 saw 1, 2, 3, 4 calls; a window ending after minute m spans m-2..m.
    assertThat(closed).extracting(MonitorSnapshot::predictions).containsExactly(1L, 3L, 6L, 9L);
    assertThat(closed.get(3).windowStart()).isEqualTo(Instant.parse("2026-03-01T10:01:00Z"));
    assertThat(closed.get(3).windowEnd()).isEqualTo(Instant.parse("2026-03-01T10:04:00Z"));
    // The open window ending next spans minutes 2..4 (4 has no calls yet).
    assertThat(monitor.snapshot().predictions()).isEqualTo(7);
  }

  @Test
  void windowsWithoutActivityAreNotRecorded() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    predict(predictor, 1);
    clock.advance(Duration.ofMinutes(30));
    predict(predictor, 1);
    clock.advance(Duration.ofMinutes(1));

    assertThat(monitor.closedWindows()).extracting(MonitorSnapshot::windowStart).containsExactly(
        Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:30:00Z"));
  }

  @Test
  void onlyTheConfiguredNumberOfClosedWindowsIsKept() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1)).keptWindows(2).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    for (int minute = 0; minute < 5; minute++) {
      predict(predictor, minute + 1);
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(monitor.closedWindows()).extracting(MonitorSnapshot::predictions)
        .containsExactly(4L, 5L);
  }

  @Test
  void aDeploymentIsMonitoredPerVersionAcrossASwap() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1)).build();
    ScriptedDeployment deployment = new ScriptedDeployment(Models.classifier(1));
    Deployment<Map<String, Object>, Prediction> monitored = monitor.wrap(deployment);
    predict(monitored, 5);

    deployment.swapTo(Models.classifier(2));
    assertThat(monitor.snapshot().version()).isEqualTo(2);
    predict(monitored, 2);

    assertThat(monitored.modelVersion().version()).isEqualTo(2);
    assertThat(monitored.target().toString()).isEqualTo("models:/churn@production");
    assertThat(monitor.snapshot().predictions()).isEqualTo(2);
    assertThat(monitor.snapshot(1).predictions()).isEqualTo(5);
    assertThatThrownBy(() -> monitor.snapshot(7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no version 7").hasMessageContaining("[1, 2]");

    clock.advance(Duration.ofMinutes(1));
    assertThat(monitor.closedWindows()).extracting(MonitorSnapshot::version,
        MonitorSnapshot::predictions).containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 5L), org.assertj.core.groups.Tuple.tuple(2, 2L));
  }

  @Test
  void oneMonitorWatchesOneModel() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).build();
    monitor.wrap(new ScriptedDeployment(Models.classifier(1)));

    assertThatThrownBy(() -> monitor.wrap(new ScriptedDeployment(Models.regressor(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'churn'").hasMessageContaining("'price'");
  }

  @Test
  void aListenerThatThrowsDoesNotStopOthers() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1)).build();
    List<MonitorSnapshot> heard = new ArrayList<>();
    monitor.onWindowClosed(w -> {
      throw new IllegalStateException("listener bug");
    });
    var subscription = monitor.onWindowClosed(heard::add);
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    predict(predictor, 1);
    clock.advance(Duration.ofMinutes(1));
    monitor.closeElapsedWindows();
    subscription.close();
    predict(predictor, 1);
    clock.advance(Duration.ofMinutes(1));
    monitor.closeElapsedWindows();

    assertThat(heard).hasSize(1);
  }

  @Test
  void queriesFailClearlyBeforeAnythingIsWrappedAndAfterClose() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).build();
    assertThatThrownBy(monitor::snapshot).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wrap a predictor");
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    monitor.close();
    monitor.close();

    assertThat(predictor.predict(Map.of("x", 1.0, "plan", "a")).version()).isEqualTo(1);
    assertThatThrownBy(monitor::snapshot).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  static void predict(Predictor<Map<String, Object>, Prediction> predictor, int calls) {
    for (int i = 0; i < calls; i++) {
      predictor.predict(Map.of("x", (double) i, "plan", i % 2 == 0 ? "a" : "b"));
    }
  }
}
