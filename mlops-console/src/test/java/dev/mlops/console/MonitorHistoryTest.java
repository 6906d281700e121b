package dev.mlops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertState;
import dev.mlops.alert.Severity;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorHistoryTest {

  @TempDir Path directory;

  @Test
  void aJsonLinesFileGivesEachModelsWindowsInOrderAndIsReadAgainWhenItChanges() throws Exception {
    ConsoleFixture fixture = new ConsoleFixture(directory);
    fixture.registry.close();
    MonitorHistory history = MonitorHistory.jsonLines(fixture.monitorWindows);
    assertThat(history.models()).containsExactly("churn");
    List<MonitorSnapshot> windows = history.windows("churn");
    assertThat(windows).hasSize(8);
    assertThat(windows).extracting(MonitorSnapshot::version).containsExactly(2, 3, 2, 3, 2, 3, 2, 3);
    assertThat(windows.get(0).windowStart()).isEqualTo(ConsoleFixture.T0);
    assertThat(history.windows("fraud")).isEmpty();

    Files.writeString(fixture.monitorWindows, Files.readString(fixture.monitorWindows) + "{\"schema\": 1}\n");
    assertThatThrownBy(() -> history.windows("churn")).isInstanceOf(ConsoleDataException.class)
        .hasMessageContaining(fixture.monitorWindows + ", line 9: ");
    assertThat(MonitorHistory.jsonLines(directory.resolve("missing.jsonl")).models()).isEmpty();
  }

  @Test
  void runningMonitorsGiveTheirClosedWindowsAndTheOpenOne() {
    ManualClock clock = new ManualClock();
    try (ModelMonitor monitor = ModelMonitor.builder().clock(clock).tumblingWindow(Duration.ofHours(1)).build()) {
      MonitorHistory history = MonitorHistory.of(monitor);
      assertThat(history.models()).isEmpty(); // nothing wrapped yet
      Predictor<Map<String, Object>, Prediction> predictor = monitor.wrap(new Constant(version(1)));
      predictor.predict(Map.of("x", 1.0));
      clock.advance(Duration.ofMinutes(90));
      predictor.predict(Map.of("x", 2.0));
      List<MonitorSnapshot> windows = history.windows("demand");
      assertThat(windows).extracting(MonitorSnapshot::closed).containsExactly(true, false);
      assertThat(windows).extracting(MonitorSnapshot::predictions).containsExactly(1L, 1L);
      assertThat(history.models()).containsExactly("demand");
    }
  }

  @Test
  void recentAlertsAreKeptNewestFirstUpToTheirCapacity() {
    RecentAlerts recent = RecentAlerts.withCapacity(2);
    for (int i = 0; i < 3; i++) {
      recent.send(new Alert("rule-" + i, Severity.WARNING, AlertState.FIRING, "churn", 1, "m" + i,
          ConsoleFixture.T0.plusSeconds(i)));
    }
    recent.send(new Alert("other", Severity.CRITICAL, AlertState.FIRING, "fraud", 1, "x", ConsoleFixture.T0));
    assertThat(recent.alerts("churn")).extracting(Alert::rule).containsExactly("rule-2");
    MonitorHistory withAlerts = MonitorHistory.jsonLines(directory.resolve("none.jsonl")).withAlerts(recent);
    assertThat(withAlerts.alerts("fraud")).extracting(Alert::rule).containsExactly("other");
    assertThatThrownBy(() -> RecentAlerts.withCapacity(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static ModelVersion version(int number) {
    return new ModelVersion("demand", number, ModelFormat.of("custom"),
        List.of(new ArtifactRef("model.bin", 1, "0".repeat(64))),
        ModelSignature.of(List.of(FieldSpec.scalar("x", DataType.FLOAT64)),
            List.of(FieldSpec.scalar("y", DataType.FLOAT64))),
        Map.of(), Map.of(), Map.of(), Lineage.empty(), ModelVersionStatus.READY, Set.of(), null,
        ConsoleFixture.T0, "test");
  }

  /** A predictor answering 1.0 for every row. */
  private record Constant(ModelVersion modelVersion) implements Predictor<Map<String, Object>, Prediction> {
    @Override
    public Prediction predict(Map<String, Object> input) {
      return new Prediction(java.util.UUID.randomUUID().toString(), modelVersion.name(), modelVersion.version(),
          List.of(1.0), null, Duration.ofMillis(1));
    }

    @Override
    public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
      return inputs.stream().map(this::predict).toList();
    }

    @Override
    public void close() {}
  }
}
