package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LineageBuilderTest {

  private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant END = Instant.parse("2026-01-01T10:30:00Z");

  @Test
  void eachSettingGivenTwiceIsRefusedNamingTheFirstValue() {
    assertThatThrownBy(() -> Lineage.builder().datasetFingerprint("abc").datasetFingerprint("def"))
        .isInstanceOf(IllegalStateException.class).hasMessage("datasetFingerprint was already set to abc");
    assertThatThrownBy(() -> Lineage.builder().codeVersion("g1").codeVersion("g2"))
        .isInstanceOf(IllegalStateException.class).hasMessage("codeVersion was already set to g1");
    assertThatThrownBy(() -> Lineage.builder().configHash("c1").configHash("c1"))
        .isInstanceOf(IllegalStateException.class).hasMessage("configHash was already set to c1");
    assertThatThrownBy(() -> Lineage.builder().parentVersion(3).parentVersion(4))
        .isInstanceOf(IllegalStateException.class).hasMessage("parentVersion was already set to 3");
    assertThatThrownBy(() -> Lineage.builder().seed(7).seed(8))
        .isInstanceOf(IllegalStateException.class).hasMessage("seed was already set to 7");
    assertThatThrownBy(() -> Lineage.builder().runId("r1").runId("r2"))
        .isInstanceOf(IllegalStateException.class).hasMessage("runId was already set to r1");
    assertThatThrownBy(() -> Lineage.builder().trainingTime(START, END).trainingTime(START, END))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("trainingTime was already set to " + START + ".." + END);
  }

  @Test
  void anInvalidValueIsAnArgumentErrorEvenWhenRepeated() {
    assertThatThrownBy(() -> Lineage.builder().parentVersion(3).parentVersion(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parentVersion");
  }

  @Test
  void settingsGivenOnceAreKept() {
    Lineage lineage = Lineage.builder().seed(7).runId("r1").trainingTime(START, END)
        .environment("jvm", "17").environment("djl", "0.36.0").build();

    assertThat(lineage.seed()).isEqualTo(7L);
    assertThat(lineage.runId()).isEqualTo("r1");
    assertThat(lineage.environment()).containsEntry("jvm", "17").containsEntry("djl", "0.36.0");
  }
}
