package dev.mlops.core.monitor;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.drift.DriftReport;
import dev.mlops.core.estimation.ReferenceScores;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Profiles of a classifier's outputs and of its labels, for score (prediction) drift and target
 * drift: the reference profiles come from the version's hold-out scores and labels ({@link
 * ReferenceScores}), a window's from its sampled predictions and joined outcomes. A binary
 * classifier's output is profiled as the positive class's probability (numeric feature {@value
 * #SCORE}); a classifier of more classes as its predicted class (categorical feature {@value
 * #PREDICTED_CLASS}); labels as categorical feature {@value #LABEL}.
 */
final class OutputProfiles {

  /** The feature of a binary classifier's positive-class probability. */
  static final String SCORE = "score";
  /** The feature of a multi-class classifier's predicted class. */
  static final String PREDICTED_CLASS = "predicted_class";
  /** The feature of the actual class. */
  static final String LABEL = "label";

  private OutputProfiles() {}

  /** An empty profile of a classifier's outputs. */
  static DatasetProfile emptyScores(List<String> classes) {
    return classes.size() == 2
        ? DatasetProfile.builder().numeric(SCORE).build()
        : DatasetProfile.builder().categorical(PREDICTED_CLASS).build();
  }

  /** An empty profile of labels. */
  static DatasetProfile emptyTargets() {
    return DatasetProfile.builder().categorical(LABEL).build();
  }

  /** The reference's output profile: its hold-out rows' scores. */
  static DatasetProfile referenceScores(ReferenceScores reference) {
    DatasetProfile profile = emptyScores(reference.classes());
    for (int row = 0; row < reference.rows(); row++) {
      double[] scores = reference.scores(row);
      addScores(profile, reference.classes(), scores.length == 2 ? scores[1] : Double.NaN,
          argMax(scores));
    }
    return profile;
  }

  /** The reference's label profile: its hold-out rows' labels. */
  static DatasetProfile referenceTargets(ReferenceScores reference) {
    DatasetProfile profile = emptyTargets();
    for (int row = 0; row < reference.rows(); row++) {
      profile.update(Map.of(LABEL, reference.label(row)));
    }
    return profile;
  }

  /**
   * Adds a prediction's scores: one (a binary model's positive probability) or one per class; a
   * prediction whose scores do not fit the classes is left out.
   */
  static void addPrediction(DatasetProfile profile, List<String> classes, List<Double> scores) {
    if (classes.size() == 2 && (scores.size() == 1 || scores.size() == 2)) {
      double positive = scores.get(scores.size() - 1);
      if (positive >= 0 && positive <= 1) {
        addScores(profile, classes, positive, -1);
      }
    } else if (classes.size() > 2 && scores.size() == classes.size()) {
      double[] values = new double[scores.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = scores.get(i);
      }
      addScores(profile, classes, Double.NaN, argMax(values));
    }
  }

  /** Adds a joined outcome, a class name. */
  static void addTarget(DatasetProfile profile, Object actual) {
    profile.update(Map.of(LABEL, actual.toString()));
  }

  private static void addScores(DatasetProfile profile, List<String> classes, double positive,
      int predicted) {
    if (classes.size() == 2) {
      profile.update(Map.of(SCORE, positive));
    } else {
      profile.update(Map.of(PREDICTED_CLASS, classes.get(predicted)));
    }
  }

  /**
   * Compares a window's profile of outputs or labels with the reference's.
   *
   * @return the report, or null without a reference or window profile, with fewer rows than
   *     {@code minRows}, or when the profiles cannot be compared
   */
  static @Nullable DriftReport drift(DriftAnalyzer analyzer, long minRows,
      @Nullable DatasetProfile reference, @Nullable DatasetProfile current) {
    if (reference == null || current == null || current.rows() < minRows) {
      return null;
    }
    try {
      return analyzer.analyze(reference, current);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Merges window profiles (null parts skipped) into a copy; null when all are null. */
  static @Nullable DatasetProfile merged(Iterable<? extends @Nullable DatasetProfile> parts) {
    DatasetProfile merged = null;
    for (DatasetProfile part : parts) {
      if (part != null) {
        if (merged == null) {
          merged = part.copy();
        } else {
          merged.merge(part);
        }
      }
    }
    return merged;
  }

  /** The index of the highest score, the first on ties. */
  private static int argMax(double[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }
}
