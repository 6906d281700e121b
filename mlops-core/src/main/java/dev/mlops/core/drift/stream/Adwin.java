package dev.mlops.core.drift.stream;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;

/**
 * ADWIN, adaptive windowing (Bifet and Gavaldà, "Learning from Time-Changing Data with Adaptive
 * Windowing", SIAM SDM 2007), in its ADWIN2 form: the window is kept as an exponential histogram
 * of at most {@code maxBucketsPerRow} buckets per size, and whenever two sub-windows have means
 * that differ by more than the bound ε_cut for confidence δ, the older part is dropped.
 *
 * <p>Defaults, as in the paper and in MOA's {@code ADWINChangeDetector}: δ = 0.002, cuts checked
 * every 32 elements (the clock), at most 5 buckets per row (M), sub-windows of at least 5
 * elements. It accepts any finite value, such as 0/1 errors, scores or latencies.
 *
 * <p><b>What is reported.</b> The window shrinks on any change, up or down (a cut). With {@link
 * ChangeDirection#BOTH}, every update that cuts reports {@link DetectorState#DRIFT}: the paper's
 * algorithm, which signals a change whenever it drops part of its window, whatever the mean did.
 * With one direction (by default {@linkplain ChangeDirection#INCREASE increases}, as MOA's {@code
 * ADWINChangeDetector} reports, which suits error rates) a cut is reported when the window's mean
 * after the update moved that way from its mean before. ADWIN never reports {@link
 * DetectorState#WARNING}.
 *
 * <p><b>After a drift</b> nothing else is reset: dropping the older sub-window is ADWIN's
 * adaptation, and the detector carries on with the shorter window, as MOA does.
 *
 * <p><b>Cost.</b> An update costs O(1) between checks; a check, every {@code clock} elements, scans
 * the O(M log W) buckets once per bucket dropped, so an update costs O(log W) amortised for a
 * window of W elements. Each split is screened with a few multiplications, and only splits near
 * the bound get the exact test (see {@code ExponentialHistogram#hasCut}), which decides exactly as
 * testing every split would. No update allocates.
 *
 * @since 0.1
 */
public final class Adwin implements StreamDriftDetector {

  private static final String NAME = "adwin";

  private final double delta;
  private final int clock;
  private final int maxBucketsPerRow;
  private final int minSubWindowLength;
  private final ChangeDirection direction;
  private final ExponentialHistogram window;
  private long count;
  private int untilCheck;
  private DetectorState state = DetectorState.STABLE;

  private Adwin(Builder builder) {
    this.delta = builder.delta;
    this.clock = builder.clock;
    this.maxBucketsPerRow = builder.maxBucketsPerRow;
    this.minSubWindowLength = builder.minSubWindowLength;
    this.direction = builder.direction;
    this.window = new ExponentialHistogram(maxBucketsPerRow);
    this.untilCheck = clock;
  }

  /**
   * An ADWIN detector with the defaults of the paper and MOA.
   *
   * @return a new detector
   * @since 0.1
   */
  public static Adwin withDefaults() {
    return builder().build();
  }

  /**
   * A builder for an ADWIN detector with other parameters.
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
   * @return {@link DetectorState#DRIFT} when this element's check dropped part of the window and the
   *     mean moved in a reported direction, {@link DetectorState#STABLE} otherwise
   * @throws IllegalArgumentException if the value is NaN or infinite
   */
  @Override
  public DetectorState update(double value) {
    InputChecks.requireFinite(NAME, value);
    long widthBefore = window.width();
    double totalBefore = window.total();
    count++;
    window.add(value);
    boolean shrunk = false;
    if (--untilCheck == 0) {
      untilCheck = clock;
      while (window.hasCut(delta, minSubWindowLength)) {
        window.dropOldest();
        shrunk = true;
      }
    }
    state = shrunk && reported(widthBefore, totalBefore) ? DetectorState.DRIFT : DetectorState.STABLE;
    return state;
  }

