package dev.mlops.drift;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The result of comparing a current dataset with a reference dataset, feature by feature: what
 * monitoring records per window and what retrain policies read.
 *
 * <p>The dataset drifts when the share of drifted features among those tested reaches
 * {@link #driftShareThreshold()} (0.5 by default, as in Evidently).
 *
 * @param features the tested features, in the order of the reference dataset
 * @param skipped features that could not be tested, with the reason
 * @param datasetDrifted whether the share of drifted features reached the threshold
 * @param driftedShare drifted features divided by tested features, 0 when none was tested
 * @param driftShareThreshold the share at or above which the dataset drifts
 * @param referenceRows rows in the reference dataset
 * @param currentRows rows in the current dataset
 * @param approximate true when computed from sketches (profiles), whose statistics estimate those
 *     of the exact tests; false when computed from the values themselves
 * @param computationTime how long the analysis took
 * @param timestamp when the analysis finished, from the analyzer's clock
 * @since 0.1
 */
public record DriftReport(
    List<FeatureDrift> features,
    List<SkippedFeature> skipped,
    boolean datasetDrifted,
    double driftedShare,
    double driftShareThreshold,
    long referenceRows,
    long currentRows,
    boolean approximate,
    Duration computationTime,
    Instant timestamp) {

  /**
   * Copies and validates the report: the share and verdict must agree with the features.
   *
   * @param features the tested features, in the order of the reference dataset
   * @param skipped features that could not be tested, with the reason
   * @param datasetDrifted whether the share of drifted features reached the threshold
   * @param driftedShare drifted features divided by tested features, 0 when none was tested
   * @param driftShareThreshold the share at or above which the dataset drifts
   * @param referenceRows rows in the reference dataset
   * @param currentRows rows in the current dataset
   * @param approximate true when computed from sketches (profiles)
   * @param computationTime how long the analysis took
   * @param timestamp when the analysis finished
   * @throws IllegalArgumentException if a feature appears twice, the share or verdict do not match
   *     the features, the threshold is outside (0, 1], a row count or the time is negative
   */
  public DriftReport {
    features = List.copyOf(features);
    skipped = List.copyOf(skipped);
    Objects.requireNonNull(computationTime, "computationTime");
    Objects.requireNonNull(timestamp, "timestamp");
    Set<String> names = new HashSet<>();
    for (FeatureDrift feature : features) {
      requireUnique(names, feature.feature());
    }
    for (SkippedFeature feature : skipped) {
      requireUnique(names, feature.feature());
    }
    if (!(driftShareThreshold > 0 && driftShareThreshold <= 1)) {
      throw new IllegalArgumentException(
          "driftShareThreshold must be in (0, 1] but was " + driftShareThreshold);
    }
    double expectedShare = shareOf(features);
    if (Math.abs(driftedShare - expectedShare) > 1e-9) {
      throw new IllegalArgumentException(
          "driftedShare " + driftedShare + " does not match the features, which give "
              + expectedShare);
    }
    if (datasetDrifted != isDatasetDrift(features, driftShareThreshold)) {
      throw new IllegalArgumentException(
          "datasetDrifted " + datasetDrifted + " contradicts share " + expectedShare
              + " and threshold " + driftShareThreshold);
    }
    if (referenceRows < 0 || currentRows < 0) {
      throw new IllegalArgumentException("Row counts must not be negative");
    }
    if (computationTime.isNegative()) {
      throw new IllegalArgumentException(
          "computationTime must not be negative but was " + computationTime);
    }
  }

  /**
   * Builds a report, computing the share of drifted features and the dataset verdict.
   *
   * @param features the tested features
   * @param skipped the features that could not be tested
   * @param driftShareThreshold the share at or above which the dataset drifts, in (0, 1]
   * @param referenceRows rows in the reference dataset
   * @param currentRows rows in the current dataset
   * @param approximate whether the statistics come from sketches
   * @param computationTime how long the analysis took
   * @param timestamp when the analysis finished
   * @return the report
   * @throws IllegalArgumentException as the canonical constructor does
   */
  public static DriftReport of(
      List<FeatureDrift> features,
      List<SkippedFeature> skipped,
      double driftShareThreshold,
      long referenceRows,
      long currentRows,
      boolean approximate,
      Duration computationTime,
      Instant timestamp) {
    return new DriftReport(
        features,
        skipped,
        isDatasetDrift(features, driftShareThreshold),
        shareOf(features),
        driftShareThreshold,
        referenceRows,
        currentRows,
        approximate,
        computationTime,
        timestamp);
  }

  /**
   * The entry of one tested feature.
   *
   * @param name the feature name
   * @return the entry, or empty if the feature was not tested
   */
  public Optional<FeatureDrift> feature(String name) {
    return features.stream().filter(f -> f.feature().equals(name)).findFirst();
  }

  /**
   * How many tested features drifted.
   *
   * @return the count
   */
  public int driftedCount() {
    return (int) features.stream().filter(FeatureDrift::drifted).count();
  }

  /**
   * The names of the features that drifted, in report order.
   *
   * @return the names
   */
  public List<String> driftedFeatures() {
    List<String> names = new ArrayList<>();
    for (FeatureDrift feature : features) {
      if (feature.drifted()) {
        names.add(feature.feature());
      }
    }
    return List.copyOf(names);
  }

  /**
   * Each tested feature's score (the statistic of its test), in report order.
   *
   * @return feature name to score, unmodifiable
   */
  public Map<String, Double> driftScores() {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (FeatureDrift feature : features) {
      scores.put(feature.feature(), feature.score());
    }
    return Collections.unmodifiableMap(scores);
  }

  /**
   * Each tested feature's verdict, in report order.
   *
   * @return feature name to verdict, unmodifiable
   */
  public Map<String, Boolean> driftVerdicts() {
    Map<String, Boolean> verdicts = new LinkedHashMap<>();
    for (FeatureDrift feature : features) {
      verdicts.put(feature.feature(), feature.drifted());
    }
    return Collections.unmodifiableMap(verdicts);
  }

  private static void requireUnique(Set<String> names, String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("Feature '" + name + "' appears twice in a drift report");
    }
  }

  private static double shareOf(List<FeatureDrift> features) {
    if (features.isEmpty()) {
      return 0.0;
    }
    long drifted = features.stream().filter(FeatureDrift::drifted).count();
    return (double) drifted / features.size();
  }

  private static boolean isDatasetDrift(List<FeatureDrift> features, double threshold) {
    return !features.isEmpty() && shareOf(features) >= threshold;
  }
}
