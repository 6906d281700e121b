package dev.mlops.core.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.drift.DetectorState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link Adwin} screens most splits with multiplications and tests only the rest with the full
 * bound; these tests hold it to the straightforward ADWIN2 ({@link StraightforwardAdwin}, which
 * tests every split) cut for cut: after every value of many streams and settings, the same
 * window (width, mean and variance to the bit) and a drift exactly where a cut is reported.
 */
class AdwinEquivalenceTest {

  @Test
  void everyUpdateLeavesTheWindowOfTheStraightforwardAlgorithm() {
    SplittableRandom random = new SplittableRandom(2007);
    int cuts = 0;
    for (int stream = 0; stream < 48; stream++) {
      double[] values = stream(random, stream);
      double delta = new double[] {0.002, 0.05, 0.3, 1e-6}[stream % 4];
      int clock = new int[] {32, 1, 7}[stream % 3];
      int buckets = new int[] {5, 2, 17}[stream % 3 == 1 ? 0 : (stream / 3) % 3];
      int minLength = new int[] {5, 1, 30}[(stream / 2) % 3];
      ChangeDirection direction = ChangeDirection.values()[stream % ChangeDirection.values().length];
      cuts += assertSameCuts(values, delta, clock, buckets, minLength, direction,
          "stream " + stream);
    }
    assertThat(cuts).as("cuts compared").isGreaterThan(300);
  }

  @Test
  void aLongStreamWithARiseAndAFallGivesTheSameCuts() {
    // Half a million values: a window of hundreds of thousands, about 90 buckets per check.
    SplittableRandom random = new SplittableRandom(11);
    double[] values = new double[500_000];
    for (int i = 0; i < values.length; i++) {
      double rate = i < 200_000 ? 0.1 : i < 350_000 ? 0.3 : 0.1;
      values[i] = random.nextDouble() < rate ? 1 : 0;
    }
    for (ChangeDirection direction : ChangeDirection.values()) {
      assertThat(assertSameCuts(values, 0.002, 32, 5, 5, direction, direction.name()))
          .isPositive();
    }
  }

  /** Feeds both implementations; returns how many cuts they made. */
  private static int assertSameCuts(double[] values, double delta, int clock, int buckets,
      int minLength, ChangeDirection direction, String what) {
    Adwin fast = Adwin.builder().delta(delta).clock(clock).maxBucketsPerRow(buckets)
        .minSubWindowLength(minLength).direction(direction).build();
    StraightforwardAdwin reference =
        new StraightforwardAdwin(delta, clock, buckets, minLength);
    int cuts = 0;
    for (int i = 0; i < values.length; i++) {
      double meanBefore = reference.mean();
      boolean cut = reference.update(values[i]);
      DetectorState state = fast.update(values[i]);
      double meanAfter = reference.mean();
      boolean reported = cut && (direction == ChangeDirection.BOTH
          || (meanAfter > meanBefore && direction.reportsIncreases())
          || (meanAfter < meanBefore && direction.reportsDecreases()));
      if (fast.width() != reference.width()
          || Double.doubleToRawLongBits(fast.mean()) != Double.doubleToRawLongBits(meanAfter)
          || Double.doubleToRawLongBits(fast.variance())
              != Double.doubleToRawLongBits(reference.variance())
          || (state == DetectorState.DRIFT) != reported) {
        assertThat(List.of(fast.width(), fast.mean(), fast.variance(), state))
            .as("%s (delta %s, clock %d, M %d, min %d, %s), value %d", what, delta, clock,
                buckets, minLength, direction, i)
            .isEqualTo(List.of(reference.width(), meanAfter, reference.variance(),
                reported ? DetectorState.DRIFT : DetectorState.STABLE));
      }
      cuts += cut ? 1 : 0;
    }
    return cuts;
  }

  /** Streams of several kinds, each with changes: errors, scores, latencies, extremes. */
  private static double[] stream(SplittableRandom random, int kind) {
    int length = 3_000 + random.nextInt(12_000);
    List<Integer> changes = new ArrayList<>();
    for (int c = random.nextInt(4); c > 0; c--) {
      changes.add(random.nextInt(length));
    }
    IntToDoubleFunction level = i -> {
      int passed = 0;
      for (int at : changes) {
        passed += i >= at ? 1 : 0;
      }
      return passed % 2 == 0 ? 0.2 : 0.45;
    };
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      double l = level.applyAsDouble(i);
      values[i] = switch (kind % 6) {
        case 0 -> random.nextDouble() < l ? 1 : 0;                        // error indicators
        case 1 -> l + 0.1 * gaussian(random);                              // scores
        case 2 -> 40 * (1 + l) + 5 * gaussian(random);                     // latencies
        case 3 -> 1e9 * (l + 0.01 * gaussian(random));                     // large values
        case 4 -> random.nextInt(50) == 0 ? 1e6 * l : l * 1e-7;            // rare spikes
        default -> i % 97 == 0 ? l : 0.0;                                  // mostly constant
      };
    }
    return values;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
