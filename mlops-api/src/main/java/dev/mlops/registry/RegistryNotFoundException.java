package dev.mlops.registry;

import org.jspecify.annotations.Nullable;

/**
 * No registry exists at the location, and the caller asked not to create one: reading tools open
 * registries this way so that a mistyped path is reported instead of turned into a new, empty
 * registry. Nothing was created or changed.
 *
 * @since 0.1
 */
public class RegistryNotFoundException extends RegistryStorageException {

  private static final long serialVersionUID = 1L;

  private final String location;

  /**
   * Creates the exception.
   *
   * @param location where a registry was looked for, with any password already masked (see
   *     {@link ModelRegistries#redact(java.net.URI)})
   * @param message what was found there instead, and what to do
   * @param cause the underlying failure, may be null
   */
  public RegistryNotFoundException(String location, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /**
   * Where a registry was looked for.
   *
   * @return the location, with any password masked
   */
  public String location() {
    return location;
  }
}
