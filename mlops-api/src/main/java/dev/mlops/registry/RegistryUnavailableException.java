package dev.mlops.registry;

import org.jspecify.annotations.Nullable;

/**
 * The registry's storage cannot be reached at the moment: the database is down, restarting or
 * unreachable over the network. The call failed fast and had no visible effect; nothing stored was
 * lost.
 *
 * <p>This is a transient condition. The registry keeps running, reconnects by itself once the
 * storage is back, and later calls succeed again; callers may retry later, and components that
 * already loaded a model (a deployment) keep serving it meanwhile.
 *
 * @since 0.1
 */
public class RegistryUnavailableException extends RegistryStorageException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which registry is unavailable, since when, and why, in words
   * @param cause the underlying connection error, may be null
   */
  public RegistryUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
