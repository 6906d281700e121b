package dev.mlops.core.drift.stream;

import java.util.Random;
import java.util.function.IntToDoubleFunction;

/** Seeded synthetic streams with known change points, for the detectors' tests. */
final class SyntheticStreams {

  private SyntheticStreams() {}

  /** 0/1 errors, each 1 with probability {@code rate.applyAsDouble(i)}. */
  static double[] errors(long seed, int length, IntToDoubleFunction rate) {
    Random random = new Random(seed);
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = random.nextDouble() < rate.applyAsDouble(i) ? 1 : 0;
    }
    return values;
  }

  /** Normal values with mean {@code mean.applyAsDouble(i)} and the given standard deviation. */
  static double[] normal(long seed, int length, IntToDoubleFunction mean, double sd) {
    Random random = new Random(seed);
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = mean.applyAsDouble(i) + sd * random.nextGaussian();
    }
    return values;
  }

  /** A level that is {@code from} before {@code start}, {@code to} from {@code end} on, linear between. */
  static IntToDoubleFunction ramp(int start, int end, double from, double to) {
    return i -> {
      if (i < start) {
        return from;
      }
      if (i >= end) {
        return to;
      }
      return from + (to - from) * (i - start) / (end - start);
    };
  }

  /** A level that is {@code from} before {@code at} and {@code to} from there on. */
  static IntToDoubleFunction step(int at, double from, double to) {
    return i -> i < at ? from : to;
  }

  /** A level that is constant. */
  static IntToDoubleFunction constant(double level) {
    return i -> level;
  }
}
