package dev.mlops.core.drift.stream;

import static dev.mlops.core.drift.stream.SyntheticStreams.constant;
import static dev.mlops.core.drift.stream.SyntheticStreams.normal;
import static dev.mlops.core.drift.stream.SyntheticStreams.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PageHinkleyTest extends StreamDriftDetectorContract {

  @Override
  StreamDriftDetector newDetector() {
    return PageHinkley.withDefaults();
  }

  @Override
  double[] streamWithChange(long seed) {
    return normal(seed, 4000, step(2000, 0.2, 0.6), 0.1);
  }

  @Override
  int changeAt() {
    return 2000;
  }

  @Override
  double[] invalidValues() {
    return new double[] {Double.NaN, Double.NEGATIVE_INFINITY};
  }

  @Test
  void aRiseOfTheMeanIsDetectedOnceTheSumPassesLambda() {
    double[] values = new double[1200];
    java.util.Arrays.fill(values, 1000, 1200, 1.0);

    DetectorState[] states = run(PageHinkley.withDefaults(), values);

    // Each element adds about 1 - mean - delta, a little under 1, so λ = 50 is passed after ~52.
    assertThat(firstDriftAtOrAfter(states, 0)).isBetween(1050, 1060);
  }

  @Test
  void byDefaultAFallIsIgnoredAndTheOtherDirectionsCanBeChosen() {
    double[] fall = normal(3, 3000, step(1500, 0.6, 0.2), 0.1);
    double[] rise = normal(3, 3000, step(1500, 0.2, 0.6), 0.1);

    assertThat(drifts(run(PageHinkley.withDefaults(), fall))).isZero();
    assertThat(drifts(run(withDirection(ChangeDirection.DECREASE), fall))).isPositive();
    assertThat(drifts(run(withDirection(ChangeDirection.DECREASE), rise))).isZero();
    assertThat(drifts(run(withDirection(ChangeDirection.BOTH), fall))).isPositive();
    assertThat(drifts(run(withDirection(ChangeDirection.BOTH), rise))).isPositive();
  }

  @Test
  void testingStartsWithThe29thElementAsInMoa() {
    double[] values = new double[40];
    values[24] = 1000;

    DetectorState[] states = run(PageHinkley.withDefaults(), values);

    // The spike puts the sum far above λ at once, but nothing is tested before the 29th element.
    assertThat(firstDriftAtOrAfter(states, 0)).isEqualTo(28);
  }

  @Test
  void aStableStreamRaisesNoAlarm() {
    for (long seed = 1; seed <= 5; seed++) {
      assertThat(drifts(run(PageHinkley.withDefaults(), normal(seed, 5000, constant(0.5), 0.1))))
          .isZero();
    }
  }

  @Test
  void theStatisticStartsAfreshAfterADrift() {
    PageHinkley detector = PageHinkley.withDefaults();
    double[] values = new double[1200];
    java.util.Arrays.fill(values, 1000, 1200, 1.0);
    DetectorState[] states = run(detector, java.util.Arrays.copyOf(values, 1100));

    int drift = firstDriftAtOrAfter(states, 0);
    assertThat(drift).isPositive();
    PageHinkley fresh = PageHinkley.withDefaults();
    run(fresh, java.util.Arrays.copyOfRange(values, drift + 1, 1100));
    assertThat(detector.statistic()).isEqualTo(fresh.statistic());
  }

  private static PageHinkley withDirection(ChangeDirection direction) {
    return PageHinkley.builder().direction(direction).build();
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of(
            (Consumer<PageHinkley.Builder>) b -> b.lambda(0),
            "page-hinkley lambda must be positive and finite but was 0.0"),
        Arguments.of(
            (Consumer<PageHinkley.Builder>) b -> b.delta(-0.1),
            "page-hinkley delta must be zero or positive and finite but was -0.1"),
        Arguments.of(
            (Consumer<PageHinkley.Builder>) b -> b.alpha(1.5),
            "page-hinkley: alpha must be in (0, 1] but was 1.5"),
        Arguments.of(
            (Consumer<PageHinkley.Builder>) b -> b.alpha(0),
            "page-hinkley alpha must be positive and finite but was 0.0"),
        Arguments.of(
            (Consumer<PageHinkley.Builder>) b -> b.minInstances(0),
            "page-hinkley minInstances must be between 1 and 2147483647 but was 0"),
        Arguments.of(
            (Consumer<PageHinkley.Builder>) b -> b.direction(null),
            "page-hinkley direction must not be null"));
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void refusesInvalidSettingsNamingThem(Consumer<PageHinkley.Builder> setting, String message) {
    assertThatThrownBy(() -> setting.accept(PageHinkley.builder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
