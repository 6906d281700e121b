package dev.mlops.djl.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.mlops.djl.internal.NetworkDefaults;
import dev.mlops.djl.internal.TabularNetDescription;
import dev.mlops.djl.internal.TabularNetDescription.Architecture;
import dev.mlops.djl.internal.TabularNetDescription.FeatureEncoding;
import dev.mlops.djl.internal.TabularNetDescription.TargetEncoding;
import dev.mlops.djl.internal.TabularNetLoader;
import dev.mlops.djl.internal.TabularPreprocessor;
import dev.mlops.internal.SetOnce;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import dev.mlops.training.Dataset;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Trains tabular classifiers and regressors on DJL's PyTorch engine: a logistic (classification)
 * or linear (regression) model without hidden layers, or a multilayer perceptron with ReLU hidden
 * layers. Classification minimises softmax cross-entropy over the target's categories; regression
 * minimises the squared error of the standardised target.
 *
 * <pre>{@code
 * Trainer trainer = DjlTabularTrainer.builder().hiddenLayers(16, 8).epochs(30).build();
 * try (TrainedModel model = trainer.train(dataset, 42)) {
 *   model.save(directory); // format "djl", served by DjlPredictors
 * }
 * }</pre>
 *
 * <p><b>Preprocessing</b> is learned from the training rows and saved with the model, so serving
 * applies exactly the same: numeric features are standardised with the training mean and standard
 * deviation (a constant feature becomes 0), booleans are 0 and 1, categorical features are one-hot
 * encoded over the categories the schema declares. A missing optional value (or NaN/infinity where
 * the schema allows it) is imputed: the training mean for numbers and booleans, all zeros for a
 * category. A category outside the schema's list is an error, in training and at serving.
 *
 * <p><b>Reproducibility</b>: the same data, configuration and seed give bit-identical parameters
 * and predictions. Initial weights and shuffling come from a {@link java.util.Random} seeded with
 * the seed (the engine's generator is seeded too), training runs on the CPU, and the tensors of a
 * tabular network are too small for PyTorch to split work across threads. See
 * {@code docs/djl-trainer.md}.
 *
 * <p>Needs {@code ai.djl.pytorch:pytorch-engine}, {@code pytorch-native-cpu} for the platform and
 * {@code pytorch-jni} on the class path. Instances are immutable and thread-safe; each
 * {@link #train} call trains its own model.
 *
 * @since 0.1
 */
public final class DjlTabularTrainer implements Trainer {

  static {
    NetworkDefaults.applyToSystem();
  }

  private final TrainerSettings settings;

  private DjlTabularTrainer(TrainerSettings settings) {
    this.settings = settings;
  }

  /**
   * Starts configuring a trainer. Defaults: no hidden layers, 20 epochs, batches of 32, learning
   * rate 0.01, Adam, no weight decay, no early stopping (patience 5 once a validation fraction is
   * set).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains a model.
   *
   * @param training the rows to fit
   * @param seed the seed of the initial weights and of every shuffle
   * @return the trained model; the caller closes it
   * @throws TrainingException if the dataset is empty, has a column the trainer cannot encode, a
   *     value that does not fit its column (naming the row and feature), a classification target
   *     with fewer than two classes present, if the PyTorch engine is missing, or if the loss
   *     stops being finite (naming the epoch)
   */
  @Override
  public TrainedModel train(Dataset training, long seed) {
    Objects.requireNonNull(training, "training");
    TrainingTable table = TrainingTable.of(training);
    List<FeatureEncoding> encodings = table.fitEncodings();
    TargetEncoding target = table.fitTarget();
    boolean classification = training.classification();
    TabularPreprocessor preprocessor = new TabularPreprocessor(encodings);
    Architecture architecture = new Architecture(preprocessor.width(), settings.hiddenLayers(),
        "relu", classification ? target.classes().size() : 1);
    float[] x = preprocessor.apply(table.raw(), table.rows());
    float[] y = new float[table.rows()];
    for (int r = 0; r < y.length; r++) {
      double t = table.targets()[r];
      y[r] = (float) (classification ? t : (t - target.center()) / target.scale());
    }
    NetworkFit.Result result = new NetworkFit(settings, architecture, classification)
        .fit(x, y, seed);
    Model model = result.model();
    model.setProperty("Epoch", "0");
    TabularNetDescription description = new TabularNetDescription(
        TabularNetDescription.FORMAT_VERSION,
        classification ? TabularNetDescription.CLASSIFICATION : TabularNetDescription.REGRESSION,
        encodings, target, architecture,
        TabularNetDescription.PARAMETER_PREFIX + "-0000.params", Engine.getDjlVersion(),
        TabularNetLoader.ENGINE);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("training_loss", result.trainingLoss());
    metrics.put("epochs", (double) result.epochs());
    if (result.validationLoss() != null) {
      metrics.put("validation_loss", result.validationLoss());
    }
    Map<String, String> parameters = new LinkedHashMap<>(settings.asText());
    parameters.put("model", settings.hiddenLayers().isEmpty()
        ? (classification ? "logistic" : "linear") : "mlp");
    parameters.put("seed", String.valueOf(seed));
    return new DjlTrainedModel(model, description, signature(training), parameters, metrics);
  }

  /**
   * The configuration: trainer, model kind, hidden layers, activation, epochs, batch size, learning
   * rate, optimizer, weight decay, validation fraction, patience and engine, in that order.
   *
   * @return parameter name to value
   */
  @Override
  public Map<String, String> configuration() {
    return settings.asText();
  }

  /** The dataset's features as inputs, the classes (or one value) as the output, one example. */
  private static ModelSignature signature(Dataset data) {
    FieldSpec output = data.classification()
        ? FieldSpec.tensor("probabilities", DataType.FLOAT32, data.target().categories().size())
            .withCategories(data.target().categories())
        : FieldSpec.tensor("prediction", DataType.FLOAT32, 1);
    List<Map<String, Object>> example = new ArrayList<>();
    for (int r = 0; r < data.size() && example.isEmpty(); r++) {
      Map<String, @Nullable Object> row = data.features(r);
      if (!row.containsValue(null)) {
        Map<String, Object> copy = new LinkedHashMap<>();
        row.forEach((k, v) -> copy.put(k, Objects.requireNonNull(v)));
        example.add(copy);
      }
    }
    return new ModelSignature(data.features(), List.of(output), example);
  }

  /**
   * Configures a {@link DjlTabularTrainer}.
   *
   * @since 0.1
   */
  public static final class Builder {

    private List<Integer> hiddenLayers = List.of();
    private int epochs = 20;
    private int batchSize = 32;
    private double learningRate = 0.01;
    private Optimizer optimizer = Optimizer.ADAM;
    private double weightDecay;
    private double validationFraction;
    private int patience = 5;
    private final Set<String> given = new HashSet<>();

    private Builder() {}

    /**
     * Sets the hidden layer sizes; none (the default) trains a logistic or linear model.
     *
     * @param sizes the sizes, in order
     * @return this builder
     * @throws IllegalArgumentException if a size is not positive
     * @throws IllegalStateException if already set
     */
    public Builder hiddenLayers(int... sizes) {
      List<Integer> list = new ArrayList<>();
      for (int s : sizes) {
        if (s <= 0) {
          throw new IllegalArgumentException("Hidden layer sizes must be positive, got " + s);
        }
        list.add(s);
      }
      SetOnce.mark(given, "hiddenLayers");
      this.hiddenLayers = List.copyOf(list);
      return this;
    }

    /**
     * Sets the most passes over the training rows (fewer with early stopping).
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder epochs(int value) {
      int checked = positive("epochs", value);
      SetOnce.mark(given, "epochs");
      this.epochs = checked;
      return this;
    }

    /**
     * Sets the rows per gradient step.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder batchSize(int value) {
      int checked = positive("batchSize", value);
      SetOnce.mark(given, "batchSize");
      this.batchSize = checked;
      return this;
    }

    /**
     * Sets the optimizer's step size.
     *
     * @param value a positive finite number
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     * @throws IllegalStateException if already set
     */
    public Builder learningRate(double value) {
      if (!(value > 0) || !Double.isFinite(value)) {
        throw new IllegalArgumentException("learningRate must be positive and finite, got "
            + value);
      }
      SetOnce.mark(given, "learningRate");
      this.learningRate = value;
      return this;
    }

    /**
     * Sets the optimizer.
     *
     * @param value Adam (the default) or SGD
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder optimizer(Optimizer value) {
      Objects.requireNonNull(value, "optimizer");
      SetOnce.mark(given, "optimizer");
      this.optimizer = value;
      return this;
    }

    /**
     * Sets the L2 weight decay the optimizer applies to the parameters.
     *
     * @param value 0 (the default) or more
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     * @throws IllegalStateException if already set
     */
    public Builder weightDecay(double value) {
      if (!(value >= 0) || !Double.isFinite(value)) {
        throw new IllegalArgumentException("weightDecay must be 0 or more, got " + value);
      }
      SetOnce.mark(given, "weightDecay");
      this.weightDecay = value;
      return this;
    }

    /**
     * Turns on early stopping: this share of the training rows (chosen with the seed) is held out,
     * training stops once the loss on them has not improved for {@code patience} epochs, and the
     * parameters of the best epoch are kept.
     *
     * @param fraction the held-out share, above 0 and below 0.5
     * @param patience epochs without improvement before stopping, at least 1
     * @return this builder
     * @throws IllegalArgumentException if the fraction or patience is out of range
     * @throws IllegalStateException if already set
     */
    public Builder earlyStopping(double fraction, int patience) {
      if (!(fraction > 0 && fraction < 0.5)) {
        throw new IllegalArgumentException("The validation fraction must be above 0 and below "
            + "0.5, got " + fraction);
      }
      int checkedPatience = positive("patience", patience);
      SetOnce.mark(given, "earlyStopping");
      this.validationFraction = fraction;
      this.patience = checkedPatience;
      return this;
    }

    /**
     * Builds the trainer.
     *
     * @return the trainer
     */
    public DjlTabularTrainer build() {
      return new DjlTabularTrainer(new TrainerSettings(hiddenLayers, epochs, batchSize,
          learningRate, optimizer, weightDecay, validationFraction, patience));
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, got " + value);
      }
      return value;
    }
  }

  /**
   * The optimizer that updates the parameters.
   *
   * @since 0.1
   */
  public enum Optimizer {
    /** Adam with DJL's default moments (beta1 0.9, beta2 0.999). */
    ADAM,
    /** Plain stochastic gradient descent, without momentum. */
    SGD
  }
}
