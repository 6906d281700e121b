package dev.mlops.registry;

import org.jspecify.annotations.Nullable;

/**
 * The registry's storage refused the credentials it was given: a wrong password, an unknown user,
 * or a server configured to turn this user or host away. Unlike {@link
 * RegistryUnavailableException} this does not pass by itself; fix the credentials (or the server's
 * access rules) and open the registry again. Nothing was changed. The message names the user and
 * the location, never the password.
 *
 * @since 0.1
 */
public class RegistryAuthenticationException extends RegistryStorageException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which registry refused which user, and what the server said, without secrets
   * @param cause the underlying error, may be null
   */
  public RegistryAuthenticationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
