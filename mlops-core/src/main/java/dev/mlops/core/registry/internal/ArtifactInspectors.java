package dev.mlops.core.registry.internal;

import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.spi.ArtifactInspector;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link ArtifactInspector} of a format with {@link ServiceLoader}, the context class
 * loader first (as {@link dev.mlops.registry.ModelRegistries} does). Looked up on every
 * registration, so that class loaders set up after start-up are honoured; registration is rare
 * next to the copy it makes. An inspector that fails to load is skipped and logged; of two for
 * one format, the first found wins and the other is logged.
 */
final class ArtifactInspectors {

  private static final Logger LOG = LoggerFactory.getLogger(ArtifactInspectors.class);

  private ArtifactInspectors() {}

  /**
   * The inspector installed for a format.
   *
   * @param format the format
   * @return the inspector, or null if none is installed
   */
  static @Nullable ArtifactInspector find(ModelFormat format) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    var iterator = ServiceLoader.load(ArtifactInspector.class,
        context != null ? context : ArtifactInspectors.class.getClassLoader()).iterator();
    ArtifactInspector found = null;
    while (true) {
      ArtifactInspector inspector;
      try {
        if (!iterator.hasNext()) {
          return found;
        }
        inspector = iterator.next();
      } catch (ServiceConfigurationError e) {
        LOG.warn("Skipping an artifact inspector that failed to load: {}", e.getMessage(), e);
        continue;
      }
      if (!format.equals(inspector.format())) {
        continue;
      }
      if (found == null) {
        found = inspector;
      } else {
        LOG.warn("Two artifact inspectors check format '{}': {} and {}; using the first", format,
            found.getClass().getName(), inspector.getClass().getName());
      }
    }
  }
}
