package dev.mlops.core.drift.stream;

import static dev.mlops.core.drift.stream.SyntheticStreams.errors;
import static dev.mlops.core.drift.stream.SyntheticStreams.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DdmTest extends StreamDriftDetectorContract {

  @Override
  StreamDriftDetector newDetector() {
    return Ddm.withDefaults();
  }

  @Override
  double[] streamWithChange(long seed) {
    return errors(seed, 4000, step(2000, 0.1, 0.4));
  }

  @Override
  int changeAt() {
    return 2000;
  }

  @Override
  double[] invalidValues() {
    return new double[] {Double.NaN, -0.1, 1.5, Double.POSITIVE_INFINITY};
  }

  @Test
  void warnsBeforeItDriftsWhenTheErrorRateRises() {
    DetectorState[] states = run(Ddm.withDefaults(), errors(3, 4000, step(2000, 0.1, 0.4)));

    int drift = firstDriftAtOrAfter(states, 2000);
    assertThat(drift).isBetween(2000, 2200);
    assertThat(states[drift - 1]).isEqualTo(DetectorState.WARNING);
  }

  @Test
  void aFallOfTheErrorRateIsNoDrift() {
    assertThat(drifts(run(Ddm.withDefaults(), errors(4, 4000, step(2000, 0.4, 0.1)))))
        .isLessThanOrEqualTo(1);
    assertThat(drifts(run(Ddm.withDefaults(), errors(4, 4000, i -> i < 2000 ? 1 : 0)))).isZero();
  }

  @Test
  void testingStartsWithThe29thElementAsInMoa() {
    double[] errorAt29 = new double[29];
    errorAt29[28] = 1;
    double[] errorAt30 = new double[30];
    errorAt30[29] = 1;

    // With 28 right predictions the 29th element is the first tested: it sets the minimum.
    assertThat(run(Ddm.withDefaults(), errorAt29)[28]).isEqualTo(DetectorState.STABLE);
    // With 29, the minimum is an error rate of 0 and one error is far above it.
    assertThat(run(Ddm.withDefaults(), errorAt30)[29]).isEqualTo(DetectorState.DRIFT);
  }

  @Test
  void theErrorRateStartsAfreshAfterADrift() {
    Ddm ddm = Ddm.withDefaults();
    double[] values = new double[30];
    values[29] = 1;

    assertThat(run(ddm, values)[29]).isEqualTo(DetectorState.DRIFT);
    assertThat(ddm.errorRate()).isZero();
    ddm.update(1);
    ddm.update(0);
    assertThat(ddm.errorRate()).isCloseTo(0.5, within(1e-12));
    assertThat(ddm.count()).isEqualTo(32);
  }

  @Test
  void acceptsErrorRatesBetweenZeroAndOne() {
    Ddm ddm = Ddm.withDefaults();
    for (int i = 0; i < 100; i++) {
      ddm.update(0.25);
    }

    assertThat(ddm.errorRate()).isCloseTo(0.25, within(1e-12));
    assertThat(ddm.state()).isEqualTo(DetectorState.STABLE);
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of(
            (Consumer<Ddm.Builder>) b -> b.minInstances(0),
            "ddm minInstances must be between 1 and 2147483647 but was 0"),
        Arguments.of(
            (Consumer<Ddm.Builder>) b -> b.warningLevel(0),
            "ddm warningLevel must be positive and finite but was 0.0"),
        Arguments.of(
            (Consumer<Ddm.Builder>) b -> b.driftLevel(Double.NaN),
            "ddm driftLevel must be positive and finite but was NaN"),
        Arguments.of(
            (Consumer<Ddm.Builder>) b -> b.warningLevel(3).driftLevel(2).build(),
            "ddm: warningLevel (3.0) must be below driftLevel (2.0)"));
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void refusesInvalidSettingsNamingThem(Consumer<Ddm.Builder> setting, String message) {
    assertThatThrownBy(() -> setting.accept(Ddm.builder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void refusesASettingMadeTwice() {
    assertThatThrownBy(() -> Ddm.builder().driftLevel(3).driftLevel(4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("driftLevel was already set to 3.0");
  }
}
