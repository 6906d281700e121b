package dev.mlops.core.alert;

import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import dev.mlops.drift.SkippedFeature;
import dev.mlops.monitor.EstimatedPerformance;
import dev.mlops.monitor.LatencySummary;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Monitor snapshots and drift reports for tests, built fluently. */
final class Snapshots {

  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private String model = "churn";
  private int version = 3;
  private Instant end = T0.plus(Duration.ofMinutes(1));
  private long predictions = 1_000;
  private long errors;
  private LatencySummary latency = LatencySummary.empty();
  private @Nullable DriftReport drift;
  private final Map<String, Double> metrics = new HashMap<>();
  private long joined;
  private EstimatedPerformance estimated = EstimatedPerformance.unavailable("not estimated");
  private @Nullable DriftReport scoreDrift;
  private @Nullable DriftReport targetDrift;

  static Snapshots snapshot() {
    return new Snapshots();
  }

  /** A one-minute window ending {@code minute} minutes after {@link #T0}. */
  static Snapshots atMinute(long minute) {
    return snapshot().endingAt(T0.plus(Duration.ofMinutes(minute)));
  }

  Snapshots model(String name, int v) {
    model = name;
    version = v;
    return this;
  }

  Snapshots endingAt(Instant at) {
    end = at;
    return this;
  }

  Snapshots calls(long total, long failed) {
    predictions = total;
    errors = failed;
    return this;
  }

  Snapshots p99(long calls, Duration p99) {
    Duration p50 = p99.dividedBy(4);
    latency = new LatencySummary(calls, p50, p99.dividedBy(2), p99, p99.multipliedBy(2));
    return this;
  }

  Snapshots drift(@Nullable DriftReport report) {
    drift = report;
    return this;
  }

  Snapshots metric(String name, double value, long labelled) {
    metrics.put(name, value);
    joined = labelled;
    return this;
  }

  /** An estimate over {@code rows} predictions with a band of 0.03 either side. */
  Snapshots estimated(String name, double value, long rows) {
    estimated = new EstimatedPerformance(rows, Map.of(name, value), Map.of(name, value - 0.03),
        Map.of(name, value + 0.03), null);
    return this;
  }

  Snapshots outputDrift(@Nullable DriftReport scores, @Nullable DriftReport targets) {
    scoreDrift = scores;
    targetDrift = targets;
    return this;
  }

  Snapshots labelled(long labelled) {
    joined = labelled;
    return this;
  }

  MonitorSnapshot build() {
    return new MonitorSnapshot(model, version, end.minus(Duration.ofMinutes(1)), end, true,
        predictions, errors, Math.min(predictions, 1_000), latency, drift, metrics, Map.of(),
        new OutcomeCounts(joined, 0, 0, 0, 0), estimated, scoreDrift, targetDrift);
  }

  /** A report over {@code rows} current rows, with the default 0.5 drift share threshold. */
  static DriftReport report(long rows, FeatureDrift... features) {
    return DriftReport.of(List.of(features), List.of(), 0.5, 5_000, rows, true, Duration.ZERO, T0);
  }

  /** A report where {@code feature} could not be tested and only {@code tested} was. */
  static DriftReport reportSkipping(String feature, long rows, FeatureDrift tested) {
    return DriftReport.of(List.of(tested),
        List.of(new SkippedFeature(feature, FeatureKind.NUMERIC, "no present values", 5_000, 0,
            0, rows)),
        0.5, 5_000, rows, true, Duration.ZERO, T0);
  }

  /** A Kolmogorov-Smirnov result: drifted when p &lt; 0.05. */
  static FeatureDrift ks(String feature, double statistic, double p) {
    DriftResult result = new DriftResult(feature, "ks", statistic, p, 0.05, null, p < 0.05);
    return new FeatureDrift(feature, FeatureKind.NUMERIC, result, "test", null, 5_000, 1_000, 0,
        0, null);
  }

  /** A distance without p-value: drifted at 0.1 or more. */
  static FeatureDrift wasserstein(String feature, double distance) {
    DriftResult result =
        new DriftResult(feature, "wasserstein", distance, null, 0.1, null, distance >= 0.1);
    return new FeatureDrift(feature, FeatureKind.NUMERIC, result, "test", null, 5_000, 1_000, 0,
        0, null);
  }
}
