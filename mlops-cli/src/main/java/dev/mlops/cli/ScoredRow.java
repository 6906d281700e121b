package dev.mlops.cli;

import dev.mlops.predict.FeatureContributions;
import dev.mlops.predict.Prediction;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An input record and its prediction, or no prediction when the predictor rejected the record.
 *
 * @param row the input record
 * @param prediction the prediction, or null if rejected (the record then carries the error)
 * @param contributions with {@code --explain}, the prediction's feature contributions, else empty
 */
record ScoredRow(InputRow row, @Nullable Prediction prediction,
    List<FeatureContributions> contributions) {

  /** A row scored without contributions. */
  ScoredRow(InputRow row, @Nullable Prediction prediction) {
    this(row, prediction, List.of());
  }
}