  /**
   * Whether a cut is reported: every cut in both directions, as the paper's algorithm signals a
   * change whenever it drops part of its window; otherwise when the window's mean after the
   * update moved in the reported direction from its mean before.
   */
  private boolean reported(long widthBefore, double totalBefore) {
    if (direction == ChangeDirection.BOTH) {
      return true;
    }
    double meanBefore = widthBefore == 0 ? 0 : totalBefore / widthBefore;
    double meanAfter = mean();
    return (meanAfter > meanBefore && direction.reportsIncreases())
        || (meanAfter < meanBefore && direction.reportsDecreases());
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
    window.clear();
    count = 0;
    untilCheck = clock;
    state = DetectorState.STABLE;
  }

  /**
   * How many of the latest elements the adaptive window holds.
   *
   * @return the window length, 0 before the first update
   * @since 0.1
   */
  public long width() {
    return window.width();
  }

  /**
   * The mean of the elements in the window: ADWIN's estimate of the stream's current mean.
   *
   * @return the mean, 0 before the first update
   * @since 0.1
   */
  public double mean() {
    long width = window.width();
    return width == 0 ? 0 : window.total() / width;
  }

  /**
   * The variance of the elements in the window.
   *
   * @return the population variance, 0 before the first update
   * @since 0.1
   */
  public double variance() {
    long width = window.width();
    return width == 0 ? 0 : window.squaredDeviationSum() / width;
  }

  @Override
  public String toString() {
    return "Adwin[delta="
        + delta
        + ", clock="
        + clock
        + ", maxBucketsPerRow="
        + maxBucketsPerRow
        + ", minSubWindowLength="
        + minSubWindowLength
        + ", direction="
        + direction
        + ", width="
        + width()
        + "]";
  }

  /**
   * Sets an ADWIN detector's parameters; each may be set once, and is checked when set.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Parameters parameters = new Parameters(NAME);
    private double delta = 0.002;
    private int clock = 32;
    private int maxBucketsPerRow = 5;
    private int minSubWindowLength = 5;
    private ChangeDirection direction = ChangeDirection.INCREASE;

    private Builder() {}

    /**
     * The confidence δ of the cut test: smaller values make fewer false alarms and detect later.
     * The default is 0.002.
     *
     * @param delta in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if delta is not in (0, 1)
     * @throws IllegalStateException if delta was already set
     * @since 0.1
     */
    public Builder delta(double delta) {
      this.delta = parameters.openUnitInterval("delta", delta);
      return this;
    }

    /**
     * How often, in elements, the window is checked for a cut. The default is 32; 1 checks after
     * every element.
     *
     * @param clock at least 1
     * @return this builder
     * @throws IllegalArgumentException if clock is below 1
     * @throws IllegalStateException if clock was already set
     * @since 0.1
     */
    public Builder clock(int clock) {
      this.clock = parameters.inRange("clock", clock, 1, Integer.MAX_VALUE);
      return this;
    }

    /**
     * The most buckets of one size the window keeps (M): larger values approximate cut points more
     * finely and cost more memory and time. The default is 5.
     *
     * @param maxBucketsPerRow between 2 and 1000
     * @return this builder
     * @throws IllegalArgumentException if the value is out of range
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder maxBucketsPerRow(int maxBucketsPerRow) {
      this.maxBucketsPerRow = parameters.inRange("maxBucketsPerRow", maxBucketsPerRow, 2, 1000);
      return this;
    }

    /**
     * The fewest elements each of the two sub-windows of a cut must hold. The default is 5.
     *
     * @param minSubWindowLength at least 1
     * @return this builder
     * @throws IllegalArgumentException if the value is below 1
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder minSubWindowLength(int minSubWindowLength) {
      this.minSubWindowLength =
          parameters.inRange("minSubWindowLength", minSubWindowLength, 1, Integer.MAX_VALUE);
      return this;
    }

    /**
     * Which changes of the mean are reported as drift; the window adapts to all of them. The
     * default is {@link ChangeDirection#INCREASE}, as in MOA.
     *
     * @param direction the reported changes
     * @return this builder
     * @throws IllegalArgumentException if direction is null
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder direction(ChangeDirection direction) {
      this.direction = parameters.present("direction", direction);
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return a new detector with these parameters
     * @since 0.1
     */
    public Adwin build() {
      return new Adwin(this);
    }
  }
}
