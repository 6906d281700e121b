package dev.mlops.testkit.data;

import java.util.SplittableRandom;

/** Independent random streams derived from a seed and coordinates, so rows can be made in any order. */
final class Seeds {

  private Seeds() {}

  /** A random stream for the given coordinates, the same for the same arguments. */
  static SplittableRandom stream(long seed, long first, long second) {
    long h = mix(seed);
    h = mix(h ^ mix(first + 0x632BE59BD9B4E019L));
    h = mix(h ^ mix(second + 0x85157AF5L));
    return new SplittableRandom(h);
  }

  // SplitMix64's finaliser: nearby inputs give unrelated outputs.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A Poisson draw by Knuth's method; fine for the small means used here. */
  static int poisson(SplittableRandom random, double mean) {
    double limit = Math.exp(-mean);
    int k = 0;
    double p = random.nextDouble();
    while (p > limit) {
      k++;
      p *= random.nextDouble();
    }
    return k;
  }

  /** An index drawn with the given (not necessarily normalised) weights. */
  static int choose(SplittableRandom random, double[] weights) {
    return pick(random.nextDouble(), weights);
  }

  /** The index that a uniform number from [0, 1) falls on, with the given weights. */
  static int pick(double uniform, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = uniform * total;
    for (int i = 0; i < weights.length - 1; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }
}
