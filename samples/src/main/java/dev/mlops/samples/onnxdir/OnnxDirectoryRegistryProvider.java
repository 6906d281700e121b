package dev.mlops.samples.onnxdir;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegistryUnavailableException;
import dev.mlops.registry.spi.ModelRegistryProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens {@link OnnxDirectoryRegistry} instances for {@code onnxdir:} locations:
 * {@code onnxdir:/srv/models} (absolute) or {@code onnxdir:models} (relative to the working
 * directory). Registered in {@code META-INF/services/dev.mlops.registry.spi.ModelRegistryProvider},
 * so that {@code ModelRegistries.open("onnxdir:/srv/models")} finds it.
 *
 * <p>Options: {@value ModelRegistries#OPTION_ACTOR} is accepted and ignored, since this registry
 * records no changes; any other option is rejected. Constructing the provider is free; the
 * directory is only looked at when a registry is opened.
 *
 * @since 0.1
 */
public final class OnnxDirectoryRegistryProvider implements ModelRegistryProvider {

  /** Creates the provider; it holds no state. */
  public OnnxDirectoryRegistryProvider() {}

  /**
   * The scheme this provider handles.
   *
   * @return {@code onnxdir}
   */
  @Override
  public String scheme() {
    return OnnxDirectoryRegistry.SCHEME;
  }

  /**
   * Opens a read-only registry over an existing directory.
   *
   * @param location {@code onnxdir:PATH}
   * @param options {@value ModelRegistries#OPTION_ACTOR} at most
   * @return the open registry
   * @throws IllegalArgumentException if the location has no path or an option is unknown
   * @throws RegistryUnavailableException if the directory does not exist
   */
  @Override
  public ModelRegistry open(URI location, Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!key.equals(ModelRegistries.OPTION_ACTOR)) {
        throw new IllegalArgumentException("Unknown option '" + key + "' for the onnxdir registry "
            + location + "; it takes only '" + ModelRegistries.OPTION_ACTOR + "'");
      }
    }
    String path = location.isOpaque() ? location.getSchemeSpecificPart() : location.getPath();
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("onnxdir registry location '" + location + "' names no"
          + " directory; write onnxdir:/path/to/models");
    }
    Path root = Path.of(path).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new RegistryUnavailableException("The onnxdir registry directory " + root + " does not"
          + " exist or is not a directory; create it and put models in it as MODEL/1.onnx", null);
    }
    return new OnnxDirectoryRegistry(location, root);
  }
}
