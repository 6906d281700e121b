package dev.mlops.core.drift.stream;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * KSWIN, Kolmogorov-Smirnov windowing (Raab, Heusinger and Schleif, "Reactive Soft Prototype
 * Computing for Concept Drift Streams", Neurocomputing 416, 2020): a sliding window of the latest
 * {@code windowSize} values; once it is full, every update compares its newest {@code statSize}
 * values with {@code statSize} values drawn uniformly, without replacement, from the older part of
 * the window, by a two-sample Kolmogorov-Smirnov test, and reports {@link DetectorState#DRIFT} when
 * the p-value is below α. It detects changes of the whole distribution, not only of the mean, of
 * any finite values. Defaults, as in the paper: α = 0.005, window 100, statistic size 30.
 *
 * <p><b>The test.</b> The paper rejects when the statistic exceeds the asymptotic critical value
 * sqrt(−ln α / r). This class uses the exact two-sided p-value for two samples of r values, which
 * is what scipy's {@code ks_2samp} (and so the Python implementations in scikit-multiflow and
 * River) computes at these sizes; at the defaults the exact test needs a statistic of 14/30 where
 * the asymptotic one accepts 13/30, so it makes somewhat fewer false alarms.
 *
 * <p><b>Randomness.</b> The draw uses a {@link SplittableRandom} seeded from {@link
 * Builder#seed(long)}, so runs are reproducible; {@link #reset()} re-seeds it. MOA has no KSWIN, so there is no reference
 * run to match.
 *
 * <p><b>After a drift</b> the window keeps only its newest {@code statSize} values, as in the
 * paper, and testing resumes when it is full again; {@link #count()} keeps counting.
 *
 * <p><b>Cost.</b> The newest r values are kept sorted as the window slides, in O(r); each update
 * after the window is full draws and sorts r values, O(r log r), and merges the two samples:
 * independent of the stream's length, and without allocating. There is no warning level.
 *
 * @since 0.1
 */
public final class Kswin implements StreamDriftDetector {

  private static final String NAME = "kswin";

  private final double alpha;
  private final int windowSize;
  private final int statSize;
  private final long seed;
  private SplittableRandom random;
  private final EqualSizeKolmogorovSmirnov test;
  private final double[] window;
  private final int[] olderPositions;
  private final double[] recentSorted;
  private final double[] drawn;
  private int oldest;
  private int filled;
  private long count;
  private DetectorState state = DetectorState.STABLE;
  private double lastStatistic = Double.NaN;
  private double lastPValue = Double.NaN;

  private Kswin(Builder builder) {
    this.alpha = builder.alpha;
    this.windowSize = builder.windowSize;
    this.statSize = builder.statSize;
    this.seed = builder.seed;
    this.random = new SplittableRandom(seed);
    this.test = new EqualSizeKolmogorovSmirnov(statSize);
    this.window = new double[windowSize];
    this.olderPositions = new int[windowSize - statSize];
    this.recentSorted = new double[statSize];
    this.drawn = new double[statSize];
    resetPositions();
  }

  /**
   * A KSWIN detector with the paper's defaults.
   *
   * @return a new detector
   * @since 0.1
   */
  public static Kswin withDefaults() {
    return builder().build();
  }

  /**
   * A builder for a KSWIN detector with other parameters.
   *
   * @return a new builder holding the defaults
   * @since 0.1
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Feeds one value.
   *
   * @param value the next element: any finite value
   * @return {@link DetectorState#DRIFT} when this element's test rejects, {@link
   *     DetectorState#STABLE} otherwise
   * @throws IllegalArgumentException if the value is NaN or infinite
   */
  @Override
  public DetectorState update(double value) {
    InputChecks.requireFinite(NAME, value);
    count++;
    append(value);
    state = DetectorState.STABLE;
    if (filled == windowSize) {
      int steps = compareRecentWithDrawn();
      lastStatistic = (double) steps / statSize;
      lastPValue = test.pValue(steps);
      if (lastPValue < alpha) {
        state = DetectorState.DRIFT;
        keepRecentOnly();
      }
    }
    return state;
  }

  private void append(double value) {
    if (filled >= statSize) {
      replaceRecent(window[(oldest + filled - statSize) % windowSize], value);
    } else {
      insertRecent(filled, value);
    }
    if (filled < windowSize) {
      window[(oldest + filled) % windowSize] = value;
      filled++;
    } else {
      window[oldest] = value;
      oldest = (oldest + 1) % windowSize;
    }
  }

  /** Keeps the newest statSize values sorted as the window slides: O(r) instead of a sort. */
  private void replaceRecent(double leaving, double entering) {
    int hole = 0;
    while (recentSorted[hole] != leaving) {
      hole++;
    }
    while (hole + 1 < statSize && recentSorted[hole + 1] < entering) {
      recentSorted[hole] = recentSorted[hole + 1];
      hole++;
    }
    while (hole > 0 && recentSorted[hole - 1] > entering) {
      recentSorted[hole] = recentSorted[hole - 1];
      hole--;
    }
    recentSorted[hole] = entering;
  }

  private void insertRecent(int size, double entering) {
    int hole = size;
    while (hole > 0 && recentSorted[hole - 1] > entering) {
      recentSorted[hole] = recentSorted[hole - 1];
      hole--;
    }
    recentSorted[hole] = entering;
  }

  private int compareRecentWithDrawn() {
    int olderCount = windowSize - statSize;
    // A partial Fisher-Yates shuffle draws statSize distinct positions of the older part; any
    // permutation left by earlier draws is as good a starting point as the identity.
    for (int k = 0; k < statSize; k++) {
      int pick = k + random.nextInt(olderCount - k);
      int position = olderPositions[pick];
      olderPositions[pick] = olderPositions[k];
      olderPositions[k] = position;
      drawn[k] = window[(oldest + position) % windowSize];
    }
    Arrays.sort(drawn);
    return test.steps(recentSorted, drawn);
  }

  private void keepRecentOnly() {
    oldest = (oldest + windowSize - statSize) % windowSize;
    filled = statSize;
  }

  private void resetPositions() {
    for (int k = 0; k < olderPositions.length; k++) {
      olderPositions[k] = k;
    }
  }

  @Override
  public DetectorState state() {
    return state;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public void reset() {
    random = new SplittableRandom(seed);
    resetPositions();
    oldest = 0;
    filled = 0;
    count = 0;
    state = DetectorState.STABLE;
    lastStatistic = Double.NaN;
    lastPValue = Double.NaN;
  }

  /**
   * The Kolmogorov-Smirnov statistic of the latest test.
   *
   * @return the statistic in [0, 1], NaN before the window first filled
   * @since 0.1
   */
  public double lastStatistic() {
    return lastStatistic;
  }

  /**
   * The exact two-sided p-value of the latest test.
   *
   * @return the p-value in [0, 1], NaN before the window first filled
   * @since 0.1
   */
  public double lastPValue() {
    return lastPValue;
  }

  @Override
  public String toString() {
    return "Kswin[alpha="
        + alpha
        + ", windowSize="
        + windowSize
        + ", statSize="
        + statSize
        + ", seed="
        + seed
        + "]";
  }

  /**
   * Sets a KSWIN detector's parameters; each may be set once, and is checked when set.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Parameters parameters = new Parameters(NAME);
    private double alpha = 0.005;
    private int windowSize = 100;
    private int statSize = 30;
    private long seed = 1;

    private Builder() {}

    /**
     * The significance level α of each test. The default is 0.005.
     *
     * @param alpha in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if the value is not in (0, 1)
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder alpha(double alpha) {
      this.alpha = parameters.openUnitInterval("alpha", alpha);
      return this;
    }

    /**
     * The length of the sliding window. The default is 100.
     *
     * @param windowSize at least twice the statistic size, at most 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if the value is out of range
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder windowSize(int windowSize) {
      this.windowSize = parameters.inRange("windowSize", windowSize, 4, 1_000_000);
      return this;
    }

    /**
     * How many of the newest values are compared with as many drawn from the rest of the window.
     * The default is 30.
     *
     * @param statSize between 2 and 10,000, at most half the window
     * @return this builder
     * @throws IllegalArgumentException if the value is out of range
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder statSize(int statSize) {
      this.statSize = parameters.inRange("statSize", statSize, 2, 10_000);
      return this;
    }

    /**
     * The seed of the random draws. The default is 1.
     *
     * @param seed any value
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder seed(long seed) {
      parameters.once("seed", seed);
      this.seed = seed;
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return a new detector with these parameters
     * @throws IllegalArgumentException if the window is shorter than twice the statistic size
     * @since 0.1
     */
    public Kswin build() {
      parameters.require(
          windowSize >= 2 * statSize,
          "windowSize ("
              + windowSize
              + ") must be at least twice statSize ("
              + statSize
              + ") so that statSize values can be drawn from the older part");
      return new Kswin(this);
    }
  }
}
