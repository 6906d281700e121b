package dev.mlops.core.alert;

import dev.mlops.drift.DriftReport;
import dev.mlops.monitor.MonitorSnapshot;
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
public final class DatasetDriftRule extends BuiltInAlertRule<DatasetDriftRule> {

  /** How many drifted features a message names before it says "and N more". */
  private static final int NAMED_FEATURES = 5;

  private final long minimumRows;

  DatasetDriftRule(RuleHeader header, long minimumRows) {
    super(header);
    this.minimumRows = RuleHeader.requireNonNegative("minimumRows", minimumRows);
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
   * This rule judging only drift reports computed from at least this many current rows.
   *
   * @param rows the minimum
   * @return a new rule
   * @throws IllegalArgumentException if the minimum is negative
   */
  public DatasetDriftRule withMinimumRows(long rows) {
    return new DatasetDriftRule(header(), rows);
  }

  @Override
  DatasetDriftRule withHeader(RuleHeader newHeader) {
    return new DatasetDriftRule(newHeader, minimumRows);
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
    return "DatasetDriftRule[" + header() + ", minimumRows=" + minimumRows + "]";
  }
}
