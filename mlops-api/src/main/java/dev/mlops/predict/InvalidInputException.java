package dev.mlops.predict;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * An input does not match the model's signature: a missing or unknown feature, a wrong type, a
 * forbidden NaN or infinity, or a wrong shape. Raised before any native call; the predictor keeps
 * serving.
 *
 * @since 0.1
 */
public class InvalidInputException extends MlopsException {

  private static final long serialVersionUID = 1L;

  private final String modelName;
  private final int version;
  private final @Nullable String feature;
  private final int rowIndex;

  /**
   * Creates the exception.
   *
   * @param modelName the model that rejected the input
   * @param version its version
   * @param feature the feature or tensor at fault, or null if the input as a whole is wrong
   * @param rowIndex the index of the bad row in a batch, or -1 for a single input
   * @param problem what is wrong, such as "expected FLOAT32 but got String"
   */
  public InvalidInputException(
      String modelName, int version, @Nullable String feature, int rowIndex, String problem) {
    super("Invalid input for model '" + modelName + "' version " + version
        + (rowIndex >= 0 ? ", row " + rowIndex : "")
        + (feature != null ? ", feature '" + feature + "'" : "") + ": " + problem);
    this.modelName = modelName;
    this.version = version;
    this.feature = feature;
    this.rowIndex = rowIndex;
  }

  /**
   * The model that rejected the input.
   *
   * @return the model name
   */
  public String modelName() {
    return modelName;
  }

  /**
   * The version that rejected the input.
   *
   * @return the version number
   */
  public int version() {
    return version;
  }

  /**
   * The feature or tensor at fault.
   *
   * @return the name, or null if the input as a whole is wrong
   */
  public @Nullable String feature() {
    return feature;
  }

  /**
   * The index of the bad row in a batch.
   *
   * @return the row index, or -1 for a single input
   */
  public int rowIndex() {
    return rowIndex;
  }
}
