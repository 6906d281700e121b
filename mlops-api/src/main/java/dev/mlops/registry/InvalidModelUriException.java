package dev.mlops.registry;

import dev.mlops.MlopsException;

/**
 * A string is not a valid model URI. Valid forms are {@code models:/NAME/VERSION},
 * {@code models:/NAME@ALIAS} and {@code models:/NAME/latest}.
 *
 * @since 0.1
 */
public class InvalidModelUriException extends MlopsException {

  private static final long serialVersionUID = 1L;

  private final String uri;

  /**
   * Creates the exception.
   *
   * @param uri the rejected text
   * @param problem what is wrong with it
   */
  public InvalidModelUriException(String uri, String problem) {
    super("Invalid model URI '" + uri + "': " + problem
        + ". Use models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest.");
    this.uri = uri;
  }

  /**
   * The rejected text.
   *
   * @return the text as given
   */
  public String uri() {
    return uri;
  }
}
