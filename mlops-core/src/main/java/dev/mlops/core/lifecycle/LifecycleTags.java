package dev.mlops.core.lifecycle;

/**
 * The registry tags through which the lifecycle records decisions that move no alias. Tag changes
 * are audited with their values, so the audit log holds each decision and its reasons; alias moves
 * carry their reasons themselves.
 *
 * <p>Version tags on a challenger: {@link #RETRAIN_REASONS}, then {@link #GATE_CHAMPION},
 * {@link #GATE_REASONS} and {@link #GATE} (written last, so a reader who sees a verdict also finds
 * its reasons), {@link #PROMOTION} when a promotion lost a compare-and-set race, and
 * {@link #APPROVAL}/{@link #APPROVAL_REASON} for a person's decision (the same tags as
 * {@code mlops models approve|reject}). Model tags: {@link #RETRAIN_LAST},
 * {@link #RETRAIN_REASONS}, {@link #RETRAIN_STATUS} and, while a retrain is being carried out,
 * {@link #RETRAIN_TRIGGER}, which the challenger carries too.
 *
 * @since 0.1
 */
public final class LifecycleTags {

  /** Version tag: the gate's verdict, {@code approved}, {@code rejected}, {@code pending_approval} or {@code error}. */
  public static final String GATE = "mlops.gate";

  /** Version tag: the gate's reasons, joined by {@code "; "}. */
  public static final String GATE_REASONS = "mlops.gate.reasons";

  /** Version tag: the champion version the gate compared with, or {@code none}. */
  public static final String GATE_CHAMPION = "mlops.gate.champion";

  /** Version tag: why an approved challenger was not promoted (a lost compare-and-set race). */
  public static final String PROMOTION = "mlops.promotion";

  /** Version tag: a person's decision, {@code approved} or {@code rejected}. */
  public static final String APPROVAL = "approval";

  /** Version tag: who decided and why, such as {@code rejected by alice: leaks labels}. */
  public static final String APPROVAL_REASON = "approval.reason";

  /** Model and version tag: why the model was retrained, joined by {@code "; "}. */
  public static final String RETRAIN_REASONS = "mlops.retrain.reasons";

  /** Model tag: when the last retraining started (ISO-8601 instant); schedules count from it. */
  public static final String RETRAIN_LAST = "mlops.retrain.last";

  /** Model tag: how the last retraining went: {@code running}, {@code succeeded: version N} or {@code failed: ...}. */
  public static final String RETRAIN_STATUS = "mlops.retrain.status";

  /**
   * Model tag: the retrain being carried out (an id), set once it is decided and deleted once its
   * promotion decision is made; version tag: the retrain that registered the version. A leader
   * that finds it on the model carries that retrain on instead of deciding anew, so each decision
   * trains and promotes once, also when the instance that decided it died.
   */
  public static final String RETRAIN_TRIGGER = "mlops.retrain.trigger";

  private LifecycleTags() {}

  /** Joins reasons into one tag value that fits the registry's limit. */
  static String joined(java.util.List<String> reasons) {
    return fit(String.join("; ", reasons));
  }

  /** Shortens a tag value to the registry's limit, marking the cut. */
  static String fit(String value) {
    int max = dev.mlops.registry.NameRules.MAX_TAG_VALUE_LENGTH;
    return value.length() <= max ? value : value.substring(0, max - 3) + "...";
  }
}
