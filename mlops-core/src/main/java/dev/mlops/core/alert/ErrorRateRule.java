package dev.mlops.core.alert;

import dev.mlops.monitor.MonitorSnapshot;
import java.util.Optional;

/**
 * Fires when the share of prediction calls that failed in a window ({@link
 * MonitorSnapshot#errorRate()}) is above a bound. It cannot judge a window with fewer calls than
 * {@link #withMinimumCalls its minimum}, where one failure would be a large share. Created by
 * {@link AlertRules#errorRateAbove}; instances are immutable.
 *
 * <p>Message: {@code error rate 5.20% > 1.00% (52 of 1,000 calls failed), model churn v3}.
 *
 * @since 0.1
 */
public final class ErrorRateRule extends BuiltInAlertRule<ErrorRateRule> {

  /** Calls a window needs unless set otherwise. */
  public static final long DEFAULT_MINIMUM_CALLS = 30;

  private final double bound;
  private final long minimumCalls;

  ErrorRateRule(RuleHeader header, double bound, long minimumCalls) {
    super(header);
    if (!(bound >= 0 && bound < 1)) {
      throw new IllegalArgumentException(
          "An error-rate bound must be in [0, 1) but was " + bound + " (0.05 means 5%)");
    }
    this.bound = bound;
    this.minimumCalls = RuleHeader.requireNonNegative("minimumCalls", minimumCalls);
  }

  /**
   * The share of failed calls the error rate must not exceed.
   *
   * @return the bound, in [0, 1)
   */
  public double bound() {
    return bound;
  }

  /**
   * How many calls a window needs to be judged ({@value #DEFAULT_MINIMUM_CALLS} unless set
   * otherwise).
   *
   * @return the minimum
   */
  public long minimumCalls() {
    return minimumCalls;
  }

  /**
   * This rule judging only windows with at least this many calls (never fewer than one).
   *
   * @param calls the minimum
   * @return a new rule
   * @throws IllegalArgumentException if the minimum is negative
   */
  public ErrorRateRule withMinimumCalls(long calls) {
    return new ErrorRateRule(header(), bound, calls);
  }

  @Override
  ErrorRateRule withHeader(RuleHeader newHeader) {
    return new ErrorRateRule(newHeader, bound, minimumCalls);
  }

  @Override
  public boolean canJudge(MonitorSnapshot snapshot) {
    return snapshot.predictions() > 0 && snapshot.predictions() >= minimumCalls;
  }

  @Override
  public Optional<String> check(MonitorSnapshot snapshot) {
    if (!canJudge(snapshot) || !(snapshot.errorRate() > bound)) {
      return Optional.empty();
    }
    return Optional.of("error rate " + Figures.percent(snapshot.errorRate()) + " > "
        + Figures.percent(bound) + " (" + Figures.count(snapshot.errors()) + " of "
        + Figures.count(snapshot.predictions()) + " calls failed), "
        + Figures.model(snapshot.modelName(), snapshot.version()));
  }

  @Override
  public String toString() {
    return "ErrorRateRule[" + header() + ", above " + bound + ", minimumCalls=" + minimumCalls + "]";
  }
}
