package dev.mlops.core.monitor;

import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The panes of one version, by index, and its meters. Guarded by the monitor's fold lock.
 */
final class VersionState {

  final int version;
  final VersionInfo info;
  final VersionMeters meters;
  final TreeMap<Long, Pane> panes = new TreeMap<>();
  final VersionDetectors detectors;
  boolean warnedAboutRows;
  /** The version's most recent closed window, whose figures the gauges show; null before one. */
  @Nullable ClosedWindow lastClosed;
  /** Whether outcomes joined the last closed window since its gauges were set. */
  boolean lastClosedOutcomes;

  private final double threshold;

  VersionState(int version, VersionInfo info, VersionMeters meters, double threshold,
      VersionDetectors detectors) {
    this.version = version;
    this.info = info;
    this.meters = meters;
    this.threshold = threshold;
    this.detectors = detectors;
  }

  Pane pane(long index) {
    return panes.computeIfAbsent(index, i -> new Pane(version, i, meters,
        info.emptyWindowProfile(), outcomeMetrics(), info.emptyEstimates(), info.emptyScores(),
        info.emptyTargets()));
  }

  /** An empty performance accumulator for this version's output. */
  OutcomeMetrics outcomeMetrics() {
    return OutcomeMetrics.forClasses(info.classes(), threshold);
  }

  /**
   * What a score-stream detector is fed for a prediction: a binary classifier's positive-class
   * probability, another classifier's top probability, a regression model's predicted value; NaN
   * without scores (which detectors refuse).
   */
  double streamScore(List<Double> scores) {
    List<String> classes = info.classes();
    if (scores.isEmpty()) {
      return Double.NaN;
    }
    if (classes.size() == 2) {
      return scores.size() == 1 ? scores.get(0) : scores.get(1);
    }
    return classes.size() > 2 ? Collections.max(scores) : scores.get(0);
  }

  /**
   * What an error-stream detector is fed for a joined outcome that passed the outcome check: 1 if
   * a classifier predicted another class than the actual one (at the decision threshold for a
   * binary classifier), else 0; a regression model's absolute error.
   */
  double streamError(double[] scores, Object actual) {
    List<String> classes = info.classes();
    if (classes.size() < 2) {
      return Math.abs(scores[0] - ((Number) actual).doubleValue());
    }
    int predicted;
    if (classes.size() == 2) {
      double positive = scores.length == 1 ? scores[0] : scores[1];
      double t = Double.isNaN(threshold) ? ClassificationOutcomes.DEFAULT_THRESHOLD : threshold;
      predicted = positive >= t ? 1 : 0;
    } else {
      predicted = argmax(scores);
    }
    return classes.get(predicted).equals(actual) ? 0.0 : 1.0;
  }

  private static int argmax(double[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }
}
