package dev.mlops.bench;

import dev.mlops.core.drift.DataTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded synthetic tables of 20 features (15 numeric, 5 categorical) for the drift benchmarks. The
 * current table drifts in a third of the features (shifted means, a skewed category mix) so the
 * analyzer does the work a real report needs.
 */
final class DriftData {

  static final int NUMERIC = 15;
  static final int CATEGORICAL = 5;
  private static final List<String> CATEGORIES =
      List.of("a", "b", "c", "d", "e", "f", "g", "h");

  private DriftData() {}

  /** A table of {@code rows} rows; {@code drifted} shifts features 0-4 and 15-16. */
  static DataTable table(int rows, boolean drifted, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    DataTable.Builder builder = DataTable.builder();
    for (int f = 0; f < NUMERIC; f++) {
      double shift = drifted && f < 5 ? 0.25 : 0;
      double[] values = new double[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = gaussian(random) * (1 + f * 0.1) + f + shift;
      }
      builder.numeric("num" + f, values);
    }
    for (int f = 0; f < CATEGORICAL; f++) {
      boolean skew = drifted && f < 2;
      List<String> values = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        int c = random.nextInt(CATEGORIES.size());
        if (skew && c > 3 && random.nextInt(3) == 0) {
          c = 0;
        }
        values.add(CATEGORIES.get(c));
      }
      builder.categorical("cat" + f, values);
    }
    return builder.build();
  }

  /** {@code count} rows as maps, for profiling row by row. */
  static List<Map<String, Object>> rowMaps(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Map<String, Object>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int f = 0; f < NUMERIC; f++) {
        row.put("num" + f, gaussian(random) * (1 + f * 0.1) + f);
      }
      for (int f = 0; f < CATEGORICAL; f++) {
        row.put("cat" + f, CATEGORIES.get(random.nextInt(CATEGORIES.size())));
      }
      out.add(row);
    }
    return out;
  }

  /** A standard normal variate (Box-Muller; SplittableRandom has no nextGaussian in Java 17). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
