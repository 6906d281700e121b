package dev.mlops.core.drift.stream;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;

/**
 * DDM, the drift detection method of Gama, Medas, Castillo and Rodrigues ("Learning with Drift
 * Detection", SBIA 2004), for a stream of prediction errors: 1 for a wrong prediction, 0 for a
 * right one (any error rate in [0, 1] is accepted).
 *
 * <p>After element i the error rate p_i and its standard deviation s_i = sqrt(p_i (1 − p_i) / i)
 * are updated, and the minimum of p_i + s_i is remembered as (p_min, s_min). The detector reports
 * {@link DetectorState#WARNING} while p_i + s_i &gt; p_min + 2 s_min and {@link
 * DetectorState#DRIFT} when p_i + s_i &gt; p_min + 3 s_min. Only increases of the error rate are
 * detected. Defaults, as in the paper and MOA: at least 30 instances, warning at 2 and drift at 3
 * standard deviations.
 *
 * <p><b>Counting, as MOA does.</b> MOA's DDM counts its instances from 1, so its tests begin with
 * the 29th element when the minimum is 30; this class does the same, so that it signals where MOA
 * does.
 *
 * <p><b>After a drift</b> all statistics (count, error rate, minimum) are reset and the next
 * element starts a new concept, as in the paper and MOA; {@link #count()} keeps counting.
 *
 * <p>Each update costs O(1) and allocates nothing.
 *
 * @since 0.1
 */
public final class Ddm implements StreamDriftDetector {

  private static final String NAME = "ddm";

  private final int minInstances;
  private final double warningLevel;
  private final double driftLevel;
  private long count;
  private DetectorState state = DetectorState.STABLE;
  // MOA's instance counter: starts at 1, so it is one ahead of the elements seen.
  private double n;
  private double errorRate;
  private double minErrorRate;
  private double minStandardDeviation;
  private double minSum;

  private Ddm(Builder builder) {
    this.minInstances = builder.minInstances;
    this.warningLevel = builder.warningLevel;
    this.driftLevel = builder.driftLevel;
    restart();
  }

  /**
   * A DDM detector with the defaults of the paper and MOA.
   *
   * @return a new detector
   * @since 0.1
   */
  public static Ddm withDefaults() {
    return builder().build();
  }

  /**
   * A builder for a DDM detector with other parameters.
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
   * Feeds one prediction outcome.
   *
   * @param value 1 for a wrong prediction, 0 for a right one, or an error rate in between
   * @return the state after this element
   * @throws IllegalArgumentException if the value is NaN or outside [0, 1]
   */
  @Override
  public DetectorState update(double value) {
    InputChecks.requireUnitInterval(NAME, value);
    count++;
    errorRate = errorRate + (value - errorRate) / n;
    double standardDeviation = Math.sqrt(errorRate * (1 - errorRate) / n);
    n++;
    state = test(standardDeviation);
    if (state == DetectorState.DRIFT) {
      restart();
    }
    return state;
  }

  private DetectorState test(double standardDeviation) {
    if (n < minInstances) {
      return DetectorState.STABLE;
    }
    double sum = errorRate + standardDeviation;
    if (sum < minSum) {
      minErrorRate = errorRate;
      minStandardDeviation = standardDeviation;
      minSum = sum;
    }
    if (sum > minErrorRate + driftLevel * minStandardDeviation) {
      return DetectorState.DRIFT;
    }
    if (sum > minErrorRate + warningLevel * minStandardDeviation) {
      return DetectorState.WARNING;
    }
    return DetectorState.STABLE;
  }

  private void restart() {
    n = 1;
    errorRate = 1;
    minErrorRate = Double.MAX_VALUE;
    minStandardDeviation = Double.MAX_VALUE;
    minSum = Double.MAX_VALUE;
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
   * The error rate since the start of the current concept.
   *
   * @return the error rate, 0 before the first element of a concept
   * @since 0.1
   */
  public double errorRate() {
    return n == 1 ? 0 : errorRate;
  }

  @Override
  public String toString() {
    return "Ddm[minInstances="
        + minInstances
        + ", warningLevel="
        + warningLevel
        + ", driftLevel="
        + driftLevel
        + "]";
  }

  /**
   * Sets a DDM detector's parameters; each may be set once, and is checked when set.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Parameters parameters = new Parameters(NAME);
    private int minInstances = 30;
    private double warningLevel = 2;
    private double driftLevel = 3;

    private Builder() {}

    /**
     * How many instances must be seen (counted from 1, as in MOA) before warnings or drifts are
     * reported. The default is 30.
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
     * How many standard deviations above the minimum start the warning zone. The default is 2.
     *
     * @param warningLevel positive, below the drift level
     * @return this builder
     * @throws IllegalArgumentException if the value is not positive
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder warningLevel(double warningLevel) {
      this.warningLevel = parameters.positive("warningLevel", warningLevel);
      return this;
    }

    /**
     * How many standard deviations above the minimum signal a drift. The default is 3.
     *
     * @param driftLevel positive, above the warning level
     * @return this builder
     * @throws IllegalArgumentException if the value is not positive
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder driftLevel(double driftLevel) {
      this.driftLevel = parameters.positive("driftLevel", driftLevel);
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return a new detector with these parameters
     * @throws IllegalArgumentException if the warning level is not below the drift level
     * @since 0.1
     */
    public Ddm build() {
      parameters.require(
          warningLevel < driftLevel,
          "warningLevel ("
              + warningLevel
              + ") must be below driftLevel ("
              + driftLevel
              + ")");
      return new Ddm(this);
    }
  }
}
