package dev.mlops.core.alert;

import dev.mlops.alert.Severity;
import java.time.Duration;
import java.util.Objects;

/**
 * What every built-in rule has: its name, severity and cooldown.
 *
 * @param name the rule's name, carried by its alerts
 * @param severity how urgent its alerts are
 * @param cooldown the least time between two firing alerts of the rule for one model
 */
record RuleHeader(String name, Severity severity, Duration cooldown) {

  /** The cooldown of built-in rules unless set: one hour. */
  static final Duration DEFAULT_COOLDOWN = Duration.ofHours(1);

  RuleHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(cooldown, "cooldown");
    if (name.isBlank()) {
      throw new IllegalArgumentException("A rule's name must not be blank");
    }
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown must not be negative but was " + cooldown);
    }
  }

  static RuleHeader of(String name, Severity severity) {
    return new RuleHeader(name, severity, DEFAULT_COOLDOWN);
  }

  RuleHeader withName(String newName) {
    return new RuleHeader(newName, severity, cooldown);
  }

  RuleHeader withSeverity(Severity newSeverity) {
    return new RuleHeader(name, newSeverity, cooldown);
  }

  RuleHeader withCooldown(Duration newCooldown) {
    return new RuleHeader(name, severity, newCooldown);
  }

  static long requireNonNegative(String what, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must not be negative but was " + value);
    }
    return value;
  }

  static double requireFinite(String what, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " must be a finite number but was " + value);
    }
    return value;
  }
}
