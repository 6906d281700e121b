package dev.mlops.registry;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * A model, a version or an alias that the caller referred to does not exist in the registry.
 *
 * @since 0.1
 */
public class ModelNotFoundException extends MlopsException {

  private static final long serialVersionUID = 1L;

  private final String modelName;
  private final @Nullable String reference;

  /**
   * Creates the exception for a missing model, or for a missing version or alias of a model.
   *
   * @param modelName the model that was looked up
   * @param reference what was looked up within the model ("version 7", "alias production"), or
   *     null when the model itself does not exist
   */
  public ModelNotFoundException(String modelName, @Nullable String reference) {
    super(reference == null
        ? "Model '" + modelName + "' does not exist in this registry. Register a version first."
        : "Model '" + modelName + "' has no " + reference + ".");
    this.modelName = modelName;
    this.reference = reference;
  }

  /**
   * The model that was looked up.
   *
   * @return the model name
   */
  public String modelName() {
    return modelName;
  }

  /**
   * What was looked up within the model, such as {@code "version 7"}.
   *
   * @return the missing reference, or null when the model itself is missing
   */
  public @Nullable String reference() {
    return reference;
  }
}
