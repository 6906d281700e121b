package dev.mlops.core.drift.stream;

import static dev.mlops.core.drift.stream.SyntheticStreams.constant;
import static dev.mlops.core.drift.stream.SyntheticStreams.normal;
import static dev.mlops.core.drift.stream.SyntheticStreams.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
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
  int changeAt() {
    return 1500;
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

  @Property(tries = 100)
  void signalsLikeAPlainListBasedKswin(
      @ForAll @Size(min = 1, max = 1500) List<@IntRange(min = -20, max = 20) Integer> values,
      @ForAll @IntRange(min = 2, max = 12) int statSize,
      @ForAll @IntRange(min = 0, max = 30) int extraWindow,
      @ForAll long seed) {
    int windowSize = 2 * statSize + extraWindow;
    Kswin kswin =
        Kswin.builder().alpha(0.05).windowSize(windowSize).statSize(statSize).seed(seed).build();
    PlainKswin plain = new PlainKswin(0.05, windowSize, statSize, seed);

    for (int value : values) {
      // Dividing makes ties, and both signs of zero, common.
      double x = value / 4.0;
      assertThat(kswin.update(x)).isEqualTo(plain.update(x));
    }
  }

  /** KSWIN as the paper states it, on a list, sorting both samples at every test. */
  private static final class PlainKswin {
    private final double alpha;
    private final int windowSize;
    private final int statSize;
    private final SplittableRandom random;
    private final int[] positions;
    private final List<Double> window = new ArrayList<>();

    PlainKswin(double alpha, int windowSize, int statSize, long seed) {
      this.alpha = alpha;
      this.windowSize = windowSize;
      this.statSize = statSize;
      this.random = new SplittableRandom(seed);
      this.positions = IntStream.range(0, windowSize - statSize).toArray();
    }

    DetectorState update(double x) {
      window.add(x);
      if (window.size() > windowSize) {
        window.remove(0);
      }
      if (window.size() < windowSize) {
        return DetectorState.STABLE;
      }
      double[] recent =
          window.subList(windowSize - statSize, windowSize).stream()
              .mapToDouble(Double::doubleValue)
              .sorted()
              .toArray();
      double[] drawn = new double[statSize];
      for (int k = 0; k < statSize; k++) {
        int pick = k + random.nextInt(windowSize - statSize - k);
        int position = positions[pick];
        positions[pick] = positions[k];
        positions[k] = position;
        drawn[k] = window.get(position);
      }
      Arrays.sort(drawn);
      int steps = new EqualSizeKolmogorovSmirnov(statSize).steps(recent, drawn);
      if (EqualSizeKolmogorovSmirnov.pValueAtLeast(statSize, steps) < alpha) {
        List<Double> kept = new ArrayList<>(window.subList(windowSize - statSize, windowSize));
        window.clear();
        window.addAll(kept);
        return DetectorState.DRIFT;
      }
      return DetectorState.STABLE;
    }
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
