package dev.mlops.core.drift.stream;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;

/**
 * The Page-Hinkley test (Page, "Continuous Inspection Schemes", Biometrika 1954; in the form with a
 * fading factor used by Gama, Sebastião and Rodrigues, "On evaluating stream learning algorithms",
 * Machine Learning 2013, and by MOA's {@code PageHinkleyDM}): a cumulative sum of the deviations of
 * each value from the running mean, minus a tolerance δ, faded by α at every step; a drift is
 * reported when the sum exceeds the threshold λ.
 *
 * <p>After element t, with x̄_t the mean of the elements so far (x_t included): m_t = α m_{t−1} +
 * (x_t − x̄_t − δ). Defaults, as in MOA: at least 30 instances, δ = 0.005, λ = 50, α = 0.9999.
 * Since λ is in the stream's own units, scale it to the values watched (a latency stream in
 * milliseconds needs a larger λ than an error stream). It accepts any finite value.
 *
 * <p><b>Direction.</b> MOA's test detects increases of the mean only, and so does this class by
 * default. {@link ChangeDirection#DECREASE} runs the mirrored sum, α m_{t−1} + (x̄_t − x_t − δ), and
 * {@link ChangeDirection#BOTH} runs both. There is no warning level.
 *
 * <p><b>Counting, as MOA does.</b> MOA counts its instances from 1, so its test begins with the
 * 29th element when the minimum is 30; this class does the same.
 *
 * <p><b>After a drift</b> the mean, the sums and the instance count are reset, as in MOA; {@link
 * #count()} keeps counting.
 *
 * <p>Each update costs O(1) and allocates nothing.
 *
 * @since 0.1
 */
public final class PageHinkley implements StreamDriftDetector {

  private static final String NAME = "page-hinkley";

  private final int minInstances;
  private final double delta;
  private final double lambda;
  private final double alpha;
  private final ChangeDirection direction;
  private long count;
  private DetectorState state = DetectorState.STABLE;
  // MOA's instance counter: starts at 1, so it is one ahead of the elements seen.
  private double n;
  private double mean;
  private double increaseSum;
  private double decreaseSum;

  private PageHinkley(Builder builder) {
    this.minInstances = builder.minInstances;
    this.delta = builder.delta;
    this.lambda = builder.lambda;
    this.alpha = builder.alpha;
    this.direction = builder.direction;
    restart();
  }

  /**
   * A Page-Hinkley detector with MOA's defaults.
   *
   * @return a new detector
   * @since 0.1
   */
  public static PageHinkley withDefaults() {
    return builder().build();
  }

  /**
   * A builder for a Page-Hinkley detector with other parameters.
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
   * @return {@link DetectorState#DRIFT} when a watched sum exceeds the threshold, {@link
   *     DetectorState#STABLE} otherwise
   * @throws IllegalArgumentException if the value is NaN or infinite
   */
  @Override
  public DetectorState update(double value) {
    InputChecks.requireFinite(NAME, value);
    count++;
    mean = mean + (value - mean) / n;
    increaseSum = alpha * increaseSum + (value - mean - delta);
    decreaseSum = alpha * decreaseSum + (mean - value - delta);
    n++;
    boolean drift =
        n >= minInstances
            && ((direction.reportsIncreases() && increaseSum > lambda)
                || (direction.reportsDecreases() && decreaseSum > lambda));
    state = drift ? DetectorState.DRIFT : DetectorState.STABLE;
    if (drift) {
      restart();
    }
    return state;
  }

  private void restart() {
    n = 1;
    mean = 0;
    increaseSum = 0;
    decreaseSum = 0;
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
    restart();
    count = 0;
    state = DetectorState.STABLE;
  }

  /**
   * The test statistic: the larger of the watched cumulative sums, compared with λ.
   *
   * @return the statistic, 0 at the start of a concept
   * @since 0.1
   */
  public double statistic() {
    if (direction == ChangeDirection.INCREASE) {
      return increaseSum;
    }
    if (direction == ChangeDirection.DECREASE) {
      return decreaseSum;
    }
    return Math.max(increaseSum, decreaseSum);
  }

  @Override
  public String toString() {
    return "PageHinkley[minInstances="
        + minInstances
        + ", delta="
        + delta
        + ", lambda="
        + lambda
        + ", alpha="
        + alpha
        + ", direction="
        + direction
        + "]";
  }

  /**
   * Sets a Page-Hinkley detector's parameters; each may be set once, and is checked when set.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Parameters parameters = new Parameters(NAME);
    private int minInstances = 30;
    private double delta = 0.005;
    private double lambda = 50;
    private double alpha = 0.9999;
    private ChangeDirection direction = ChangeDirection.INCREASE;

    private Builder() {}

    /**
     * How many instances must be seen (counted from 1, as in MOA) before a drift is reported. The
     * default is 30.
     *
     * @param minInstances at least 1
     * @return this builder
     * @throws IllegalArgumentException if the value is below 1
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder minInstances(int minInstances) {
      this.minInstances = parameters.inRange("minInstances", minInstances, 1, Integer.MAX_VALUE);
      return this;
    }

    /**
     * The magnitude of change tolerated, δ, in the stream's units. The default is 0.005.
     *
     * @param delta zero or positive
     * @return this builder
     * @throws IllegalArgumentException if the value is negative or not finite
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder delta(double delta) {
      this.delta = parameters.nonNegative("delta", delta);
      return this;
    }

    /**
     * The threshold λ on the cumulative sum, in the stream's units. The default is 50.
     *
     * @param lambda positive
     * @return this builder
     * @throws IllegalArgumentException if the value is not positive and finite
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder lambda(double lambda) {
      this.lambda = parameters.positive("lambda", lambda);
      return this;
    }

    /**
     * The fading factor α applied to the sum at every step; 1 means no fading. The default is
     * 0.9999.
     *
     * @param alpha in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if the value is not in (0, 1]
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder alpha(double alpha) {
      this.alpha = parameters.positive("alpha", alpha);
      parameters.require(alpha <= 1, "alpha must be in (0, 1] but was " + alpha);
      return this;
    }

    /**
     * Which changes of the mean are tested and reported. The default is {@link
     * ChangeDirection#INCREASE}, as in MOA.
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
    public PageHinkley build() {
      return new PageHinkley(this);
    }
  }
}
