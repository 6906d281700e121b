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

class EddmTest extends StreamDriftDetectorContract {

  @Override
  StreamDriftDetector newDetector() {
    return Eddm.withDefaults();
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
    return new double[] {Double.NaN, 0.5, -1, 2};
  }

  /** Errors at regular gaps: {@code gaps[k]} elements up to and including the k-th error. */
  private static double[] errorsEvery(int... gaps) {
    int length = 0;
    for (int gap : gaps) {
      length += gap;
    }
    double[] values = new double[length];
    int position = -1;
    for (int gap : gaps) {
      position += gap;
      values[position] = 1;
    }
    return values;
  }

  private static int[] gaps(int count, int gap) {
    int[] gaps = new int[count];
    java.util.Arrays.fill(gaps, gap);
    return gaps;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void errorsComingCloserTogetherWarnThenDrift() {
    double[] values = errorsEvery(concat(gaps(40, 10), gaps(400, 1)));

    DetectorState[] states = run(Eddm.withDefaults(), values);

    int drift = firstDriftAtOrAfter(states, 0);
    assertThat(drift).isGreaterThan(400);
    assertThat(states[drift - 1]).isEqualTo(DetectorState.WARNING);
  }

  @Test
  void rightPredictionsKeepTheStateOfTheLastError() {
    double[] values = errorsEvery(concat(gaps(40, 10), gaps(40, 3)));
    DetectorState[] states = run(Eddm.withDefaults(), values);

    for (int i = 1; i < states.length; i++) {
      if (values[i] == 0 && states[i - 1] != DetectorState.DRIFT) {
        assertThat(states[i]).as("element %d", i).isEqualTo(states[i - 1]);
      }
    }
  }

  @Test
  void nothingIsSignalledUntilMoreThan30Errors() {
    // After ten widely spaced errors the errors come every element, yet the ratio may only be
    // judged from the 31st error on.
    double[] values = errorsEvery(concat(gaps(10, 50), gaps(40, 1)));
    DetectorState[] states = run(Eddm.withDefaults(), values);

    int errors = 0;
    for (int i = 0; i < values.length; i++) {
      errors += (int) values[i];
      if (errors <= 30) {
        assertThat(states[i]).as("element %d", i).isEqualTo(DetectorState.STABLE);
      }
    }
    assertThat(drifts(states)).isPositive();
  }

  @Test
  void theMeanDistanceIsTheMeanGapBetweenErrors() {
    Eddm eddm = Eddm.withDefaults();
    run(eddm, errorsEvery(gaps(20, 4)));

    assertThat(eddm.meanDistance()).isCloseTo(4, within(1e-12));
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of(
            (Consumer<Eddm.Builder>) b -> b.warningRatio(1),
            "eddm warningRatio must be in (0, 1) but was 1.0"),
        Arguments.of(
            (Consumer<Eddm.Builder>) b -> b.driftRatio(0),
            "eddm driftRatio must be in (0, 1) but was 0.0"),
        Arguments.of(
            (Consumer<Eddm.Builder>) b -> b.minErrors(0),
            "eddm minErrors must be between 1 and 2147483647 but was 0"),
        Arguments.of(
            (Consumer<Eddm.Builder>) b -> b.minInstances(-3),
            "eddm minInstances must be between 1 and 2147483647 but was -3"),
        Arguments.of(
            (Consumer<Eddm.Builder>) b -> b.warningRatio(0.8).driftRatio(0.9).build(),
            "eddm: driftRatio (0.9) must be below warningRatio (0.8)"));
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void refusesInvalidSettingsNamingThem(Consumer<Eddm.Builder> setting, String message) {
    assertThatThrownBy(() -> setting.accept(Eddm.builder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
