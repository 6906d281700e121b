package dev.mlops.core.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EqualSizeKolmogorovSmirnovTest {

  @Test
  void pValuesAreScipysExactOnes() throws IOException {
    List<String> rows;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                getClass().getResourceAsStream("/drift/stream/ks-equal-size-pvalues.csv"),
                StandardCharsets.US_ASCII))) {
      rows = reader.lines().filter(line -> !line.startsWith("#")).collect(Collectors.toList());
    }

    assertThat(rows).hasSizeGreaterThan(200);
    for (String row : rows) {
      String[] fields = row.split(",");
      int size = Integer.parseInt(fields[0]);
      int steps = Integer.parseInt(fields[1]);
      double scipy = Double.parseDouble(fields[3]);
      assertThat(new EqualSizeKolmogorovSmirnov(size).pValue(steps))
          .as("size %d, statistic %d/%d", size, steps, size)
          .isCloseTo(scipy, within(1e-12 + 1e-9 * scipy));
    }
  }

  @Test
  void tiedValuesMoveBothDistributionFunctionsTogether() {
    EqualSizeKolmogorovSmirnov test = new EqualSizeKolmogorovSmirnov(4);

    assertThat(test.steps(new double[] {1, 1, 1, 1}, new double[] {1, 1, 1, 1})).isZero();
    assertThat(test.steps(new double[] {1, 1, 2, 3}, new double[] {1, 2, 2, 3})).isEqualTo(1);
    assertThat(test.steps(new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1})).isEqualTo(4);
  }

  @Property(tries = 200)
  void theStatisticIsSymmetricAndBounded(
      @ForAll @Size(min = 2, max = 60) List<@DoubleRange(min = -3, max = 3) Double> values,
      @ForAll @IntRange(min = 0, max = 3) int roundingDigits) {
    int size = values.size() / 2;
    double scale = Math.pow(10, roundingDigits);
    double[] a = new double[size];
    double[] b = new double[size];
    for (int i = 0; i < size; i++) {
      // Rounding makes ties common.
      a[i] = Math.round(values.get(i) * scale) / scale;
      b[i] = Math.round(values.get(size + i) * scale) / scale;
    }
    Arrays.sort(a);
    Arrays.sort(b);
    EqualSizeKolmogorovSmirnov test = new EqualSizeKolmogorovSmirnov(size);

    int steps = test.steps(a, b);
    assertThat(steps).isBetween(0, size).isEqualTo(test.steps(b, a)).isEqualTo(bruteForce(a, b));
    assertThat(test.steps(a, a)).isZero();
  }

  @Property(tries = 200)
  void pValuesFallAsTheStatisticGrows(@ForAll @IntRange(min = 2, max = 400) int size) {
    EqualSizeKolmogorovSmirnov test = new EqualSizeKolmogorovSmirnov(size);

    assertThat(test.pValue(0)).isEqualTo(1);
    for (int steps = 1; steps <= size; steps++) {
      assertThat(test.pValue(steps)).isBetween(0.0, 1.0).isLessThanOrEqualTo(test.pValue(steps - 1));
    }
  }

  /** The largest gap between the empirical distribution functions, evaluated at every value. */
  private static int bruteForce(double[] a, double[] b) {
    int largest = 0;
    for (double[] sample : List.of(a, b)) {
      for (double x : sample) {
        long belowA = Arrays.stream(a).filter(v -> v <= x).count();
        long belowB = Arrays.stream(b).filter(v -> v <= x).count();
        largest = Math.max(largest, (int) Math.abs(belowA - belowB));
      }
    }
    return largest;
  }
}
