package dev.mlops.core.alert;

import dev.mlops.alert.AlertRule;
import dev.mlops.alert.Severity;
import java.time.Duration;

/**
 * What every built-in alert rule shares: its name, severity and cooldown, and the fluent copies
 * that change one of them. Rules are immutable; each {@code with...} method returns a new rule of
 * the same type. Only the rules of this package extend it (created by {@link AlertRules}).
 *
 * @param <R> the rule's own type, returned by the fluent copies
 * @since 0.1
 */
public abstract class BuiltInAlertRule<R extends BuiltInAlertRule<R>> implements AlertRule {

  private final RuleHeader header;

  BuiltInAlertRule(RuleHeader header) {
    this.header = header;
  }

  @Override
  public final String name() {
    return header.name();
  }

  @Override
  public final Severity severity() {
    return header.severity();
  }

  @Override
  public final Duration cooldown() {
    return header.cooldown();
  }

  /**
   * This rule under another name.
   *
   * @param name the name its alerts carry
   * @return a new rule
   * @throws IllegalArgumentException if the name is blank
   * @throws NullPointerException if the name is null
   */
  public final R withName(String name) {
    return withHeader(header.withName(name));
  }

  /**
   * This rule with another severity (each rule's default is given by the {@link AlertRules}
   * method that creates it).
   *
   * @param severity the severity
   * @return a new rule
   * @throws NullPointerException if the severity is null
   */
  public final R withSeverity(Severity severity) {
    return withHeader(header.withSeverity(severity));
  }

  /**
   * This rule with another cooldown (the default is one hour).
   *
   * @param cooldown the least time between two firing alerts of the rule for one model
   * @return a new rule
   * @throws IllegalArgumentException if the cooldown is negative
   * @throws NullPointerException if the cooldown is null
   */
  public final R withCooldown(Duration cooldown) {
    return withHeader(header.withCooldown(cooldown));
  }

  final RuleHeader header() {
    return header;
  }

  /** The same rule with another header: the one place each rule copies itself. */
  abstract R withHeader(RuleHeader newHeader);
}
