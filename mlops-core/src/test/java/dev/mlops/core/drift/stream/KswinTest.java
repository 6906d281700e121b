package dev.mlops.core.drift.stream;

import static dev.mlops.core.drift.stream.SyntheticStreams.constant;
import static dev.mlops.core.drift.stream.SyntheticStreams.normal;
import static dev.mlops.core.drift.stream.SyntheticStreams.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KswinTest extends StreamDriftDetectorContract {

  @Override
  StreamDriftDetector newDetector() {
    return Kswin.withDefaults();
  }

  @Override
  double[] streamWithChange(long seed) {
    return normal(seed, 3000, step(1500, 0.2, 0.6), 0.1);
  }

  @Override
  double[] invalidValues() {
    return new double[] {Double.NaN, Double.POSITIVE_INFINITY};
  }

  @Test
  void nothingIsTestedUntilTheWindowIsFull() {
    Kswin kswin = Kswin.withDefaults();
    double[] values = normal(1, 100, constant(0), 1);
    for (int i = 0; i < 99; i++) {
      kswin.update(values[i]);
    }

    assertThat(kswin.lastPValue()).isNaN();
    assertThat(kswin.lastStatistic()).isNaN();
    kswin.update(values[99]);
    assertThat(kswin.lastPValue()).isBetween(0.0, 1.0);
    assertThat(kswin.lastStatistic()).isBetween(0.0, 1.0);
  }

  @Test
  void aChangeOfSpreadIsDetectedThoughTheMeanStays() {
    double[] values = new double[3000];
    Random random = new Random(3);
    for (int i = 0; i < values.length; i++) {
      values[i] = (i < 1500 ? 0.1 : 1.0) * random.nextGaussian();
    }

    DetectorState[] states = run(Kswin.withDefaults(), values);

    assertThat(firstDriftAtOrAfter(states, 1500)).isBetween(1500, 1560);
  }

  @Test
  void afterADriftTheWindowKeepsOnlyTheNewestValuesAndRefills() {
    Kswin kswin = Kswin.withDefaults();
    double[] values = normal(4, 2000, step(1000, 0, 5), 1);
    int drift = -1;
    for (int i = 0; i < values.length && drift < 0; i++) {
      // Before the change, false alarms are possible: KSWIN tests at every element.
      if (kswin.update(values[i]) == DetectorState.DRIFT && i >= 1000) {
        drift = i;
      }
    }
    assertThat(drift).isBetween(1000, 1040);

    double pValueOfTheDrift = kswin.lastPValue();
    // The window restarts with statSize (30) values: 69 more leave it one short of 100.
    for (int i = drift + 1; i <= drift + 69; i++) {
      assertThat(kswin.update(values[i])).isEqualTo(DetectorState.STABLE);
      assertThat(kswin.lastPValue()).isEqualTo(pValueOfTheDrift);
    }
    kswin.update(values[drift + 70]);
    assertThat(kswin.lastPValue()).isNotEqualTo(pValueOfTheDrift);
  }

  @Test
  void theSeedMakesRunsReproducible() {
    double[] values = normal(5, 5000, constant(0), 1);

    assertThat(run(Kswin.builder().seed(42).build(), values))
        .isEqualTo(run(Kswin.builder().seed(42).build(), values));
  }

  @Test
  void theStatisticAndPValueAreThoseOfTheExactTest() {
    Kswin kswin = Kswin.withDefaults();
    run(kswin, normal(6, 500, step(400, 0, 1), 1));

    int steps = (int) Math.round(kswin.lastStatistic() * 30);
    assertThat(kswin.lastPValue()).isEqualTo(EqualSizeKolmogorovSmirnov.pValueAtLeast(30, steps));
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of(
            (Consumer<Kswin.Builder>) b -> b.alpha(0),
            "kswin alpha must be in (0, 1) but was 0.0"),
        Arguments.of(
            (Consumer<Kswin.Builder>) b -> b.windowSize(3),
            "kswin windowSize must be between 4 and 1000000 but was 3"),
        Arguments.of(
            (Consumer<Kswin.Builder>) b -> b.statSize(1),
            "kswin statSize must be between 2 and 10000 but was 1"),
        Arguments.of(
            (Consumer<Kswin.Builder>) b -> b.windowSize(50).statSize(30).build(),
            "kswin: windowSize (50) must be at least twice statSize (30) so that statSize values"
                + " can be drawn from the older part"));
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void refusesInvalidSettingsNamingThem(Consumer<Kswin.Builder> setting, String message) {
    assertThatThrownBy(() -> setting.accept(Kswin.builder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
