package dev.mlops.samples.churn;

import dev.mlops.core.metrics.ClassificationReport;
import dev.mlops.core.metrics.MetricNames;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.data.ChurnRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Judges a challenger against the champion on the same fresh labelled rows (a sample of last week,
 * which neither model trained on), then applies a metric-threshold gate to those fresh figures
 * rather than to the figures each model was registered with, which came from different data.
 */
final class FreshHoldoutGate implements PromotionGate {

  private final DjlPredictors predictors;
  private final Supplier<List<ChurnRow>> freshRows;
  private final PromotionGate thresholds;
  private final IntSupplier week;
  private final List<GateRecord> records;

  FreshHoldoutGate(DjlPredictors predictors, Supplier<List<ChurnRow>> freshRows,
      PromotionGate thresholds, IntSupplier week, List<GateRecord> records) {
    this.predictors = predictors;
    this.freshRows = freshRows;
    this.thresholds = thresholds;
    this.week = week;
    this.records = records;
  }

  @Override
  public GateDecision evaluate(ModelVersion challenger, Optional<ModelVersion> champion) {
    List<ChurnRow> rows = freshRows.get();
    ModelVersion judgedChallenger = withFreshMetrics(challenger, rows);
    Optional<ModelVersion> judgedChampion = champion.map(c -> withFreshMetrics(c, rows));
    GateDecision decision = thresholds.evaluate(judgedChallenger, judgedChampion);
    List<String> reasons = new ArrayList<>();
    reasons.add("judged on " + rows.size() + " fresh labelled customers of last week");
    reasons.addAll(decision.reasons());
    double challengerAccuracy = judgedChallenger.metrics().get(MetricNames.ACCURACY);
    double championAccuracy = judgedChampion.map(c -> c.metrics().get(MetricNames.ACCURACY)).orElse(Double.NaN);
    records.add(new GateRecord(week.getAsInt(), challenger.version(),
        champion.map(ModelVersion::version).orElse(null), challengerAccuracy, championAccuracy,
        decision.approved(), String.join("; ", decision.reasons())));
    return new GateDecision(decision.verdict(), reasons);
  }

  /** The version as registered, with its metrics replaced by those measured on the fresh rows. */
  private ModelVersion withFreshMetrics(ModelVersion version, List<ChurnRow> rows) {
    Scores scores;
    try (Predictor<Map<String, Object>, Prediction> model = predictors.load(version.uri())) {
      scores = Scores.of(model, rows);
    }
    ClassificationReport report = scores.report();
    Map<String, Double> fresh = new LinkedHashMap<>(report.toMap());
    return new ModelVersion(version.name(), version.version(), version.format(), version.artifacts(),
        version.signature(), fresh, version.params(), version.tags(), version.lineage(),
        version.status(), version.aliases(), version.description(), version.createdAt(),
        version.createdBy());
  }
}
