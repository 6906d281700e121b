package dev.mlops.core.drift.stats.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** The ordered walk gives every value of both samples once, ascending, each with its sample. */
class TwoSampleOrderTest {

  @Provide
  Arbitrary<double[]> samples() {
    Arbitrary<Double> special = Arbitraries.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, Math.nextUp(1.0), 1e-300, -1e300);
    Arbitrary<Double> tied = Arbitraries.integers().between(-8, 8).map(i -> i / 4.0);
    Arbitrary<Double> any = Arbitraries.doubles().between(-1e6, 1e6);
    return Arbitraries.frequencyOf(
            Tuple.of(1, special), Tuple.of(2, tied),
            Tuple.of(3, any))
        .list().ofMaxSize(400).map(list -> list.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Property(tries = 300)
  void anyFiniteSamplesAreWalkedAscendingWithEachValueOnce(
      @ForAll("samples") double[] first, @ForAll("samples") double[] second) {
    assertWalkedInOrder(new TwoSampleOrder(), first, second);
  }

  @Test
  void largeSamplesOfEveryShapeAreWalkedInOrder() {
    SplittableRandom random = new SplittableRandom(42);
    TwoSampleOrder order = new TwoSampleOrder(); // reused, as a report's thread reuses it
    List<DoubleSupplier> shapes = List.of(
        () -> gaussian(random),
        () -> Math.exp(4 * gaussian(random)),                       // heavy right tail
        () -> Math.round(gaussian(random) * 3),                      // few values, many copies
        () -> random.nextInt(3) == 0 ? -0.0 : random.nextInt(2) == 0 ? 0.0 : gaussian(random),
        () -> random.nextInt(500) == 0 ? 1e300 : gaussian(random),   // a range too wide to spread
        () -> 1.0 + Math.ulp(1.0) * random.nextInt(1000),            // a range of a few ulps
        () -> Double.MIN_VALUE * random.nextInt(100),                // subnormals
        () -> 7.5);                                                  // one value only
    for (DoubleSupplier shape : shapes) {
      for (int size : new int[] {1, 700, 60_000}) {
        double[] first = new double[size];
        double[] second = new double[size / 2 + random.nextInt(size)];
        Arrays.setAll(first, i -> shape.getAsDouble());
        Arrays.setAll(second, i -> shape.getAsDouble());
        assertWalkedInOrder(order, first, second);
      }
    }
  }

  @Test
  void anEmptySampleLeavesTheOtherInOrder() {
    assertWalkedInOrder(new TwoSampleOrder(), new double[0], new double[] {3, -1, 2, 2});
    assertWalkedInOrder(new TwoSampleOrder(), new double[] {5, 4}, new double[0]);
  }

  private static void assertWalkedInOrder(TwoSampleOrder order, double[] first, double[] second) {
    double[] input1 = first.clone();
    double[] input2 = second.clone();
    List<Double> walkedFirst = new ArrayList<>();
    List<Double> walkedSecond = new ArrayList<>();
    List<double[]> runs = new ArrayList<>();
    double min = Math.min(min(first), min(second));
    double max = Math.max(max(first), max(second));

    order.walk(first, second, min, max, (values, inSecond, size) -> {
      assertThat(size).isPositive();
      runs.add(Arrays.copyOf(values, size));
      for (int k = 0; k < size; k++) {
        (inSecond[k] == 1 ? walkedSecond : walkedFirst).add(values[k]);
      }
    });

    assertThat(first).as("first sample untouched").isEqualTo(input1);
    assertThat(second).as("second sample untouched").isEqualTo(input2);
    double previous = Double.NEGATIVE_INFINITY;
    for (double[] run : runs) {
      assertThat(run[0]).as("a run starts above the previous run's values").isGreaterThan(previous);
      for (int k = 1; k < run.length; k++) {
        assertThat(run[k] >= run[k - 1]).as("ascending within a run").isTrue();
      }
      previous = run[run.length - 1];
    }
    assertSameValuesInOrder(walkedFirst, first);
    assertSameValuesInOrder(walkedSecond, second);
  }

  /** The walked values are the sample's values (bits included), in ascending order. */
  private static void assertSameValuesInOrder(List<Double> walked, double[] sample) {
    double[] sorted = sample.clone();
    Arrays.sort(sorted);
    assertThat(walked).hasSize(sorted.length);
    long[] walkedBits = new long[walked.size()];
    long[] sampleBits = new long[sorted.length];
    for (int k = 0; k < sorted.length; k++) {
      assertThat(walked.get(k) == sorted[k]).as("value %d", k).isTrue();
      walkedBits[k] = Double.doubleToRawLongBits(walked.get(k));
      sampleBits[k] = Double.doubleToRawLongBits(sorted[k]);
    }
    Arrays.sort(walkedBits);
    Arrays.sort(sampleBits);
    assertThat(walkedBits).isEqualTo(sampleBits);
  }

  private static double min(double[] values) {
    return Arrays.stream(values).reduce(Double.POSITIVE_INFINITY, Math::min);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).reduce(Double.NEGATIVE_INFINITY, Math::max);
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
