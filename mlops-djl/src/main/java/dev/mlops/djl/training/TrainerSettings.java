package dev.mlops.djl.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link DjlTabularTrainer}'s hyperparameters, validated by its builder.
 *
 * @param hiddenLayers hidden layer sizes; empty for a logistic or linear model
 * @param epochs the most passes over the training rows
 * @param batchSize rows per gradient step
 * @param learningRate the optimizer's step size
 * @param optimizer Adam or SGD
 * @param weightDecay the L2 penalty the optimizer applies to every parameter
 * @param validationFraction the share of rows held out for early stopping; 0 for none
 * @param patience epochs without a better validation loss before training stops
 */
record TrainerSettings(List<Integer> hiddenLayers, int epochs, int batchSize, double learningRate,
    DjlTabularTrainer.Optimizer optimizer, double weightDecay, double validationFraction,
    int patience) {

  TrainerSettings {
    hiddenLayers = List.copyOf(hiddenLayers);
  }

  boolean earlyStopping() {
    return validationFraction > 0;
  }

  /** The settings as text, in a fixed order, as recorded and hashed into lineage. */
  Map<String, String> asText() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("trainer", "djl-tabular");
    out.put("model", hiddenLayers.isEmpty() ? "linear" : "mlp");
    out.put("hidden_layers", hiddenLayers.stream().map(String::valueOf)
        .collect(Collectors.joining(",")));
    out.put("activation", "relu");
    out.put("epochs", String.valueOf(epochs));
    out.put("batch_size", String.valueOf(batchSize));
    out.put("learning_rate", String.valueOf(learningRate));
    out.put("optimizer", optimizer.name().toLowerCase(java.util.Locale.ROOT));
    out.put("weight_decay", String.valueOf(weightDecay));
    out.put("validation_fraction", String.valueOf(validationFraction));
    out.put("patience", String.valueOf(patience));
    out.put("engine", "PyTorch");
    return out;
  }
}
