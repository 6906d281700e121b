package dev.mlops.lifecycle;

import java.util.List;
import java.util.Objects;

/**
 * A promotion gate's verdict on a challenger, with the reasons, which are logged and written to
 * the audit trail ("accuracy 0.871 >= champion 0.842 + 0.01").
 *
 * @param verdict approve, reject, or wait for a person's approval
 * @param reasons why, at least one
 * @since 0.1
 */
public record GateDecision(Verdict verdict, List<String> reasons) {

  /**
   * A gate's verdict.
   *
   * @since 0.1
   */
  public enum Verdict {
    /** Promote the challenger now. */
    APPROVE,
    /** Do not promote the challenger. */
    REJECT,
    /** Give the challenger a staging alias and wait for a person to approve or reject it. */
    PENDING_APPROVAL
  }

  /**
   * Validates and copies the reasons.
   *
   * @param verdict the verdict
   * @param reasons why, at least one
   * @throws IllegalArgumentException if no reason is given
   */
  public GateDecision {
    Objects.requireNonNull(verdict, "verdict");
    reasons = List.copyOf(reasons);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("A gate decision needs at least one reason");
    }
  }

  /**
   * An approval.
   *
   * @param reasons why
   * @return the decision
   */
  public static GateDecision approve(List<String> reasons) {
    return new GateDecision(Verdict.APPROVE, reasons);
  }

  /**
   * A rejection.
   *
   * @param reasons why
   * @return the decision
   */
  public static GateDecision reject(List<String> reasons) {
    return new GateDecision(Verdict.REJECT, reasons);
  }

  /**
   * Whether the challenger may be promoted now.
   *
   * @return true for {@link Verdict#APPROVE}
   */
  public boolean approved() {
    return verdict == Verdict.APPROVE;
  }
}
