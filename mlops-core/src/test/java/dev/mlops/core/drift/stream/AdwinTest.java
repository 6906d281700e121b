package dev.mlops.core.drift.stream;

import static dev.mlops.core.drift.stream.SyntheticStreams.constant;
import static dev.mlops.core.drift.stream.SyntheticStreams.errors;
import static dev.mlops.core.drift.stream.SyntheticStreams.normal;
import static dev.mlops.core.drift.stream.SyntheticStreams.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdwinTest extends StreamDriftDetectorContract {

  @Override
  StreamDriftDetector newDetector() {
    return Adwin.withDefaults();
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
    return new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
  }

  @Test
  void theDefaultsAreThoseOfThePaperAndMoa() {
    assertThat(Adwin.withDefaults())
        .hasToString(
            "Adwin[delta=0.002, clock=32, maxBucketsPerRow=5, minSubWindowLength=5,"
                + " direction=INCREASE, width=0]");
  }

  @Test
  void theWindowDropsTheOldConceptAfterAnAbruptChange() {
    Adwin adwin = Adwin.withDefaults();

    DetectorState[] states = run(adwin, normal(7, 3000, step(2000, 0.2, 0.8), 0.1));

    assertThat(firstDriftAtOrAfter(states, 0)).isBetween(2000, 2100);
    assertThat(adwin.width()).isLessThan(1100);
    assertThat(adwin.mean()).isCloseTo(0.8, within(0.02));
  }

  @Test
  void theWindowKeepsEverythingWhileTheStreamIsStable() {
    Adwin adwin = Adwin.withDefaults();

    DetectorState[] states = run(adwin, normal(8, 5000, constant(0.5), 0.1));

    assertThat(drifts(states)).isZero();
    assertThat(adwin.width()).isEqualTo(5000);
  }

  @Test
  void byDefaultAFallShrinksTheWindowWithoutBeingReported() {
    double[] fall = normal(9, 3000, step(1500, 0.8, 0.2), 0.1);
    Adwin adwin = Adwin.withDefaults();

    assertThat(drifts(run(adwin, fall))).isZero();
    assertThat(adwin.width()).isLessThan(1600);
    assertThat(adwin.mean()).isCloseTo(0.2, within(0.02));
  }

  @Test
  void theReportedDirectionsCanBeChosen() {
    double[] fall = normal(9, 3000, step(1500, 0.8, 0.2), 0.1);
    double[] rise = normal(9, 3000, step(1500, 0.2, 0.8), 0.1);

    assertThat(drifts(run(build(b -> b.direction(ChangeDirection.BOTH)), fall))).isPositive();
    assertThat(drifts(run(build(b -> b.direction(ChangeDirection.BOTH)), rise))).isPositive();
    assertThat(drifts(run(build(b -> b.direction(ChangeDirection.DECREASE)), fall))).isPositive();
    assertThat(drifts(run(build(b -> b.direction(ChangeDirection.DECREASE)), rise))).isZero();
  }

  @Test
  void inBothDirectionsEveryCutIsReportedEvenOneThatLeavesTheMeanUnchanged() {
    // 67 values of 0.5, 30 of 1.0, 30 of 0.0, then 0.5: at the 128th value (a check) the window
    // splits between the ones and the zeros, and the buckets dropped hold 0.5s, the window's mean,
    // as the new value is: a cut that moves the mean neither up nor down.
    double[] values = new double[128];
    for (int i = 0; i < values.length; i++) {
      values[i] = i < 67 ? 0.5 : i < 97 ? 1.0 : i < 127 ? 0.0 : 0.5;
    }
    Adwin both = build(b -> b.direction(ChangeDirection.BOTH));
    Adwin increases = Adwin.withDefaults();

    DetectorState[] states = run(both, Arrays.copyOf(values, 127));
    double meanBefore = both.mean();
    long widthBefore = both.width();
    DetectorState atCut = both.update(values[127]);
    run(increases, values);

    assertThat(drifts(states)).isZero();
    assertThat(both.width()).as("the window was cut").isLessThan(widthBefore);
    assertThat(both.mean()).isEqualTo(meanBefore).isEqualTo(0.5);
    assertThat(atCut).isEqualTo(DetectorState.DRIFT);
    assertThat(increases.state()).as("no increase to report").isEqualTo(DetectorState.STABLE);
    assertThat(increases.width()).isEqualTo(both.width());
  }

  @Test
  void cutsAreCheckedOnlyEveryClockElements() {
    double[] values = errors(10, 8000, i -> (i / 1000) % 2 == 0 ? 0.1 : 0.5);
    DetectorState[] states = run(Adwin.withDefaults(), values);

    assertThat(drifts(states)).isPositive();
    for (int i = 0; i < states.length; i++) {
      if (states[i] == DetectorState.DRIFT) {
        assertThat((i + 1) % 32).as("drift at element %d", i + 1).isZero();
      }
    }
  }

  @Test
  void checkingAfterEveryElementDetectsNoLater() {
    double[] values = normal(11, 3000, step(2000, 0.2, 0.5), 0.1);

    int everyElement = firstDriftAtOrAfter(run(build(b -> b.clock(1)), values), 2000);
    int every32 = firstDriftAtOrAfter(run(Adwin.withDefaults(), values), 2000);

    assertThat(everyElement).isBetween(2000, every32);
  }

  @Test
  void meanAndVarianceDescribeTheWindow() {
    Adwin adwin = Adwin.withDefaults();
    for (int v = 1; v <= 10; v++) {
      adwin.update(v);
    }

    assertThat(adwin.width()).isEqualTo(10);
    assertThat(adwin.mean()).isCloseTo(5.5, within(1e-12));
    assertThat(adwin.variance()).isCloseTo(8.25, within(1e-12));
  }

  @Property(tries = 200)
  void theWindowsMeanAndVarianceAreThoseOfTheLatestValues(
      @ForAll @Size(min = 1, max = 3000) List<@DoubleRange(min = -5, max = 5) Double> values,
      @ForAll @IntRange(min = 1, max = 40) int clock) {
    Adwin adwin = Adwin.builder().clock(clock).build();
    for (double v : values) {
      adwin.update(v);
    }

    long width = adwin.width();
    assertThat(width).isBetween(1L, (long) values.size());
    double sum = 0;
    for (int i = values.size() - (int) width; i < values.size(); i++) {
      sum += values.get(i);
    }
    double mean = sum / width;
    double squares = 0;
    for (int i = values.size() - (int) width; i < values.size(); i++) {
      squares += (values.get(i) - mean) * (values.get(i) - mean);
    }
    assertThat(adwin.mean()).isCloseTo(mean, within(1e-9));
    assertThat(adwin.variance()).isCloseTo(squares / width, within(1e-6));
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of((Consumer<Adwin.Builder>) b -> b.delta(0), "delta must be in (0, 1) but was 0.0"),
        Arguments.of((Consumer<Adwin.Builder>) b -> b.delta(1), "delta must be in (0, 1) but was 1.0"),
        Arguments.of((Consumer<Adwin.Builder>) b -> b.delta(Double.NaN), "but was NaN"),
        Arguments.of((Consumer<Adwin.Builder>) b -> b.clock(0), "clock must be between 1 and"),
        Arguments.of(
            (Consumer<Adwin.Builder>) b -> b.maxBucketsPerRow(1),
            "maxBucketsPerRow must be between 2 and 1000 but was 1"),
        Arguments.of(
            (Consumer<Adwin.Builder>) b -> b.minSubWindowLength(0),
            "minSubWindowLength must be between 1 and 2147483647 but was 0"),
        Arguments.of((Consumer<Adwin.Builder>) b -> b.direction(null), "direction must not be null"));
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void refusesInvalidSettingsNamingThem(Consumer<Adwin.Builder> setting, String message) {
    Adwin.Builder builder = Adwin.builder();

    assertThatThrownBy(() -> setting.accept(builder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("adwin ")
        .hasMessageContaining(message);
  }

  @Test
  void refusesASettingMadeTwice() {
    Adwin.Builder builder = Adwin.builder().delta(0.01);

    assertThatThrownBy(() -> builder.delta(0.02))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("adwin delta was already set to 0.01");
  }

  private static Adwin build(Consumer<Adwin.Builder> settings) {
    Adwin.Builder builder = Adwin.builder();
    settings.accept(builder);
    return builder.build();
  }
}
