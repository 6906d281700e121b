package dev.mlops.samples.churn;

import dev.mlops.core.comparison.MetricComparison;
import dev.mlops.core.lifecycle.PairedComparisonGate;
import dev.mlops.core.metrics.MetricNames;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.data.ChurnRow;
import dev.mlops.training.Dataset;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The SDK's fair gate ({@link PairedComparisonGate}: challenger and champion scored on the same
 * fresh labelled customers of last week, the improvement required to be significant), with each
 * judgement also kept for the report.
 */
final class FreshDataGate implements PromotionGate {

  private final PairedComparisonGate gate;
  private final Supplier<List<ChurnRow>> freshRows;
  private final IntSupplier week;
  private final List<GateRecord> records;

  FreshDataGate(PairedComparisonGate gate, Supplier<List<ChurnRow>> freshRows, IntSupplier week,
      List<GateRecord> records) {
    this.gate = gate;
    this.freshRows = freshRows;
    this.week = week;
    this.records = records;
  }

  @Override
  public GateDecision evaluate(ModelVersion challenger, Optional<ModelVersion> champion) {
    if (champion.isEmpty()) {
      return gate.evaluate(challenger, champion);
    }
    Dataset rows = LabelledHistory.of(freshRows.get(), "fresh labelled customers of last week").fetch();
    List<MetricComparison> comparisons = gate.compare(challenger, champion.get(), rows);
    GateDecision decision = gate.decide(rows.size(), comparisons);
    MetricComparison accuracy = comparisons.stream()
        .filter(c -> c.metric().equals(MetricNames.ACCURACY)).findFirst().orElseThrow();
    records.add(new GateRecord(week.getAsInt(), challenger.version(), champion.get().version(),
        accuracy.challenger(), accuracy.champion(), decision.approved(), String.join("; ", decision.reasons())));
    return decision;
  }
}
