package dev.mlops.djl.training;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.training.TrainingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TrainingFailuresTest {

  private static final DjlTabularTrainer TRAINER = DjlTabularTrainer.builder().epochs(2).build();

  @Test
  void aNonNumericValueInANumericColumnNamesTheRowAndFeature() {
    TableDataset data = SyntheticTables.linearlySeparable(20, 1);
    assertThatThrownBy(() -> TRAINER.train(withValue(data, 13, "charges", "cheap"), 1))
        .isInstanceOf(TrainingException.class)
        .hasMessageStartingWith("Training data row 13, feature 'charges': expected FLOAT64 "
            + "(a Number) but got String 'cheap'");
  }

  @Test
  void anUnknownCategoryNamesTheRowAndFeature() {
    TableDataset data = SyntheticTables.linearlySeparable(20, 1);
    assertThatThrownBy(() -> TRAINER.train(withValue(data, 4, "contract", "weekly"), 1))
        .isInstanceOf(TrainingException.class)
        .hasMessage("Training data row 4, feature 'contract': 'weekly' is not one of the "
            + "categories [monthly, yearly, two_year]");
  }

  @Test
  void aMissingRequiredValueNamesTheRowAndFeature() {
    TableDataset data = SyntheticTables.linearlySeparable(20, 1);
    assertThatThrownBy(() -> TRAINER.train(withValue(data, 0, "support", null), 1))
        .isInstanceOf(TrainingException.class)
        .hasMessage("Training data row 0, feature 'support': the feature is missing; the "
            + "signature requires it");
  }

  @Test
  void aNanWhereTheSchemaForbidsItNamesTheRowAndFeature() {
    TableDataset data = SyntheticTables.linearlySeparable(20, 1);
    assertThatThrownBy(() -> TRAINER.train(withValue(data, 7, "charges", Double.NaN), 1))
        .isInstanceOf(TrainingException.class)
        .hasMessageStartingWith("Training data row 7, feature 'charges': NaN is not allowed");
  }

  @Test
  void aTargetOutsideTheClassesNamesTheRow() {
    TableDataset data = SyntheticTables.xor(10, 1);
    List<Object> targets = new ArrayList<>();
    for (int r = 0; r < data.size(); r++) {
      targets.add(r == 6 ? "maybe" : data.target(r));
    }
    TableDataset bad = new TableDataset(data.features(), data.target(), data.rows(), targets);
    assertThatThrownBy(() -> TRAINER.train(bad, 1))
        .isInstanceOf(TrainingException.class)
        .hasMessage("Training data row 6, target 'parity': 'maybe' is not one of the classes "
            + "[even, odd]");
  }

  @Test
  void anEmptyDatasetIsRejected() {
    TableDataset data = SyntheticTables.xor(10, 1);
    assertThatThrownBy(() -> TRAINER.train(data.head(0), 1))
        .isInstanceOf(TrainingException.class)
        .hasMessageStartingWith("The training dataset is empty");
  }

  @Test
  void rowsOfASingleClassAreRejected() {
    TableDataset data = SyntheticTables.xor(10, 1);
    List<Object> targets = new ArrayList<>();
    data.rows().forEach(r -> targets.add("odd"));
    TableDataset single = new TableDataset(data.features(), data.target(), data.rows(), targets);
    assertThatThrownBy(() -> TRAINER.train(single, 1))
        .isInstanceOf(TrainingException.class)
        .hasMessage("Target 'parity' has only the class 'odd' in all 10 training rows; a "
            + "classifier needs rows of at least two classes");
  }

  @Test
  void aFreeTextFeatureIsRejectedNamingIt() {
    TableDataset data = SyntheticTables.xor(10, 1);
    List<FieldSpec> features = List.of(FieldSpec.scalar("a", DataType.FLOAT64),
        FieldSpec.scalar("b", DataType.STRING));
    TableDataset text = new TableDataset(features, data.target(), data.rows(),
        List.of(data.target(0)));
    assertThatThrownBy(() -> TRAINER.train(text, 1))
        .isInstanceOf(TrainingException.class)
        .hasMessageStartingWith("Feature 'b' is free text (STRING)");
  }

  @Test
  void aDivergingLossStopsTrainingNamingTheEpoch() {
    TableDataset data = SyntheticTables.linearRegression(200, 3);
    DjlTabularTrainer absurd = DjlTabularTrainer.builder().epochs(20).learningRate(1e12)
        .optimizer(DjlTabularTrainer.Optimizer.SGD).build();
    assertThatThrownBy(() -> absurd.train(data, 1))
        .isInstanceOf(TrainingException.class)
        .hasMessageMatching("Training diverged in epoch \\d+ \\(batch \\d+\\): the loss is "
            + "(NaN|Infinity); lower the learning rate \\(now 1\\.0E12\\).*");
  }

  private static TableDataset withValue(TableDataset data, int row, String feature,
      @Nullable Object value) {
    List<Map<String, @Nullable Object>> rows = new ArrayList<>();
    for (int r = 0; r < data.size(); r++) {
      Map<String, @Nullable Object> copy = new LinkedHashMap<>(data.features(r));
      if (r == row) {
        copy.put(feature, value);
      }
      rows.add(copy);
    }
    List<Object> targets = new ArrayList<>();
    for (int r = 0; r < data.size(); r++) {
      targets.add(data.target(r));
    }
    return new TableDataset(data.features(), data.target(), rows, targets);
  }
}
