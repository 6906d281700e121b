package dev.mlops.core.alert;

import dev.mlops.alert.AlertRule;
import dev.mlops.alert.Severity;
import dev.mlops.monitor.MonitorSnapshot;
import java.time.Duration;
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
public final class ErrorRateRule implements AlertRule {

  /** Calls a window needs unless set otherwise. */
  public static final long DEFAULT_MINIMUM_CALLS = 30;

  private final RuleHeader header;
  private final double bound;
  private final long minimumCalls;

  ErrorRateRule(RuleHeader header, double bound, long minimumCalls) {
    this.header = header;
    if (!(bound >= 0 && bound < 1)) {
      throw new IllegalArgumentException(
          "An error-rate bound must be in [0, 1) but was " + bound + " (0.05 means 5%)");
    }
    this.bound = bound;
    this.minimumCalls = RuleHeader.requireNonNegative("minimumCalls", minimumCalls);
  }

  @Override
  public String name() {
    return header.name();
  }

  @Override
  public Severity severity() {
    return header.severity();
  }

  @Override
  public Duration cooldown() {
    return header.cooldown();
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
   * This rule under another name.
   *
   * @param name the name its alerts carry
   * @return a new rule
   * @throws IllegalArgumentException if the name is blank
   */
  public ErrorRateRule withName(String name) {
    return new ErrorRateRule(header.withName(name), bound, minimumCalls);
  }

  /**
   * This rule with another severity (the default is {@link Severity#CRITICAL}).
   *
   * @param severity the severity
   * @return a new rule
   */
  public ErrorRateRule withSeverity(Severity severity) {
    return new ErrorRateRule(header.withSeverity(severity), bound, minimumCalls);
  }

  /**
   * This rule with another cooldown (the default is one hour).
   *
   * @param cooldown the least time between two firing alerts for one model
   * @return a new rule
   * @throws IllegalArgumentException if the cooldown is negative
   */
  public ErrorRateRule withCooldown(Duration cooldown) {
    return new ErrorRateRule(header.withCooldown(cooldown), bound, minimumCalls);
  }

  /**
   * This rule judging only windows with at least this many calls (never fewer than one).
   *
   * @param calls the minimum
   * @return a new rule
   * @throws IllegalArgumentException if the minimum is negative
   */
  public ErrorRateRule withMinimumCalls(long calls) {
    return new ErrorRateRule(header, bound, calls);
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
    return "ErrorRateRule[" + header + ", above " + bound + ", minimumCalls=" + minimumCalls + "]";
  }
}
