package dev.mlops.core.alert;

import dev.mlops.alert.AlertRule;
import dev.mlops.alert.Severity;
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
public final class LatencyRule implements AlertRule {

  /** Measured calls a window needs unless set otherwise. */
  public static final long DEFAULT_MINIMUM_CALLS = 30;

  private final RuleHeader header;
  private final Duration bound;
  private final long minimumCalls;

  LatencyRule(RuleHeader header, Duration bound, long minimumCalls) {
    this.header = header;
    Objects.requireNonNull(bound, "bound");
    if (bound.isNegative() || bound.isZero()) {
      throw new IllegalArgumentException("A latency bound must be positive but was " + bound);
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
   * This rule under another name.
   *
   * @param name the name its alerts carry
   * @return a new rule
   * @throws IllegalArgumentException if the name is blank
   */
  public LatencyRule withName(String name) {
    return new LatencyRule(header.withName(name), bound, minimumCalls);
  }

  /**
   * This rule with another severity (the default is {@link Severity#WARNING}).
   *
   * @param severity the severity
   * @return a new rule
   */
  public LatencyRule withSeverity(Severity severity) {
    return new LatencyRule(header.withSeverity(severity), bound, minimumCalls);
  }

  /**
   * This rule with another cooldown (the default is one hour).
   *
   * @param cooldown the least time between two firing alerts for one model
   * @return a new rule
   * @throws IllegalArgumentException if the cooldown is negative
   */
  public LatencyRule withCooldown(Duration cooldown) {
    return new LatencyRule(header.withCooldown(cooldown), bound, minimumCalls);
  }

  /**
   * This rule judging only windows with at least this many measured calls (never fewer than one).
   *
   * @param calls the minimum
   * @return a new rule
   * @throws IllegalArgumentException if the minimum is negative
   */
  public LatencyRule withMinimumCalls(long calls) {
    return new LatencyRule(header, bound, calls);
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
    return "LatencyRule[" + header + ", p99 above " + bound + ", minimumCalls=" + minimumCalls
        + "]";
  }
}
