package dev.mlops.predict;

/**
 * An explanation was asked of a model version whose engine computes no feature contributions:
 * only formats whose engine computes them natively can be explained (see {@code docs/models.md}).
 * Nothing was scored.
 *
 * @since 0.1
 */
public class ExplanationUnavailableException extends PredictionException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which model, version and format, and what can be explained
   */
  public ExplanationUnavailableException(String message) {
    super(message, null);
  }
}
