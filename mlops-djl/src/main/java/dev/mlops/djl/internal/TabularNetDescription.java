package dev.mlops.djl.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.registry.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code model.json} of a {@code djl} artifact says: the task, how each raw feature becomes
 * network inputs (learned from the training data), how the network's outputs become scores, the
 * network's architecture, and the name of DJL's parameter file beside it. Everything needed to
 * rebuild the block and apply exactly the training-time preprocessing.
 *
 * @param formatVersion the layout version of this file, {@value #FORMAT_VERSION} today
 * @param task {@code classification} or {@code regression}
 * @param features the raw features in signature order with their encodings
 * @param target how outputs become scores
 * @param architecture the network
 * @param parameterFile DJL's parameter file in the same directory, written by {@code Model.save}
 * @param djlVersion the DJL version that wrote the parameters
 * @param engine the engine the parameters were trained on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TabularNetDescription(
    int formatVersion,
    String task,
    List<FeatureEncoding> features,
    TargetEncoding target,
    Architecture architecture,
    String parameterFile,
    String djlVersion,
    String engine) {

  /** The name of the description file in a {@code djl} artifact directory. */
  public static final String FILE_NAME = "model.json";
  /** The prefix DJL's {@code Model.save} and {@code Model.load} use for the parameter file. */
  public static final String PARAMETER_PREFIX = "model";
  /** The layout version this SDK writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** The task value for classifiers. */
  public static final String CLASSIFICATION = "classification";
  /** The task value for regressors. */
  public static final String REGRESSION = "regression";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if the task is unknown, the parameter file is not named
   *     {@code model-NNNN.params}, or the widths do not add up
   */
  public TabularNetDescription {
    features = List.copyOf(features);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(architecture, "architecture");
    if (parameterFile == null || !parameterFile.matches(PARAMETER_PREFIX + "-\\d{4}\\.params")) {
      // DJL finds the file by its prefix; anything else (a path, another name) is not ours.
      throw new IllegalArgumentException("parameterFile is '" + parameterFile + "'; expected "
          + PARAMETER_PREFIX + "-NNNN.params beside " + FILE_NAME);
    }
    if (!CLASSIFICATION.equals(task) && !REGRESSION.equals(task)) {
      throw new IllegalArgumentException("task is '" + task + "'; expected '" + CLASSIFICATION
          + "' or '" + REGRESSION + "'");
    }
    int width = features.stream().mapToInt(FeatureEncoding::width).sum();
    if (width != architecture.inputWidth()) {
      throw new IllegalArgumentException("the features encode to " + width
          + " network inputs but the architecture takes " + architecture.inputWidth());
    }
    int outputs = CLASSIFICATION.equals(task) ? target.classes().size() : 1;
    if (outputs != architecture.outputWidth()) {
      throw new IllegalArgumentException("the target needs " + outputs
          + " network outputs but the architecture has " + architecture.outputWidth());
    }
  }

  /**
   * Whether the network classifies.
   *
   * @return true for classification
   */
  public boolean classification() {
    return CLASSIFICATION.equals(task);
  }

  /**
   * Writes this description as {@value #FILE_NAME} in a directory.
   *
   * @param directory the artifact directory
   * @throws IOException if it cannot be written
   */
  public void write(Path directory) throws IOException {
    Files.write(directory.resolve(FILE_NAME), JSON.writeValueAsBytes(this));
  }

  /**
   * Reads a description.
   *
   * @param file the {@value #FILE_NAME} file
   * @return the description
   * @throws IOException if it cannot be read or parsed
   * @throws IllegalArgumentException if its content is inconsistent or of another layout version
   */
  public static TabularNetDescription read(Path file) throws IOException {
    TabularNetDescription d = JSON.readValue(file.toFile(), TabularNetDescription.class);
    if (d.formatVersion() != FORMAT_VERSION) {
      throw new IllegalArgumentException("layout version " + d.formatVersion()
          + " is not supported; this SDK reads version " + FORMAT_VERSION);
    }
    return d;
  }

  /**
   * How one raw feature becomes network inputs.
   *
   * <ul>
   *   <li>{@link Encoding#STANDARDIZE}: {@code (x - center) / scale}; a missing value (null or
   *       non-finite) becomes {@code center}, hence 0.
   *   <li>{@link Encoding#BOOLEAN}: 0 or 1; a missing value becomes {@code center}, the share of
   *       true in the training data.
   *   <li>{@link Encoding#ONE_HOT}: one input per category; a missing value is all zeros.
   * </ul>
   *
   * @param name the feature name
   * @param type the raw type, as in the signature
   * @param encoding how it is encoded
   * @param center the training mean (standardised and boolean features), else 0
   * @param scale the training standard deviation, 1 for a constant feature (standardised), else 1
   * @param categories the categories of a one-hot feature, in signature order; else empty
   */
  public record FeatureEncoding(String name, DataType type, Encoding encoding, double center,
      double scale, List<String> categories) {

    /**
     * Copies the categories.
     *
     * @throws IllegalArgumentException if the scale is not a positive finite number
     */
    public FeatureEncoding {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(encoding, "encoding");
      categories = categories == null ? List.of() : List.copyOf(categories);
      if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(center)) {
        throw new IllegalArgumentException("feature '" + name + "' has center " + center
            + " and scale " + scale + "; both must be finite and the scale positive");
      }
    }

    /**
     * The number of network inputs this feature takes.
     *
     * @return 1, or the number of categories for one-hot
     */
    public int width() {
      return encoding == Encoding.ONE_HOT ? categories.size() : 1;
    }
  }

  /** The encodings of {@link FeatureEncoding}. */
  public enum Encoding {
    /** Centred and scaled by the training mean and standard deviation. */
    STANDARDIZE,
    /** 0 or 1. */
    BOOLEAN,
    /** One input per category. */
    ONE_HOT
  }

  /**
   * How network outputs become scores: softmax over the classes, or {@code y * scale + center} for
   * a regression target standardised during training.
   *
   * @param name the target column
   * @param classes the classes in output order; empty for regression
   * @param center the training mean of a regression target, else 0
   * @param scale the training standard deviation of a regression target (1 if constant), else 1
   */
  public record TargetEncoding(String name, List<String> classes, double center, double scale) {

    /** Copies the classes. */
    public TargetEncoding {
      Objects.requireNonNull(name, "name");
      classes = classes == null ? List.of() : List.copyOf(classes);
    }
  }

  /**
   * A multilayer perceptron: fully connected layers of the given sizes with an activation between
   * them, then a linear output layer; no hidden layers is a linear (or logistic) model.
   *
   * @param inputWidth the number of network inputs
   * @param hiddenLayers the hidden layer sizes, in order
   * @param activation the activation after each hidden layer, {@code relu}
   * @param outputWidth the number of outputs
   */
  public record Architecture(int inputWidth, List<Integer> hiddenLayers, String activation,
      int outputWidth) {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if a size is not positive or the activation is unknown
     */
    public Architecture {
      hiddenLayers = hiddenLayers == null ? List.of() : List.copyOf(hiddenLayers);
      if (inputWidth <= 0 || outputWidth <= 0 || hiddenLayers.stream().anyMatch(h -> h <= 0)) {
        throw new IllegalArgumentException("layer sizes must be positive: input " + inputWidth
            + ", hidden " + hiddenLayers + ", output " + outputWidth);
      }
      if (!"relu".equals(activation)) {
        throw new IllegalArgumentException("activation '" + activation + "' is unknown; "
            + "expected 'relu'");
      }
    }
  }
}
