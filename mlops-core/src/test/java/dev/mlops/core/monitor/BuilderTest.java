package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuilderTest {

  @Test
  void contradictoryOrRepeatedSettingsFailNamingTheValue() {
    assertThatThrownBy(() -> ModelMonitor.builder().tumblingWindow(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> ModelMonitor.builder()
        .slidingWindow(Duration.ofMinutes(10), Duration.ofMinutes(3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
    assertThatThrownBy(() -> ModelMonitor.builder().tumblingWindow(Duration.ofMinutes(1))
        .slidingWindow(Duration.ofMinutes(2), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> ModelMonitor.builder().samplingRate(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> ModelMonitor.builder().joinBuffer(0, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPending");
    assertThatThrownBy(() -> ModelMonitor.builder().keptWindows(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keptWindows");
  }
}
