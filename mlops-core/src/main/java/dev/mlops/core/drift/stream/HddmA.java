package dev.mlops.core.drift.stream;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;

/**
 * HDDM_A, the drift detection method based on Hoeffding's inequality with the A-test of
 * Frías-Blanco, del Campo-Ávila, Ramos-Jiménez, Morales-Bueno, Ortiz-Díaz and Caballero-Mota
 * ("Online and Non-Parametric Drift Detection Methods Based on Hoeffding's Bounds", IEEE
 * Transactions on Knowledge and Data Engineering 27(3), 2015), for error rates: values in [0, 1],
 * such as 1 for a wrong prediction and 0 for a right one.
 *
 * <p>The detector keeps the mean of all values since the last drift and a cut point: the prefix
 * whose mean plus its Hoeffding bound sqrt(ln(1/δ_drift) / 2k) is smallest. It reports {@link
 * DetectorState#DRIFT} when the overall mean exceeds the cut mean by more than the two-sample
 * Hoeffding bound sqrt((n − k) / (2 k n) · ln(2/δ)) at confidence δ_drift, and {@link
 * DetectorState#WARNING} when it does so at δ_warning. Defaults, as in the paper and MOA: drift
 * confidence 0.001, warning confidence 0.005, one-sided test of increases.
 *
 * <p><b>Directions.</b> {@link Builder#direction(ChangeDirection)} chooses which changes are
 * reported; decreases use a second cut point, the prefix whose mean minus its bound is largest.
 * {@link Builder#twoSidedTest(boolean)} also tests the direction that is not reported, and silently
 * resets the statistics when that one changes, so that a later change in the reported direction is
 * measured from the new level: this is what MOA's {@code HDDM_A_Test} does with its
 * {@code Two-sided} type of test, its default. Here the default is the one-sided test
 * (MOA's {@code One-sided}).
 *
 * <p><b>After a drift</b> all statistics are reset, as in MOA; {@link #count()} keeps counting.
 *
 * <p>Each update costs O(1) and allocates nothing.
 *
 * @since 0.1
 */
public final class HddmA implements StreamDriftDetector {

  private static final String NAME = "hddm-a";

  private final double driftConfidence;
  private final double warningConfidence;
  private final ChangeDirection direction;
  private final boolean twoSidedTest;
  private final double cutLog;
  private final double driftLog;
  private final double warningLog;
  private long count;
  private DetectorState state = DetectorState.STABLE;
  private double n;
  private double sum;
  private double lowCutCount;
  private double lowCutSum;
  private double highCutCount;
  private double highCutSum;

  private HddmA(Builder builder) {
    this.driftConfidence = builder.driftConfidence;
    this.warningConfidence = builder.warningConfidence;
    this.direction = builder.direction;
    this.twoSidedTest = builder.twoSidedTest;
    this.cutLog = Math.log(1 / driftConfidence);
    this.driftLog = Math.log(2 / driftConfidence);
    this.warningLog = Math.log(2 / warningConfidence);
  }

  /**
   * An HDDM_A detector with the paper's defaults and a one-sided test of increases.
   *
   * @return a new detector
   * @since 0.1
   */
  public static HddmA withDefaults() {
    return builder().build();
  }

  /**
   * A builder for an HDDM_A detector with other parameters.
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
   * @param value an error indicator or error rate in [0, 1]
   * @return the state after this element
   * @throws IllegalArgumentException if the value is NaN or outside [0, 1]
   */
  @Override
  public DetectorState update(double value) {
    InputChecks.requireUnitInterval(NAME, value);
    count++;
    n++;
    sum += value;
    moveCutPoints();
    boolean up = testsIncreases() && increased(driftLog);
    boolean down = !up && testsDecreases() && decreased(driftLog);
    if ((up && direction.reportsIncreases()) || (down && direction.reportsDecreases())) {
      state = DetectorState.DRIFT;
      restart();
      return state;
    }
    boolean warning =
        (direction.reportsIncreases() && increased(warningLog))
            || (direction.reportsDecreases() && decreased(warningLog));
    state = warning ? DetectorState.WARNING : DetectorState.STABLE;
    if (up || down) {
      restart();
    }
    return state;
  }

