package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The windows and decision threshold a fleet's monitors record in their store for readers. */
class WindowGeometryTest {

  private final InMemoryMonitorStore store = new InMemoryMonitorStore();

  @Test
  void aRecordOfAnEarlierReleaseHasNoThresholdAndReadsAsTheDefault() {
    store.writeState(WindowGeometry.key("churn"), 0, "step=PT1M window=PT5M");

    assertThat(WindowGeometry.read(store, "churn"))
        .contains(new WindowGeometry(60_000, 5, Double.NaN));
  }

  @Test
  void theFirstWindowsStayAndTheLastThresholdReplacesTheRecordedOne() {
    new WindowGeometry(60_000, 1, 0.3).record(store, "churn");
    assertThat(store.readState(WindowGeometry.key("churn")).orElseThrow().value())
        .isEqualTo("step=PT1M window=PT1M decisionThreshold=0.3");

    new WindowGeometry(3_600_000, 1, 0.7).record(store, "churn");
    assertThat(WindowGeometry.read(store, "churn"))
        .contains(new WindowGeometry(60_000, 1, 0.7));

    new WindowGeometry(60_000, 1, Double.NaN).record(store, "churn");
    assertThat(store.readState(WindowGeometry.key("churn")).orElseThrow().value())
        .isEqualTo("step=PT1M window=PT1M");
  }

  @Test
  void aMalformedRecordNamesTheModelAndTheValue() {
    store.writeState(WindowGeometry.key("churn"), 0, "step=PT1M decisionThreshold=high");

    assertThatThrownBy(() -> WindowGeometry.read(store, "churn"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model 'churn'").hasMessageContaining("decisionThreshold=high");
  }
}
