package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftAndMemoryTest {

  private static final int ROWS_PER_MINUTE = 1000;

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final Random random = new Random(5);

  @Test
  void driftIsMeasuredInTheFirstWindowAfterTheChangeAndNotBeforeAndGoneAfterRecovery() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1)).referenceProfile(1, reference(random)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    // x shifts by 1.5 standard deviations from minute 3 to minute 5, then returns.
    for (int minute = 0; minute < 8; minute++) {
      double shift = minute >= 3 && minute <= 5 ? 1.5 : 0.0;
      for (int i = 0; i < ROWS_PER_MINUTE; i++) {
        clock.set(clock.instant().plusMillis(50));
        predictor.predict(row(random, shift));
      }
      clock.set(java.time.Instant.parse("2026-03-01T10:00:00Z").plus(Duration.ofMinutes(minute
          + 1)));
    }
    monitor.closeElapsedWindows();

    List<MonitorSnapshot> windows = monitor.closedWindows();
    assertThat(windows).hasSize(8);
    assertThat(windows).allSatisfy(w -> {
      assertThat(w.drift()).isNotNull();
      assertThat(w.drift().currentRows()).isEqualTo(ROWS_PER_MINUTE);
      assertThat(w.drift().feature("plan").orElseThrow().drifted()).isFalse();
    });
    assertThat(windows).extracting(MonitorSnapshot::datasetDrifted)
        .containsExactly(false, false, false, true, true, true, false, false);
    assertThat(windows).extracting(w -> w.drift().feature("x").orElseThrow().drifted())
        .containsExactly(false, false, false, true, true, true, false, false);
  }

  @Test
  void aWindowWithTooFewRowsHasNoDriftReport() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).minRowsForDrift(50)
        .referenceProfile(1, reference(random)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    for (int i = 0; i < 49; i++) {
      predictor.predict(row(random, 0));
    }
    assertThat(monitor.snapshot().drift()).isNull();

    predictor.predict(row(random, 0));
    assertThat(monitor.snapshot().drift()).isNotNull();
  }

  @Test
  void memoryStaysBoundedHoweverManyRowsAWindowSees() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .referenceProfile(1, reference(random)).joinBuffer(1000, Duration.ofHours(1)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    feed(predictor, 20_000);
    int sizeAfter20k = monitor.openWindowProfile(1).toBytes().length;
    feed(predictor, 80_000);

    DatasetProfile profile = monitor.openWindowProfile(1);
    assertThat(profile.rows()).isEqualTo(100_000);
    assertThat(profile.toBytes().length).isLessThan(40_000)
        .isLessThan(sizeAfter20k * 2);
    MonitorSnapshot snapshot = monitor.snapshot();
    assertThat(snapshot.predictions()).isEqualTo(100_000);
    assertThat(snapshot.latency().count()).isEqualTo(100_000);
    // The join buffer holds its maximum; the rest left it and are counted.
    assertThat(snapshot.outcomes()).isEqualTo(new OutcomeCounts(0, 0, 0, 99_000, 1000));
  }

  private void feed(Predictor<Map<String, Object>, Prediction> predictor, int rows) {
    for (int i = 0; i < rows; i++) {
      predictor.predict(row(random, 0));
    }
  }

  static DatasetProfile reference(Random random) {
    DatasetProfile reference = DatasetProfile.builder().numeric("x").categorical("plan").build();
    for (int i = 0; i < 5000; i++) {
      reference.update(row(random, 0));
    }
    return reference;
  }

  static Map<String, Object> row(Random random, double shift) {
    return Map.of("x", random.nextGaussian() + shift, "plan", random.nextBoolean() ? "a" : "b");
  }
}
