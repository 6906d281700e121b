package dev.mlops.djl.internal;

import dev.mlops.djl.spi.TabularModelFormat;
import dev.mlops.registry.ModelFormat;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TabularModelFormat} plug-ins on the class path, found once with {@link
 * ServiceLoader}; a plug-in that fails to load is skipped and logged, and the first one found
 * for a format wins.
 */
final class TabularFormats {

  private static final Logger LOG = LoggerFactory.getLogger(TabularFormats.class);

  /** Formats the SDK has a plug-in module for, with the artifact that provides it. */
  private static final Map<String, String> KNOWN = Map.of(
      ModelFormat.XGBOOST.id(), "dev.mlops:mlops-xgboost");

  private static final Map<String, TabularModelFormat> INSTALLED = discover();

  private TabularFormats() {}

  /**
   * The plug-in for a format.
   *
   * @param format the format
   * @return the plug-in, or null if none is installed
   */
  static @Nullable TabularModelFormat find(ModelFormat format) {
    return INSTALLED.get(format.id());
  }

  /**
   * The formats plugged in.
   *
   * @return their identifiers
   */
  static java.util.Set<String> installed() {
    return INSTALLED.keySet();
  }

  /**
   * The module that would serve a format, for messages.
   *
   * @param format the format
   * @return such as {@code dev.mlops:mlops-xgboost}, or null if the SDK has none
   */
  static @Nullable String moduleFor(ModelFormat format) {
    return KNOWN.get(format.id());
  }

  private static Map<String, TabularModelFormat> discover() {
    Map<String, TabularModelFormat> found = new TreeMap<>();
    var iterator = ServiceLoader.load(TabularModelFormat.class,
        TabularFormats.class.getClassLoader()).iterator();
    while (true) {
      TabularModelFormat plugin;
      try {
        if (!iterator.hasNext()) {
          break;
        }
        plugin = iterator.next();
      } catch (ServiceConfigurationError e) {
        LOG.warn("Skipping a model format plug-in that failed to load: {}", e.getMessage(), e);
        continue;
      }
      TabularModelFormat previous = found.putIfAbsent(plugin.format().id(), plugin);
      if (previous != null) {
        LOG.warn("Two plug-ins serve format '{}': {} and {}; using the first",
            plugin.format(), previous.getClass().getName(), plugin.getClass().getName());
      } else {
        LOG.debug("Format '{}' is served by {}", plugin.format(), plugin.getClass().getName());
      }
    }
    return Map.copyOf(found);
  }
}
