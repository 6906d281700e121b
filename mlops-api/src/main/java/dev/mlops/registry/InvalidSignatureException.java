package dev.mlops.registry;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * The signature given for registration contradicts the model file: an input or output it declares
 * is not in the model, has another type or size, or the model has an input the signature lacks.
 * Nothing is stored.
 *
 * @since 0.1
 */
public class InvalidSignatureException extends MlopsException {

  private static final long serialVersionUID = 1L;

  private final String modelName;
  private final @Nullable String field;

  /**
   * Creates the exception.
   *
   * @param modelName the model being registered
   * @param file the model file the signature was checked against
   * @param field the first input or output that differs, or null if the problem is not one field's
   * @param problem what differs and what to do
   */
  public InvalidSignatureException(String modelName, String file, @Nullable String field,
      String problem) {
    super("Cannot register model '" + modelName + "': its signature does not match " + file + ": "
        + problem);
    this.modelName = modelName;
    this.field = field;
  }

  /**
   * The model being registered.
   *
   * @return the model name
   */
  public String modelName() {
    return modelName;
  }

  /**
   * The first input or output of the signature or the model that differs.
   *
   * @return its name, or null if the problem is not one field's
   */
  public @Nullable String field() {
    return field;
  }
}
