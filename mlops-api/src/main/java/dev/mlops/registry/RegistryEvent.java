package dev.mlops.registry;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A change in a registry, delivered to {@link RegistryListener}s. Changes made by another process
 * sharing the same storage are delivered too, once the registry notices them.
 *
 * @since 0.1
 */
public sealed interface RegistryEvent {

  /**
   * The model that changed.
   *
   * @return the model name
   */
  String modelName();

  /**
   * A new version was published.
   *
   * @param version the new version
   */
  record VersionRegistered(ModelVersion version) implements RegistryEvent {
    /**
     * Validates the version.
     *
     * @param version the new version
     */
    public VersionRegistered {
      Objects.requireNonNull(version, "version");
    }

    @Override
    public String modelName() {
      return version.name();
    }
  }

  /**
   * An alias was created, moved or deleted.
   *
   * @param modelName the model
   * @param alias the alias
   * @param previousVersion where it pointed before, or null if it did not exist
   * @param newVersion where it points now, or null if it was deleted
   */
  record AliasMoved(
      String modelName, String alias, @Nullable Integer previousVersion, @Nullable Integer newVersion)
      implements RegistryEvent {
    /**
     * Validates the names.
     *
     * @param modelName the model
     * @param alias the alias
     * @param previousVersion where it pointed before, or null if it did not exist
     * @param newVersion where it points now, or null if it was deleted
     */
    public AliasMoved {
      Objects.requireNonNull(modelName, "modelName");
      Objects.requireNonNull(alias, "alias");
    }
  }

  /**
   * A version was archived.
   *
   * @param modelName the model
   * @param version the archived version
   */
  record VersionArchived(String modelName, int version) implements RegistryEvent {
    /**
     * Validates the name.
     *
     * @param modelName the model
     * @param version the archived version
     */
    public VersionArchived {
      Objects.requireNonNull(modelName, "modelName");
    }
  }

  /**
   * A model or version tag was set or deleted.
   *
   * @param modelName the model
   * @param version the version for a version tag, or null for a model tag
   * @param key the tag key
   * @param value the new value, or null if the tag was deleted
   */
  record TagChanged(String modelName, @Nullable Integer version, String key, @Nullable String value)
      implements RegistryEvent {
    /**
     * Validates the names.
     *
     * @param modelName the model
     * @param version the version for a version tag, or null for a model tag
     * @param key the tag key
     * @param value the new value, or null if the tag was deleted
     */
    public TagChanged {
      Objects.requireNonNull(modelName, "modelName");
      Objects.requireNonNull(key, "key");
    }
  }
}
