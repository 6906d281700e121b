package dev.mlops.registry.spi;

import dev.mlops.registry.ModelRegistry;
import java.net.URI;
import java.util.Map;

/**
 * Creates registries for one URI scheme. Implementations have a public no-argument constructor,
 * are cheap to construct (heavy resources are made in {@link #open}), and are declared in
 * {@code META-INF/services/dev.mlops.registry.spi.ModelRegistryProvider} and, on the module path,
 * with {@code provides} in {@code module-info}.
 *
 * @since 0.1
 */
public interface ModelRegistryProvider {

  /**
   * The URI scheme this provider handles, such as {@code file}.
   *
   * @return the scheme, lower case
   */
  String scheme();

  /**
   * Opens a registry. Checked exceptions are wrapped by
   * {@link dev.mlops.registry.ModelRegistries} into a
   * {@link dev.mlops.registry.NoRegistryProviderException}.
   *
   * @param location the registry URI, with this provider's scheme
   * @param options provider settings; unknown keys should be rejected with a message listing the
   *     known ones
   * @return the open registry
   * @throws Exception if the registry cannot be opened
   */
  ModelRegistry open(URI location, Map<String, String> options) throws Exception;
}
