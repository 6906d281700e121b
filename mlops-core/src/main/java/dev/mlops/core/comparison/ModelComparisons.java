package dev.mlops.core.comparison;

import dev.mlops.core.metrics.MetricNames;
import java.util.List;
import java.util.Objects;

/**
 * Compares two classifiers' accuracy or ROC AUC with a significance test:
 *
 * <ul>
 *   <li>{@linkplain #paired on the same rows} (a fresh labelled sample scored by both): McNemar's
 *       test for accuracy ({@link McNemarTest}), DeLong's paired test for ROC AUC ({@link
 *       DeLongTest#paired});
 *   <li>{@linkplain #unpaired on different rows} (each side of a canary answered its own calls):
 *       the pooled two-proportion z-test for accuracy, DeLong's test for independent samples for
 *       ROC AUC ({@link DeLongTest#unpaired}).
 * </ul>
 *
 * @since 0.1
 */
public final class ModelComparisons {

  /** The metrics that can be compared: accuracy and ROC AUC. */
  public static final List<String> METRICS = List.of(MetricNames.ACCURACY, MetricNames.ROC_AUC);

  private ModelComparisons() {}

  /**
   * Compares two models scored on the same rows, in the same order.
   *
   * @param metric {@code accuracy} or {@code roc_auc}
   * @param champion the champion's scores
   * @param challenger the challenger's scores on the same rows
   * @param variant how McNemar's p-value is computed (accuracy only)
   * @return the comparison
   * @throws IllegalArgumentException if the metric cannot be compared, the rows differ in number,
   *     classes or actual classes, there is no row, or (ROC AUC) the rows lack a positive class or
   *     one of the two classes
   * @since 0.1
   */
  public static MetricComparison paired(String metric, LabelledScores champion,
      LabelledScores challenger, McNemarTest.Variant variant) {
    checkMetric(metric);
    Objects.requireNonNull(variant, "variant");
    checkSameRows(champion, challenger);
    int n = champion.size();
    if (metric.equals(MetricNames.ACCURACY)) {
      long onlyChallenger = 0;
      long onlyChampion = 0;
      for (int row = 0; row < n; row++) {
        boolean a = champion.correct(row);
        boolean b = challenger.correct(row);
        onlyChallenger += b && !a ? 1 : 0;
        onlyChampion += a && !b ? 1 : 0;
      }
      return new MetricComparison(metric, "McNemar " + describe(variant), champion.accuracy(),
          challenger.accuracy(), McNemarTest.pValue(onlyChallenger, onlyChampion, variant),
          McNemarTest.pValue(onlyChampion, onlyChallenger, variant),
          "challenger alone right on " + onlyChallenger + " of " + n + " rows, champion alone on "
              + onlyChampion);
    }
    DeLongTest.Result result = DeLongTest.paired(champion.positiveScores(),
        challenger.positiveScores(), champion.positives());
    return new MetricComparison(metric, "DeLong", result.championAuc(), result.challengerAuc(),
        result.pValueBetter(), result.pValueWorse(),
        n + " rows, standard error of the difference " + (float) result.standardError());
  }

  /**
   * Compares two models measured on different rows.
   *
   * @param metric {@code accuracy} or {@code roc_auc}
   * @param champion the champion's scores on its rows
   * @param challenger the challenger's scores on its rows
   * @return the comparison
   * @throws IllegalArgumentException if the metric cannot be compared, a side has no row, or (ROC
   *     AUC) a side lacks a positive class or one of the two classes
   * @since 0.1
   */
  public static MetricComparison unpaired(String metric, LabelledScores champion,
      LabelledScores challenger) {
    checkMetric(metric);
    if (champion.size() == 0 || challenger.size() == 0) {
      throw new IllegalArgumentException("both sides need labelled rows, but the champion has "
          + champion.size() + " and the challenger " + challenger.size());
    }
    String rows = champion.size() + " champion and " + challenger.size() + " challenger rows";
    if (metric.equals(MetricNames.ACCURACY)) {
      double z = ProportionTest.z(champion.correctCount(), champion.size(),
          challenger.correctCount(), challenger.size());
      return new MetricComparison(metric, "two-proportion z", champion.accuracy(),
          challenger.accuracy(), ProportionTest.greater(z), ProportionTest.greater(-z), rows);
    }
    DeLongTest.Result result = DeLongTest.unpaired(champion.positiveScores(), champion.positives(),
        challenger.positiveScores(), challenger.positives());
    return new MetricComparison(metric, "DeLong unpaired", result.championAuc(),
        result.challengerAuc(), result.pValueBetter(), result.pValueWorse(), rows);
  }

  private static String describe(McNemarTest.Variant variant) {
    return switch (variant) {
      case EXACT -> "exact";
      case MID_P -> "mid-p";
      case CONTINUITY_CORRECTED -> "continuity-corrected";
    };
  }

  static void checkMetric(String metric) {
    if (!METRICS.contains(Objects.requireNonNull(metric, "metric"))) {
      throw new IllegalArgumentException("Metric '" + metric + "' cannot be compared with a significance"
          + " test; comparable metrics: " + String.join(", ", METRICS));
    }
  }

  private static void checkSameRows(LabelledScores champion, LabelledScores challenger) {
    if (!champion.classes().equals(challenger.classes())) {
      throw new IllegalArgumentException("the two models' rows have different classes: "
          + champion.classes() + " and " + challenger.classes());
    }
    if (!Objects.equals(champion.positiveClass(), challenger.positiveClass())) {
      throw new IllegalArgumentException("the two models' rows have different positive classes: "
          + champion.positiveClass() + " and " + challenger.positiveClass());
    }
    if (champion.size() != challenger.size()) {
      throw new IllegalArgumentException("a paired comparison needs the same rows, but the champion has "
          + champion.size() + " and the challenger " + challenger.size());
    }
    if (champion.size() == 0) {
      throw new IllegalArgumentException("there are no labelled rows to compare the models on");
    }
    for (int row = 0; row < champion.size(); row++) {
      if (champion.actual(row) != challenger.actual(row)) {
        throw new IllegalArgumentException("row " + row + " has actual class '"
            + champion.classes().get(champion.actual(row)) + "' for the champion but '"
            + challenger.classes().get(challenger.actual(row)) + "' for the challenger; pair the same rows");
      }
    }
  }
}
