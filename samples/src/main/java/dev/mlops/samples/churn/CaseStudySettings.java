package dev.mlops.samples.churn;

import dev.mlops.testkit.data.DriftKind;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The size and story of a case-study run.
 *
 * @param outputDirectory where everything is written: the registry, the reports, the logs
 * @param weeks how many simulated weeks to run, at least 3
 * @param driftOnsetWeek the first week with drift, from 1 to {@code weeks - 1}
 * @param driftKind what drifts
 * @param severity how strongly, from 0 to 1
 * @param trafficPerWeek prediction calls per simulated week
 * @param historyRows labelled rows of history the first model is trained on
 * @param holdoutRows labelled rows of last week that the gate judges challengers on
 * @param trainingWeeks how many recent labelled weeks a retrain uses
 * @param applicationThreads threads of the application calling the model
 * @param epochs training epochs of each model
 * @param seed the seed of the data and of training
 * @since 0.1
 */
public record CaseStudySettings(
    Path outputDirectory,
    int weeks,
    int driftOnsetWeek,
    DriftKind driftKind,
    double severity,
    int trafficPerWeek,
    int historyRows,
    int holdoutRows,
    int trainingWeeks,
    int applicationThreads,
    int epochs,
    long seed) {

  /**
   * Validates the settings.
   *
   * @param outputDirectory where everything is written
   * @param weeks how many simulated weeks
   * @param driftOnsetWeek the first week with drift
   * @param driftKind what drifts
   * @param severity how strongly
   * @param trafficPerWeek prediction calls per week
   * @param historyRows rows the first model is trained on
   * @param holdoutRows rows the gate judges on
   * @param trainingWeeks labelled weeks per retrain
   * @param applicationThreads application threads
   * @param epochs training epochs
   * @param seed the seed
   * @throws IllegalArgumentException if a number is out of range, naming it
   */
  public CaseStudySettings {
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    Objects.requireNonNull(driftKind, "driftKind");
    require(weeks >= 3, "weeks must be at least 3 but was " + weeks);
    require(driftOnsetWeek >= 1 && driftOnsetWeek < weeks,
        "driftOnsetWeek must be between 1 and weeks - 1 (" + (weeks - 1) + ") but was " + driftOnsetWeek);
    require(severity >= 0 && severity <= 1, "severity must be between 0 and 1 but was " + severity);
    require(trafficPerWeek >= 100, "trafficPerWeek must be at least 100 but was " + trafficPerWeek);
    require(historyRows >= 100, "historyRows must be at least 100 but was " + historyRows);
    require(holdoutRows >= 100, "holdoutRows must be at least 100 but was " + holdoutRows);
    require(trainingWeeks >= 1, "trainingWeeks must be at least 1 but was " + trainingWeeks);
    require(applicationThreads >= 1, "applicationThreads must be at least 1 but was " + applicationThreads);
    require(epochs >= 1, "epochs must be at least 1 but was " + epochs);
  }

  /**
   * The default run: 12 weeks, drift of both kinds at severity 0.8 from week 5, 3000 calls a week
   * on 8 threads. A few minutes on a laptop.
   *
   * @param outputDirectory where to write
   * @return the settings
   */
  public static CaseStudySettings standard(Path outputDirectory) {
    return new CaseStudySettings(outputDirectory, 12, 5, DriftKind.BOTH, 0.8, 3_000, 6_000, 2_000, 2,
        8, 8, 42);
  }

  /**
   * A small run for tests: 7 weeks, drift from week 3, 800 calls a week on 4 threads.
   *
   * @param outputDirectory where to write
   * @return the settings
   */
  public static CaseStudySettings small(Path outputDirectory) {
    return new CaseStudySettings(outputDirectory, 7, 3, DriftKind.BOTH, 0.8, 800, 2_000, 1_000, 2, 4,
        8, 42);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
