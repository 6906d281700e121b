package dev.mlops.djl.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.training.TabularDataset;
import dev.mlops.testkit.data.ChurnDataGenerator;
import dev.mlops.testkit.data.ChurnRow;
import dev.mlops.training.TrainedModel;
import org.junit.jupiter.api.Test;

/**
 * A logistic model over two classes is a softmax layer whose two columns get exactly opposite
 * gradients. DJL's {@code Trainer.step()} rejects a first step whose gradients sum to zero, which
 * made such models fail to train for some seeds; the trainer must train them for every seed.
 */
class TwoClassSoftmaxTrainingTest {

  @Test
  void aTwoClassLogisticModelTrainsForEverySeed() {
    TabularDataset.Builder rows =
        TabularDataset.builder(ChurnDataGenerator.features(), ChurnDataGenerator.label());
    for (ChurnRow row : ChurnDataGenerator.builder().seed(42).build().week(0, 6000, 0)) {
      rows.addRow(row.features(), row.churned());
    }
    TabularDataset data = rows.build();
    DjlTabularTrainer trainer =
        DjlTabularTrainer.builder().epochs(8).batchSize(128).learningRate(0.03).build();

    for (long seed = 0; seed < 48; seed++) {
      try (TrainedModel model = trainer.train(data.subset(firstRows(5000 + (int) seed)), seed)) {
        assertThat(model.trainingMetrics().get("training_loss"))
            .as("training loss with seed %d", seed).isFinite().isLessThan(0.6);
      }
    }
  }

  private static int[] firstRows(int count) {
    int[] rows = new int[count];
    for (int i = 0; i < count; i++) {
      rows[i] = i;
    }
    return rows;
  }
}
