package dev.mlops.core.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic samples for the drift tests. */
final class Samples {

  private Samples() {}

  static double[] normal(long seed, int n, double mean, double sd) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = mean + sd * random.nextGaussian();
    }
    return values;
  }

  static double[] integers(long seed, int n, int bound) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextInt(bound);
    }
    return values;
  }

  /** Categories drawn with the given weights, named by the given labels. */
  static List<String> categories(long seed, int n, String[] labels, double[] weights) {
    Random random = new Random(seed);
    double total = 0;
    for (double weight : weights) {
      total += weight;
    }
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble() * total;
      int k = 0;
      while (k < weights.length - 1 && u >= weights[k]) {
        u -= weights[k];
        k++;
      }
      values.add(labels[k]);
    }
    return values;
  }
}
