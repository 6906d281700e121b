package dev.mlops.core.alert;

import dev.mlops.alert.AlertRule;
import dev.mlops.alert.Severity;
import dev.mlops.drift.DriftReport;
import dev.mlops.monitor.MonitorSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Fires when a window's inputs drifted as a whole from the training data: the snapshot's {@link
 * DriftReport#datasetDrifted()} verdict, reached when the share of drifted features reaches the
 * report's threshold. It cannot judge a snapshot without a drift report, with no tested feature, or
 * with fewer rows than {@link #withMinimumRows its minimum}. Created by {@link
 * AlertRules#datasetDrift()}; instances are immutable.
 *
 * <p>Message: {@code dataset drift: 2 of 3 features drifted (66.67% >= 50.00%): tenure_months,
 * plan over 1,200 rows, model churn v3}.
 *
 * @since 0.1
 */
public final class DatasetDriftRule implements AlertRule {

  /** How many drifted features a message names before it says "and N more". */
  private static final int NAMED_FEATURES = 5;

  private final RuleHeader header;
  private final long minimumRows;

  DatasetDriftRule(RuleHeader header, long minimumRows) {
    this.header = header;
    this.minimumRows = RuleHeader.requireNonNegative("minimumRows", minimumRows);
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
   * The least number of rows the window's drift report must be computed from; the default is 0,
   * leaving the decision to the monitor, which reports no drift for windows it finds too small.
   *
   * @return the minimum
   */
  public long minimumRows() {
    return minimumRows;
  }

  /**
   * This rule under another name.
   *
   * @param name the name its alerts carry
   * @return a new rule
   * @throws IllegalArgumentException if the name is blank
   */
  public DatasetDriftRule withName(String name) {
    return new DatasetDriftRule(header.withName(name), minimumRows);
  }

  /**
   * This rule with another severity (the default is {@link Severity#WARNING}).
   *
   * @param severity the severity
   * @return a new rule
   */
  public DatasetDriftRule withSeverity(Severity severity) {
    return new DatasetDriftRule(header.withSeverity(severity), minimumRows);
  }

  /**
   * This rule with another cooldown (the default is one hour).
   *
   * @param cooldown the least time between two firing alerts for one model
   * @return a new rule
   * @throws IllegalArgumentException if the cooldown is negative
   */
  public DatasetDriftRule withCooldown(Duration cooldown) {
    return new DatasetDriftRule(header.withCooldown(cooldown), minimumRows);
  }

  /**
   * This rule judging only drift reports computed from at least this many current rows.
   *
   * @param rows the minimum
   * @return a new rule
   * @throws IllegalArgumentException if the minimum is negative
   */
  public DatasetDriftRule withMinimumRows(long rows) {
    return new DatasetDriftRule(header, rows);
  }

  @Override
  public boolean canJudge(MonitorSnapshot snapshot) {
    DriftReport drift = snapshot.drift();
    return drift != null && !drift.features().isEmpty() && drift.currentRows() >= minimumRows;
  }

  @Override
  public Optional<String> check(MonitorSnapshot snapshot) {
    DriftReport drift = snapshot.drift();
    if (drift == null || !canJudge(snapshot) || !drift.datasetDrifted()) {
      return Optional.empty();
    }
    return Optional.of("dataset drift: " + drift.driftedCount() + " of " + drift.features().size()
        + " features drifted (" + Figures.percent(drift.driftedShare()) + " >= "
        + Figures.percent(drift.driftShareThreshold()) + "): " + named(drift.driftedFeatures())
        + " over " + Figures.count(drift.currentRows()) + " rows, "
        + Figures.model(snapshot.modelName(), snapshot.version()));
  }

  private static String named(List<String> features) {
    if (features.size() <= NAMED_FEATURES) {
      return String.join(", ", features);
    }
    return String.join(", ", features.subList(0, NAMED_FEATURES)) + " and "
        + (features.size() - NAMED_FEATURES) + " more";
  }

  @Override
  public String toString() {
    return "DatasetDriftRule[" + header + ", minimumRows=" + minimumRows + "]";
  }
}
