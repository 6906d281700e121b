package dev.mlops.core.alert;

import dev.mlops.monitor.LatencySummary;
import dev.mlops.monitor.MonitorSnapshot;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Fires when the 99th percentile of a window's prediction latency ({@link LatencySummary#p99()})
 * is above a bound. It cannot judge a window with fewer measured calls than {@link
 * #withMinimumCalls its minimum}, whose p99 is little more than its slowest call. Created by {@link
 * AlertRules#p99LatencyAbove}; instances are immutable.
 *
 * <p>Message: {@code p99 latency 412 ms > 250 ms over 5,000 calls, model churn v3}.
 *
 * @since 0.1
 */
public final class LatencyRule extends BuiltInAlertRule<LatencyRule> {

  /** Measured calls a window needs unless set otherwise. */
  public static final long DEFAULT_MINIMUM_CALLS = 30;

  private final Duration bound;
  private final long minimumCalls;

  LatencyRule(RuleHeader header, Duration bound, long minimumCalls) {
    super(header);
    Objects.requireNonNull(bound, "bound");
    if (bound.isNegative() || bound.isZero()) {
      throw new IllegalArgumentException("A latency bound must be positive but was " + bound);
    }
    this.bound = bound;
    this.minimumCalls = RuleHeader.requireNonNegative("minimumCalls", minimumCalls);
  }

  /**
   * The latency the 99th percentile must not exceed.
   *
   * @return the bound
   */
  public Duration bound() {
    return bound;
  }

  /**
   * How many measured calls a window needs to be judged ({@value #DEFAULT_MINIMUM_CALLS} unless
   * set otherwise).
   *
   * @return the minimum
   */
  public long minimumCalls() {
    return minimumCalls;
  }

  /**
   * This rule judging only windows with at least this many measured calls (never fewer than one).
   *
   * @param calls the minimum
   * @return a new rule
   * @throws IllegalArgumentException if the minimum is negative
   */
  public LatencyRule withMinimumCalls(long calls) {
    return new LatencyRule(header(), bound, calls);
  }

  @Override
  LatencyRule withHeader(RuleHeader newHeader) {
    return new LatencyRule(newHeader, bound, minimumCalls);
  }

  @Override
  public boolean canJudge(MonitorSnapshot snapshot) {
    long calls = snapshot.latency().count();
    return calls > 0 && calls >= minimumCalls;
  }

  @Override
  public Optional<String> check(MonitorSnapshot snapshot) {
    LatencySummary latency = snapshot.latency();
    if (!canJudge(snapshot) || latency.p99().compareTo(bound) <= 0) {
      return Optional.empty();
    }
    return Optional.of("p99 latency " + Figures.millis(latency.p99()) + " > "
        + Figures.millis(bound) + " over " + Figures.count(latency.count()) + " calls, "
        + Figures.model(snapshot.modelName(), snapshot.version()));
  }

  @Override
  public String toString() {
    return "LatencyRule[" + header() + ", p99 above " + bound + ", minimumCalls=" + minimumCalls
        + "]";
  }
}
