package dev.mlops.core.comparison;

import dev.mlops.core.monitor.JoinedOutcome;
import dev.mlops.predict.Prediction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The labelled outcomes of a canary deployment, per model version: each side of the canary
 * answered its own calls, and once their actual classes are known they are recorded here, so that
 * the versions can be compared ({@link ModelComparisons#unpaired}) and the canary rolled back or
 * promoted.
 *
 * <pre>{@code
 * CanaryOutcomes outcomes = new CanaryOutcomes(List.of("no", "yes"));
 * Prediction p = deployment.predict(row);       // answered by the champion or the canary
 * // later, when the outcome is known:
 * outcomes.record(p, "yes");
 * MetricComparison accuracy = outcomes.compare("accuracy", 3, 4);
 * }</pre>
 *
 * <p>When the deployment is monitored, the monitor's join of (possibly late) outcomes can feed the
 * record instead of the application: {@code monitor.onOutcomeJoined(outcomes::record)}; each
 * outcome then counts for the version that made its prediction.
 *
 * <p>Each version keeps at most {@code maxRowsPerVersion} rows (8 bytes per class and 4 per row);
 * later outcomes of a full version are counted as dropped. Thread-safe.
 *
 * @since 0.1
 */
public final class CanaryOutcomes {

  /** The rows kept per version unless the constructor says otherwise. */
  public static final int DEFAULT_MAX_ROWS_PER_VERSION = 1_000_000;

  private final List<String> classes;
  private final @Nullable String positiveClass;
  private final int maxRowsPerVersion;
  private final Map<Integer, LabelledScores> byVersion = new HashMap<>();
  private final Map<Integer, Long> dropped = new HashMap<>();
  /** The rows of a version with no outcome yet; never added to. */
  private final LabelledScores none;

  /**
   * Creates an empty record over the classes the models score, in that order; for two classes the
   * second is positive.
   *
   * @param classes the class labels, in the order of every version's scores
   * @throws IllegalArgumentException if there are fewer than two classes or a class repeats
   * @since 0.1
   */
  public CanaryOutcomes(List<String> classes) {
    this(classes, classes.size() == 2 ? classes.get(1) : null, DEFAULT_MAX_ROWS_PER_VERSION);
  }

  /**
   * Creates an empty record with an explicit positive class and bound.
   *
   * @param classes the class labels, in the order of every version's scores
   * @param positiveClass the class ROC AUC ranks by, or null to compare accuracy only
   * @param maxRowsPerVersion the rows kept per version, at least 1
   * @throws IllegalArgumentException if there are fewer than two classes, a class repeats, the
   *     positive class is not one of them, or the bound is not positive
   * @since 0.1
   */
  public CanaryOutcomes(List<String> classes, @Nullable String positiveClass, int maxRowsPerVersion) {
    this.none = new LabelledScores(classes, positiveClass);
    if (maxRowsPerVersion < 1) {
      throw new IllegalArgumentException("maxRowsPerVersion must be positive but was " + maxRowsPerVersion);
    }
    this.classes = List.copyOf(classes);
    this.positiveClass = positiveClass;
    this.maxRowsPerVersion = maxRowsPerVersion;
  }

  /**
   * Records the actual class of a prediction, for the version that made it. The prediction's scores
   * must be the class probabilities in the order of the classes given at construction.
   *
   * @param prediction the prediction, as the deployment returned it
   * @param actual the actual class
   * @throws IllegalArgumentException if the actual class is unknown or the scores do not match the
   *     classes; nothing is recorded then
   * @since 0.1
   */
  public void record(Prediction prediction, String actual) {
    Objects.requireNonNull(prediction, "prediction");
    double[] scores = prediction.scores().stream().mapToDouble(Double::doubleValue).toArray();
    record(prediction.version(), scores, actual);
  }

  /**
   * Records an outcome a {@link dev.mlops.core.monitor.ModelMonitor} joined to its prediction, for
   * the version that made it: {@code monitor.onOutcomeJoined(outcomes::record)}. A binary model's
   * single score is the probability of the second class.
   *
   * @param outcome the joined outcome
   * @throws IllegalArgumentException if the actual value is not a class name, the class is
   *     unknown, or the scores do not match the classes; nothing is recorded then
   * @since 0.1
   */
  public void record(JoinedOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    if (!(outcome.actual() instanceof String actual)) {
      throw new IllegalArgumentException("The outcome of prediction " + outcome.predictionId()
          + " (version " + outcome.version() + ") is " + outcome.actual()
          + ", not a class name: canary outcomes compare classifiers");
    }
    List<Double> list = outcome.scores();
    double[] scores;
    if (list.size() == 1 && classes.size() == 2) {
      scores = new double[] {1 - list.get(0), list.get(0)};
    } else {
      scores = list.stream().mapToDouble(Double::doubleValue).toArray();
    }
    record(outcome.version(), scores, actual);
  }

  /**
   * Records the actual class of a row a version scored.
   *
   * @param version the version that answered
   * @param probabilities its class probabilities, in the order of the classes
   * @param actual the actual class
   * @throws IllegalArgumentException if the actual class is unknown or the probabilities do not
   *     match the classes; nothing is recorded then
   * @since 0.1
   */
  public synchronized void record(int version, double[] probabilities, String actual) {
    LabelledScores scores = byVersion.get(version);
    if (scores == null) {
      scores = new LabelledScores(classes, positiveClass);
    }
    if (scores.size() >= maxRowsPerVersion) {
      dropped.merge(version, 1L, Long::sum);
      return;
    }
    scores.add(probabilities, actual);
    byVersion.putIfAbsent(version, scores);
  }

  /**
   * How many outcomes of a version are recorded.
   *
   * @param version the version
   * @return the count, 0 for a version never recorded
   * @since 0.1
   */
  public synchronized int count(int version) {
    LabelledScores scores = byVersion.get(version);
    return scores == null ? 0 : scores.size();
  }

  /**
   * How many outcomes of a version were not kept because it already had {@code
   * maxRowsPerVersion}.
   *
   * @param version the version
   * @return the count
   * @since 0.1
   */
  public synchronized long dropped(int version) {
    return dropped.getOrDefault(version, 0L);
  }

  /**
   * Compares a challenger's recorded outcomes with the champion's.
   *
   * @param metric {@code accuracy} or {@code roc_auc}
   * @param champion the champion's version
   * @param challenger the challenger's version
   * @return the comparison, by the tests for different rows
   * @throws IllegalArgumentException if the metric cannot be compared, a version has no recorded
   *     outcome, or (ROC AUC) a version's outcomes lack a class or there is no positive class
   * @since 0.1
   */
  public synchronized MetricComparison compare(String metric, int champion, int challenger) {
    return ModelComparisons.unpaired(metric, rows(champion), rows(challenger));
  }

  private LabelledScores rows(int version) {
    return byVersion.getOrDefault(version, none);
  }
}
