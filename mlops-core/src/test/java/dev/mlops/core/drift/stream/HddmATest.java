package dev.mlops.core.drift.stream;

import static dev.mlops.core.drift.stream.SyntheticStreams.constant;
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

class HddmATest extends StreamDriftDetectorContract {

  @Override
  StreamDriftDetector newDetector() {
    return HddmA.withDefaults();
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
    return new double[] {Double.NaN, -0.5, 1.0001};
  }

  @Test
  void aRiseOfTheErrorRateWarnsThenDrifts() {
    DetectorState[] states = run(HddmA.withDefaults(), errors(5, 4000, step(2000, 0.1, 0.4)));

    int drift = firstDriftAtOrAfter(states, 2000);
    assertThat(drift).isBetween(2000, 2150);
    assertThat(states[drift - 1]).isEqualTo(DetectorState.WARNING);
    assertThat(drifts(java.util.Arrays.copyOf(states, 2000))).isZero();
  }

  @Test
  void theOneSidedDefaultIgnoresAFallAndBothReportsIt() {
    double[] fall = errors(6, 4000, step(2000, 0.4, 0.1));

    assertThat(drifts(run(HddmA.withDefaults(), fall))).isZero();
    assertThat(drifts(run(HddmA.builder().twoSidedTest(true).build(), fall))).isZero();
    assertThat(drifts(run(HddmA.builder().direction(ChangeDirection.BOTH).build(), fall)))
        .isEqualTo(1);
    assertThat(drifts(run(HddmA.builder().direction(ChangeDirection.DECREASE).build(), fall)))
        .isEqualTo(1);
  }

  @Test
  void theTwoSidedTestRestartsSilentlyOnAFallSoALaterRiseIsCaughtSooner() {
    long oneSidedDelays = 0;
    long twoSidedDelays = 0;
    for (long seed = 1; seed <= 20; seed++) {
      double[] values = errors(seed, 3000, i -> i < 1000 ? 0.5 : i < 2000 ? 0.1 : 0.5);

      int oneSided = firstDriftAtOrAfter(run(HddmA.withDefaults(), values), 2000);
      int twoSided =
          firstDriftAtOrAfter(run(HddmA.builder().twoSidedTest(true).build(), values), 2000);

      assertThat(oneSided).as("seed %d", seed).isBetween(2000, 2300);
      assertThat(twoSided).as("seed %d", seed).isBetween(2000, 2300);
      oneSidedDelays += oneSided - 2000;
      twoSidedDelays += twoSided - 2000;
    }

    // Measured: 81 and 36 elements on average over 30 seeds.
    assertThat(twoSidedDelays).isLessThan(oneSidedDelays * 3 / 4);
  }

  @Test
  void theMeanStartsAfreshAfterADrift() {
    HddmA hddm = HddmA.withDefaults();
    DetectorState[] states = run(hddm, errors(5, 4000, step(2000, 0.1, 0.4)));
    int drift = firstDriftAtOrAfter(states, 2000);

    HddmA fresh = HddmA.withDefaults();
    run(fresh, java.util.Arrays.copyOfRange(errors(5, 4000, step(2000, 0.1, 0.4)), drift + 1, 4000));
    assertThat(hddm.mean()).isEqualTo(fresh.mean()).isCloseTo(0.4, within(0.05));
  }

  @Test
  void aStableErrorRateRaisesNoAlarm() {
    for (long seed = 1; seed <= 10; seed++) {
      assertThat(drifts(run(HddmA.withDefaults(), errors(seed, 5000, constant(0.2))))).isZero();
    }
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of(
            (Consumer<HddmA.Builder>) b -> b.driftConfidence(0),
            "hddm-a driftConfidence must be in (0, 1) but was 0.0"),
        Arguments.of(
            (Consumer<HddmA.Builder>) b -> b.warningConfidence(1.5),
            "hddm-a warningConfidence must be in (0, 1) but was 1.5"),
        Arguments.of(
            (Consumer<HddmA.Builder>) b -> b.driftConfidence(0.01).warningConfidence(0.005).build(),
            "hddm-a: driftConfidence (0.01) must be below warningConfidence (0.005)"),
        Arguments.of(
            (Consumer<HddmA.Builder>) b -> b.direction(null),
            "hddm-a direction must not be null"));
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void refusesInvalidSettingsNamingThem(Consumer<HddmA.Builder> setting, String message) {
    assertThatThrownBy(() -> setting.accept(HddmA.builder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
