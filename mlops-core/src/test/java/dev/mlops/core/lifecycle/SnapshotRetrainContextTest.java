package dev.mlops.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.monitor.LatencySummary;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.registry.ModelVersion;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotRetrainContextTest {

  private static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");
  private final ModelVersion champion = Fixtures.version(2, Map.of("accuracy", 0.9));

  @Test
  void readsDriftAndLiveMetricsFromASnapshotOfTheChampion() {
    MonitorSnapshot snapshot = Fixtures.snapshot(2, Fixtures.drift(Map.of("tenure", 0.31, "age", 0.02)),
        Map.of("accuracy", 0.81));

    SnapshotRetrainContext context = SnapshotRetrainContext.of(NOW, champion, Optional.of(NOW.minusSeconds(60)),
        Optional.of(snapshot), 1234);

    assertThat(context.now()).isEqualTo(NOW);
    assertThat(context.lastRetrainAt()).contains(NOW.minusSeconds(60));
    assertThat(context.driftedFeatureShare()).hasValue(0.5);
    assertThat(context.datasetDrifted()).isTrue();
    assertThat(context.featureDriftScores()).containsEntry("tenure", 0.31).containsEntry("age", 0.02);
    assertThat(context.featureDrifted()).containsEntry("tenure", true).containsEntry("age", false);
    assertThat(context.featureDriftMethods()).containsEntry("tenure", "wasserstein");
    assertThat(context.currentMetrics()).containsExactly(Map.entry("accuracy", 0.81));
    assertThat(context.newDataRows()).isEqualTo(1234);
  }

  @Test
  void aSnapshotOfAnotherVersionSaysNothingAboutTheChampion() {
    MonitorSnapshot previous = Fixtures.snapshot(1, Fixtures.drift(Map.of("tenure", 0.31)), Map.of("accuracy", 0.5));

    SnapshotRetrainContext context = SnapshotRetrainContext.of(NOW, champion, Optional.empty(), Optional.of(previous), 0);

    assertThat(context.snapshot()).isEmpty();
    assertThat(context.driftedFeatureShare()).isEmpty();
    assertThat(context.datasetDrifted()).isFalse();
    assertThat(context.featureDriftScores()).isEmpty();
    assertThat(context.currentMetrics()).isEmpty();
  }

  @Test
  void aSnapshotOfAnotherModelOrANegativeRowCountIsRefused() {
    MonitorSnapshot other = new MonitorSnapshot("fraud", 2, NOW, NOW, false, 0, 0, 0, LatencySummary.empty(), null,
        Map.of(), Map.of(), OutcomeCounts.none());

    assertThatThrownBy(() -> SnapshotRetrainContext.of(NOW, champion, Optional.empty(), Optional.of(other), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fraud'").hasMessageContaining("'churn'");
    assertThatThrownBy(() -> SnapshotRetrainContext.of(NOW, champion, Optional.empty(), Optional.empty(), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }
}
