package dev.mlops.core.alert;

import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.monitor.MonitorSnapshot;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Fires when a window's model outputs ({@link MonitorSnapshot#scoreDrift()}, {@link
 * AlertRules#scoreDrift()}) or its joined labels ({@link MonitorSnapshot#targetDrift()}, {@link
 * AlertRules#targetDrift()}) drifted from those of the version's reference scores. It cannot judge
 * a window without that report (no reference scores, too few predictions or labels) or with fewer
 * rows than {@link #withMinimumRows its minimum}. Instances are immutable.
 *
 * <p>Message: {@code score drift: ks 0.31 over 1,500 predictions, model churn v3}.
 *
 * @since 0.1
 */
public final class OutputDriftRule extends BuiltInAlertRule<OutputDriftRule> {

  /** Which output a rule watches. */
  enum Part {
    SCORE("score drift", "predictions"),
    TARGET("target drift", "labels");

    private final String title;
    private final String rows;

    Part(String title, String rows) {
      this.title = title;
      this.rows = rows;
    }
  }

  private final Part part;
  private final long minimumRows;

  OutputDriftRule(RuleHeader header, Part part, long minimumRows) {
    super(header);
    this.part = part;
    this.minimumRows = RuleHeader.requireNonNegative("minimumRows", minimumRows);
  }

  /**
   * This rule judging only reports over at least this many rows (default 0: the monitor already
   * needs its {@code minRowsForDrift}).
   *
   * @param rows the minimum
   * @return a new rule
   * @throws IllegalArgumentException if the minimum is negative
   * @since 0.1
   */
  public OutputDriftRule withMinimumRows(long rows) {
    return new OutputDriftRule(header(), part, rows);
  }

  @Override
  OutputDriftRule withHeader(RuleHeader newHeader) {
    return new OutputDriftRule(newHeader, part, minimumRows);
  }

  @Override
  public boolean canJudge(MonitorSnapshot snapshot) {
    DriftReport report = report(snapshot);
    return report != null && !report.features().isEmpty() && report.currentRows() >= minimumRows;
  }

  @Override
  public Optional<String> check(MonitorSnapshot snapshot) {
    DriftReport report = report(snapshot);
    if (report == null || !canJudge(snapshot) || !report.datasetDrifted()) {
      return Optional.empty();
    }
    FeatureDrift feature = report.features().get(0);
    return Optional.of(part.title + ": " + feature.method() + " " + Figures.value(feature.score())
        + " over " + Figures.count(report.currentRows()) + " " + part.rows + ", "
        + Figures.model(snapshot.modelName(), snapshot.version()));
  }

  private @Nullable DriftReport report(MonitorSnapshot snapshot) {
    return part == Part.SCORE ? snapshot.scoreDrift() : snapshot.targetDrift();
  }

  @Override
  public String toString() {
    return "OutputDriftRule[" + header() + ", " + part + ", minimumRows=" + minimumRows + "]";
  }
}
