package dev.mlops.registry;

import dev.mlops.MlopsException;

/**
 * The operation is not allowed in the current state of the model or version, for example pointing
 * an alias at an archived version or archiving a version an alias still points to.
 *
 * @since 0.1
 */
public class ModelStateException extends MlopsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is not allowed, naming the model and version, and what to do first
   */
  public ModelStateException(String message) {
    super(message);
  }
}
