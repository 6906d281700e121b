package dev.mlops.bench;

import dev.mlops.core.drift.stream.Adwin;
import dev.mlops.core.drift.stream.ChangeDirection;
import dev.mlops.drift.DetectorState;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The SDK side of {@code mlops-bench/compare.sh adwin}: ADWIN on a 5,000,000-value 0/1 stream with
 * one rise and one fall (error rate 0.1, 0.3 from value 2,000,000, 0.1 again from 3,500,000), the
 * stream issue #18 timed the reference implementation on.
 *
 * <pre>
 * java ... dev.mlops.bench.AdwinComparison PASSES
 * </pre>
 *
 * <p>Each pass feeds the whole stream to a new detector in each mode and prints the nanoseconds
 * per update ({@code sdk adwin INCREASE 1 27.3 ns}), then the detections and the cuts of the last
 * pass: with {@link ChangeDirection#BOTH} every cut is a detection, as in the paper's algorithm.
 * The first pass includes the JIT's warm-up.
 */
public final class AdwinComparison {

  static final int LENGTH = 5_000_000;

  private AdwinComparison() {}

  /**
   * Runs the passes.
   *
   * @param args the number of passes
   */
  public static void main(String[] args) {
    int passes = Integer.parseInt(args[0]);
    double[] stream = riseAndFall();
    for (ChangeDirection direction : new ChangeDirection[] {ChangeDirection.INCREASE,
        ChangeDirection.BOTH}) {
      int detections = 0;
      int cuts = 0;
      for (int pass = 1; pass <= passes; pass++) {
        Adwin adwin = Adwin.builder().direction(direction).build();
        detections = 0;
        long start = System.nanoTime();
        for (double value : stream) {
          if (adwin.update(value) == DetectorState.DRIFT) {
            detections++;
          }
        }
        long elapsed = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "sdk adwin %s %d %.1f ns%n", direction, pass,
            (double) elapsed / stream.length);
      }
      Adwin adwin = Adwin.builder().direction(direction).build();
      for (double value : stream) {
        long before = adwin.width();
        adwin.update(value);
        cuts += adwin.width() <= before ? 1 : 0;
      }
      System.out.printf(Locale.ROOT, "sdk adwin %s detections %d cuts %d%n", direction,
          detections, cuts);
    }
  }

  private static double[] riseAndFall() {
    SplittableRandom random = new SplittableRandom(18);
    double[] values = new double[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      double rate = i < 2_000_000 ? 0.1 : i < 3_500_000 ? 0.3 : 0.1;
      values[i] = random.nextDouble() < rate ? 1 : 0;
    }
    return values;
  }
}