  private void moveCutPoints() {
    double mean = sum / n;
    double bound = hoeffdingBound(n);
    if (lowCutCount == 0 || mean + bound < lowCutSum / lowCutCount + hoeffdingBound(lowCutCount)) {
      lowCutCount = n;
      lowCutSum = sum;
    }
    if (highCutCount == 0
        || mean - bound > highCutSum / highCutCount - hoeffdingBound(highCutCount)) {
      highCutCount = n;
      highCutSum = sum;
    }
  }

  private double hoeffdingBound(double elements) {
    return Math.sqrt(cutLog / (2 * elements));
  }

  private boolean increased(double log) {
    if (lowCutCount == n) {
      return false;
    }
    return sum / n - lowCutSum / lowCutCount >= differenceBound(lowCutCount, log);
  }

  private boolean decreased(double log) {
    if (highCutCount == n) {
      return false;
    }
    return highCutSum / highCutCount - sum / n >= differenceBound(highCutCount, log);
  }

  private double differenceBound(double cut, double log) {
    return Math.sqrt((n - cut) / (2 * cut * n) * log);
  }

  private boolean testsIncreases() {
    return direction.reportsIncreases() || twoSidedTest;
  }

  private boolean testsDecreases() {
    return direction.reportsDecreases() || twoSidedTest;
  }

  private void restart() {
    n = 0;
    sum = 0;
    lowCutCount = 0;
    lowCutSum = 0;
    highCutCount = 0;
    highCutSum = 0;
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
   * The mean of the values since the last drift or silent reset.
   *
   * @return the mean, 0 at the start of a concept
   * @since 0.1
   */
  public double mean() {
    return n == 0 ? 0 : sum / n;
  }

  @Override
  public String toString() {
    return "HddmA[driftConfidence="
        + driftConfidence
        + ", warningConfidence="
        + warningConfidence
        + ", direction="
        + direction
        + ", twoSidedTest="
        + twoSidedTest
        + "]";
  }

  /**
   * Sets an HDDM_A detector's parameters; each may be set once, and is checked when set.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Parameters parameters = new Parameters(NAME);
    private double driftConfidence = 0.001;
    private double warningConfidence = 0.005;
    private ChangeDirection direction = ChangeDirection.INCREASE;
    private boolean twoSidedTest;

    private Builder() {}

    /**
     * The confidence δ of the drift test: the probability of a false alarm allowed. The default is
     * 0.001.
     *
     * @param driftConfidence in (0, 1), below the warning confidence
     * @return this builder
     * @throws IllegalArgumentException if the value is not in (0, 1)
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder driftConfidence(double driftConfidence) {
      this.driftConfidence = parameters.openUnitInterval("driftConfidence", driftConfidence);
      return this;
    }

    /**
     * The confidence δ of the warning test. The default is 0.005.
     *
     * @param warningConfidence in (0, 1), above the drift confidence
     * @return this builder
     * @throws IllegalArgumentException if the value is not in (0, 1)
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder warningConfidence(double warningConfidence) {
      this.warningConfidence = parameters.openUnitInterval("warningConfidence", warningConfidence);
      return this;
    }

    /**
     * Which changes are reported. The default is {@link ChangeDirection#INCREASE}.
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
     * Whether the direction that is not reported is tested too, resetting the statistics silently
     * when it changes (MOA's {@code Two-sided} test). Irrelevant with {@link ChangeDirection#BOTH}.
     * The default is false.
     *
     * @param twoSidedTest whether to test both directions
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder twoSidedTest(boolean twoSidedTest) {
      parameters.once("twoSidedTest", twoSidedTest);
      this.twoSidedTest = twoSidedTest;
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return a new detector with these parameters
     * @throws IllegalArgumentException if the drift confidence is not below the warning confidence
     * @since 0.1
     */
    public HddmA build() {
      parameters.require(
          driftConfidence < warningConfidence,
          "driftConfidence ("
              + driftConfidence
              + ") must be below warningConfidence ("
              + warningConfidence
              + ")");
      return new HddmA(this);
    }
  }
}
