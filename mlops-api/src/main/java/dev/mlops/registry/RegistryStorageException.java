package dev.mlops.registry;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * The registry could not read or write its storage (a file system error, a database error). What
 * was already stored is left intact; the operation that failed had no visible effect unless its
 * documentation says otherwise.
 *
 * @since 0.1
 */
public class RegistryStorageException extends MlopsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be read or written, naming the file or object
   * @param cause the underlying I/O or database error, may be null
   */
  public RegistryStorageException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
