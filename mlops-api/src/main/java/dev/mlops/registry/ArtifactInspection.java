package dev.mlops.registry;

import dev.mlops.registry.spi.ArtifactInspector;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Finds the {@link ArtifactInspector} of a format with {@link ServiceLoader} (the context class
 * loader first, as {@link ModelRegistries} does) and runs it. Looked up on every registration, so
 * that class loaders set up after start-up are honoured; registration is rare next to the copy it
 * makes.
 */
final class ArtifactInspection {

  private static final System.Logger LOG = System.getLogger(ArtifactInspection.class.getName());

  private ArtifactInspection() {}

  static @Nullable ModelSignature inspect(ModelFormat format, Path artifact,
      @Nullable ModelSignature signature) {
    ArtifactInspector inspector = installed().get(format);
    return inspector == null ? signature : inspector.inspect(artifact, signature);
  }

  private static Map<ModelFormat, ArtifactInspector> installed() {
    Map<ModelFormat, ArtifactInspector> found = new TreeMap<>(
        (a, b) -> a.id().compareTo(b.id()));
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    var iterator = ServiceLoader.load(ArtifactInspector.class,
        context != null ? context : ArtifactInspection.class.getClassLoader()).iterator();
    while (true) {
      ArtifactInspector inspector;
      try {
        if (!iterator.hasNext()) {
          break;
        }
        inspector = iterator.next();
      } catch (ServiceConfigurationError e) {
        LOG.log(System.Logger.Level.WARNING,
            "Skipping an artifact inspector that failed to load: " + e.getMessage(), e);
        continue;
      }
      found.putIfAbsent(inspector.format(), inspector);
    }
    return found;
  }
}
