package dev.mlops.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.training.TrainingException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HoldoutSplitTest {

  /** 900 rows of class "a", 90 of "b", 10 of "c", interleaved. */
  private static TabularDataset imbalanced() {
    TabularDataset.Builder b = TabularDataset.builder(
        List.of(FieldSpec.scalar("i", DataType.INT32)), FieldSpec.categorical("y", List.of()));
    for (int i = 0; i < 1000; i++) {
      b.addRow(Map.of("i", i), i % 100 == 0 ? "c" : i % 10 == 0 ? "b" : "a");
    }
    return b.build();
  }

  private static long count(TabularDataset data, int[] rows, String label) {
    return Arrays.stream(rows).filter(r -> data.target(r).equals(label)).count();
  }

  @Test
  void eachClassContributesItsShareToTheHoldoutSet() {
    TabularDataset data = imbalanced();

    HoldoutSplit split = HoldoutSplit.of(data, 0.25, 7);

    assertThat(count(data, split.holdout(), "a")).isEqualTo(Math.round(0.25 * 900));
    assertThat(count(data, split.holdout(), "b")).isEqualTo(Math.round(0.25 * 90));
    assertThat(count(data, split.holdout(), "c")).isEqualTo(Math.round(0.25 * 10));
  }

  @Test
  void theTwoPartsAreDisjointAscendingAndCoverEveryRow() {
    HoldoutSplit split = HoldoutSplit.of(imbalanced(), 0.2, 1);

    int[] all = IntStream.concat(Arrays.stream(split.training()), Arrays.stream(split.holdout()))
        .sorted().toArray();
    assertThat(all).isEqualTo(IntStream.range(0, 1000).toArray());
    assertThat(split.training()).isSorted();
    assertThat(split.holdout()).isSorted();
  }

  @Test
  void theSameSeedGivesTheSameSplitAndAnotherSeedAnotherOne() {
    TabularDataset data = imbalanced();

    assertThat(HoldoutSplit.of(data, 0.2, 42).holdout())
        .isEqualTo(HoldoutSplit.of(data, 0.2, 42).holdout())
        .isNotEqualTo(HoldoutSplit.of(data, 0.2, 43).holdout());
  }

  @Test
  void aRareClassKeepsARowForTraining() {
    TabularDataset.Builder b = TabularDataset.builder(
        List.of(FieldSpec.scalar("i", DataType.INT32)), FieldSpec.categorical("y", List.of()));
    for (int i = 0; i < 20; i++) {
      b.addRow(Map.of("i", i), i == 0 ? "rare" : "common");
    }
    TabularDataset data = b.build();

    HoldoutSplit split = HoldoutSplit.of(data, 0.9, 3);

    assertThat(count(data, split.training(), "rare")).isEqualTo(1);
    assertThat(count(data, split.training(), "common")).isEqualTo(19 - Math.round(0.9 * 19));
  }

  @Test
  void regressionRowsAreSplitWithoutStrata() {
    TabularDataset data = SyntheticData.houses(101, 5);

    HoldoutSplit split = HoldoutSplit.of(data, 0.3, 5);

    assertThat(split.holdout()).hasSize(30);
    assertThat(split.training()).hasSize(71);
  }

  @Test
  void tooFewRowsForBothPartsIsATrainingException() {
    TabularDataset one = SyntheticData.houses(1, 5);

    assertThatThrownBy(() -> HoldoutSplit.of(one, 0.2, 1))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("Cannot split 1 rows")
        .hasMessageContaining("one of them would be empty");
  }
}
