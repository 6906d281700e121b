package dev.mlops.registry;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * No registry implementation on the class path or module path handles the scheme of the requested
 * registry URI, or the provider failed to open it.
 *
 * @since 0.1
 */
public class NoRegistryProviderException extends MlopsException {

  private static final long serialVersionUID = 1L;

  private final String scheme;

  /**
   * Creates the exception.
   *
   * @param scheme the requested scheme
   * @param message what was found, listing the installed schemes, and what to do
   * @param cause the provider failure, may be null
   */
  public NoRegistryProviderException(String scheme, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.scheme = scheme;
  }

  /**
   * The scheme that was requested.
   *
   * @return the URI scheme, such as {@code s3}
   */
  public String scheme() {
    return scheme;
  }
}
