package dev.mlops.core.alert;

import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.monitor.MonitorSnapshot;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Fires when one feature drifted: its test's verdict ({@link AlertRules#featureDrifted}), its
 * score (the test's statistic or distance) above a bound ({@link
 * AlertRules#featureDriftScoreAbove}), or both ({@link #andDrifted()}). Scores of different tests
 * are on different scales (a Kolmogorov-Smirnov statistic, a normalised Wasserstein distance, a
 * PSI), so a score bound suits a feature whose test is fixed in the drift analyzer. It cannot judge
 * a snapshot without a drift report, one where the feature was not tested (absent or skipped), or
 * one computed from fewer rows than {@link #withMinimumRows its minimum}. Instances are immutable.
 *
 * <p>Message: {@code feature tenure_months drift score 0.31 > 0.20 (ks, p=1.20e-05, drifted) over
 * 1,200 rows, model churn v3}.
 *
 * @since 0.1
 */
public final class FeatureDriftRule extends BuiltInAlertRule<FeatureDriftRule> {

  private final String feature;
  private final @Nullable Double scoreBound;
  private final boolean verdictRequired;
  private final long minimumRows;

  FeatureDriftRule(
      RuleHeader header,
      String feature,
      @Nullable Double scoreBound,
      boolean verdictRequired,
      long minimumRows) {
    super(header);
    this.feature = Objects.requireNonNull(feature, "feature");
    if (scoreBound != null) {
      RuleHeader.requireFinite("The drift score bound of feature '" + feature + "'", scoreBound);
    }
    this.scoreBound = scoreBound;
    this.verdictRequired = verdictRequired;
    this.minimumRows = RuleHeader.requireNonNegative("minimumRows", minimumRows);
  }

  /**
   * The feature this rule watches.
   *
   * @return its name
   */
  public String feature() {
    return feature;
  }

  /**
   * The score the feature's drift score must exceed, if this rule compares scores.
   *
   * @return the bound, or empty for a rule on the verdict alone
   */
  public Optional<Double> scoreBound() {
    return Optional.ofNullable(scoreBound);
  }

  /**
   * Whether the feature's test must also have found drift.
   *
   * @return true for {@link AlertRules#featureDrifted} and after {@link #andDrifted()}
   */
  public boolean verdictRequired() {
    return verdictRequired;
  }

  /**
   * This rule judging only drift reports computed from at least this many current rows (the
   * default is 0, leaving the decision to the monitor).
   *
   * @param rows the minimum
   * @return a new rule
   * @throws IllegalArgumentException if the minimum is negative
   */
  public FeatureDriftRule withMinimumRows(long rows) {
    return new FeatureDriftRule(header(), feature, scoreBound, verdictRequired, rows);
  }

  /**
   * This score rule firing only when the feature's test also found drift, so that a large score
   * on a tiny sample, which the test does not call significant, stays quiet.
   *
   * @return a new rule
   */
  public FeatureDriftRule andDrifted() {
    return new FeatureDriftRule(header(), feature, scoreBound, true, minimumRows);
  }

  @Override
  FeatureDriftRule withHeader(RuleHeader newHeader) {
    return new FeatureDriftRule(newHeader, feature, scoreBound, verdictRequired, minimumRows);
  }

  @Override
  public boolean canJudge(MonitorSnapshot snapshot) {
    DriftReport drift = snapshot.drift();
    return drift != null && drift.currentRows() >= minimumRows
        && drift.feature(feature).isPresent();
  }

  @Override
  public Optional<String> check(MonitorSnapshot snapshot) {
    DriftReport drift = snapshot.drift();
    if (drift == null || !canJudge(snapshot)) {
      return Optional.empty();
    }
    FeatureDrift entry = drift.feature(feature).orElseThrow();
    boolean aboveBound = scoreBound == null || entry.score() > scoreBound;
    boolean verdictMet = !verdictRequired || entry.drifted();
    if (!aboveBound || !verdictMet) {
      return Optional.empty();
    }
    String observed = scoreBound == null
        ? "feature " + feature + " drifted (" + test(entry.result()) + ")"
        : "feature " + feature + " drift score " + Figures.value(entry.score()) + " > "
            + Figures.value(scoreBound) + " (" + entry.method() + pValue(entry.result())
            + (entry.drifted() ? ", drifted" : ", below the test's threshold") + ")";
    return Optional.of(observed + " over " + Figures.count(drift.currentRows()) + " rows, "
        + Figures.model(snapshot.modelName(), snapshot.version()));
  }

  private static String test(DriftResult result) {
    Double p = result.pValue();
    return p == null
        ? result.method() + " " + Figures.value(result.statistic()) + " >= threshold "
            + Figures.value(result.threshold())
        : result.method() + " " + Figures.value(result.statistic()) + ", p="
            + Figures.pValue(p) + " < " + Figures.value(result.threshold());
  }

  private static String pValue(DriftResult result) {
    Double p = result.pValue();
    return p == null ? "" : ", p=" + Figures.pValue(p);
  }

  @Override
  public String toString() {
    return "FeatureDriftRule[" + header() + ", feature=" + feature + ", scoreBound=" + scoreBound
        + ", verdictRequired=" + verdictRequired + ", minimumRows=" + minimumRows + "]";
  }
}
