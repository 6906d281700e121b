package dev.mlops.core.drift.stream;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;

/**
 * EDDM, the early drift detection method of Baena-García, del Campo-Ávila, Fidalgo, Bifet,
 * Gavaldà and Morales-Bueno ("Early Drift Detection Method", 4th International Workshop on
 * Knowledge Discovery from Data Streams, 2006), for a stream of prediction errors: 1 for a wrong
 * prediction, 0 for a right one.
 *
 * <p>Instead of the error rate, EDDM follows the distance between consecutive errors: its mean p'
 * and standard deviation s', and the maximum of p' + 2s' seen so far. Errors coming closer together
 * shrink the ratio (p' + 2s') / (p'_max + 2s'_max): below α (0.95) the detector reports {@link
 * DetectorState#WARNING}, below β (0.90) {@link DetectorState#DRIFT}. The state changes only at
 * errors; a right prediction keeps the state of the last error, except that a drift is reported at
 * its element only. Gradual changes are caught earlier than by {@link Ddm}, at the cost of more
 * false alarms.
 *
 * <p><b>Minimums, as MOA does.</b> The paper waits for 30 errors. MOA's EDDM (which has no
 * options) starts tracking the maximum at the 30th instance and signals only after more than 30
 * errors; this class does the same with {@code minInstances} = {@code minErrors} = 30, so that it
 * signals where MOA does.
 *
 * <p><b>After a drift</b> all statistics (instances, errors, distances, maximum) are reset, as in
 * the paper and MOA; {@link #count()} keeps counting.
 *
 * <p>Each update costs O(1) and allocates nothing.
 *
 * @since 0.1
 */
public final class Eddm implements StreamDriftDetector {

  private static final String NAME = "eddm";

  private final double warningRatio;
  private final double driftRatio;
  private final int minInstances;
  private final int minErrors;
  private long count;
  private DetectorState state = DetectorState.STABLE;
  private long instances;
  private long errors;
  private long lastErrorAt;
  private double meanDistance;
  private double squaredDeviationSum;
  private double maxMeanPlusTwoStd;

  private Eddm(Builder builder) {
    this.warningRatio = builder.warningRatio;
    this.driftRatio = builder.driftRatio;
    this.minInstances = builder.minInstances;
    this.minErrors = builder.minErrors;
  }

  /**
   * An EDDM detector with the defaults of the paper and MOA.
   *
   * @return a new detector
   * @since 0.1
   */
  public static Eddm withDefaults() {
    return builder().build();
  }

  /**
   * A builder for an EDDM detector with other parameters.
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
   * @param value 1 for a wrong prediction, 0 for a right one
   * @return the state after this element
   * @throws IllegalArgumentException if the value is anything but 0 or 1
   */
  @Override
  public DetectorState update(double value) {
    InputChecks.requireBinary(NAME, value);
    count++;
    instances++;
    if (state == DetectorState.DRIFT) {
      state = DetectorState.STABLE;
    }
    if (value == 1) {
      state = onError();
      if (state == DetectorState.DRIFT) {
        restart();
      }
    }
    return state;
  }

  private DetectorState onError() {
    errors++;
    double distance = instances - lastErrorAt;
    lastErrorAt = instances;
    double previousMean = meanDistance;
    meanDistance = meanDistance + (distance - meanDistance) / errors;
    squaredDeviationSum += (distance - previousMean) * (distance - meanDistance);
    double meanPlusTwoStd = meanDistance + 2 * Math.sqrt(squaredDeviationSum / errors);
    if (instances < minInstances) {
      return DetectorState.STABLE;
    }
    if (meanPlusTwoStd > maxMeanPlusTwoStd) {
      maxMeanPlusTwoStd = meanPlusTwoStd;
      return DetectorState.STABLE;
    }
    if (errors <= minErrors) {
      return DetectorState.STABLE;
    }
    double ratio = meanPlusTwoStd / maxMeanPlusTwoStd;
    if (ratio < driftRatio) {
      return DetectorState.DRIFT;
    }
    return ratio < warningRatio ? DetectorState.WARNING : DetectorState.STABLE;
  }

  private void restart() {
    instances = 0;
    errors = 0;
    lastErrorAt = 0;
    meanDistance = 0;
    squaredDeviationSum = 0;
    maxMeanPlusTwoStd = 0;
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
   * The mean distance, in elements, between consecutive errors since the start of the current
   * concept.
   *
   * @return the mean distance, 0 before the first error of a concept
   * @since 0.1
   */
  public double meanDistance() {
    return meanDistance;
  }

  @Override
  public String toString() {
    return "Eddm[warningRatio="
        + warningRatio
        + ", driftRatio="
        + driftRatio
        + ", minInstances="
        + minInstances
        + ", minErrors="
        + minErrors
        + "]";
  }

  /**
   * Sets an EDDM detector's parameters; each may be set once, and is checked when set.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Parameters parameters = new Parameters(NAME);
    private double warningRatio = 0.95;
    private double driftRatio = 0.90;
    private int minInstances = 30;
    private int minErrors = 30;

    private Builder() {}

    /**
     * The ratio α below which a warning is reported. The default is 0.95.
     *
     * @param warningRatio in (0, 1), above the drift ratio
     * @return this builder
     * @throws IllegalArgumentException if the value is not in (0, 1)
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder warningRatio(double warningRatio) {
      this.warningRatio = parameters.openUnitInterval("warningRatio", warningRatio);
      return this;
    }

    /**
     * The ratio β below which a drift is reported. The default is 0.90.
     *
     * @param driftRatio in (0, 1), below the warning ratio
     * @return this builder
     * @throws IllegalArgumentException if the value is not in (0, 1)
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder driftRatio(double driftRatio) {
      this.driftRatio = parameters.openUnitInterval("driftRatio", driftRatio);
      return this;
    }

    /**
     * From which instance of a concept on (counted from 1) the maximum of p' + 2s' is tracked.
     * The default is 30.
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
     * How many errors a concept must have had before the next one can signal. The default is 30:
     * the 31st error is the first that can.
     *
     * @param minErrors at least 1
     * @return this builder
     * @throws IllegalArgumentException if the value is below 1
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder minErrors(int minErrors) {
      this.minErrors = parameters.inRange("minErrors", minErrors, 1, Integer.MAX_VALUE);
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return a new detector with these parameters
     * @throws IllegalArgumentException if the drift ratio is not below the warning ratio
     * @since 0.1
     */
    public Eddm build() {
      parameters.require(
          driftRatio < warningRatio,
          "driftRatio (" + driftRatio + ") must be below warningRatio (" + warningRatio + ")");
      return new Eddm(this);
    }
  }
}
