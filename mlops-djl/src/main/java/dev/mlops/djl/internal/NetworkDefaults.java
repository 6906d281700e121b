package dev.mlops.djl.internal;

import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps DJL off the network unless the user asked otherwise. DJL downloads native libraries and
 * model-zoo metadata, and reports usage to the cloud metadata address, when an engine starts,
 * unless {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} say not to. DJL reads both (environment
 * variable first, then system property) each time, so setting the system properties before the SDK
 * first touches an engine is enough.
 *
 * <p>An explicit choice always wins: a user who sets either as a system property or environment
 * variable, to any value, keeps that value.
 */
public final class NetworkDefaults {

  /** DJL's system property for offline mode. */
  public static final String OFFLINE_PROPERTY = "ai.djl.offline";
  /** DJL's environment variable for offline mode, which takes precedence over the property. */
  public static final String OFFLINE_ENV = "DJL_OFFLINE";
  /** DJL's switch (environment variable or system property) that disables usage reporting. */
  public static final String TRACKING_OPT_OUT = "OPT_OUT_TRACKING";

  private static final Logger LOG = LoggerFactory.getLogger(NetworkDefaults.class);

  private NetworkDefaults() {}

  /** Applies the defaults to this JVM's system properties. Idempotent and cheap. */
  public static synchronized void applyToSystem() {
    apply(System.getProperties(), System::getenv);
  }

  /**
   * Sets offline mode and the tracking opt-out in {@code properties} unless the user chose already.
   *
   * @param properties the system properties to change
   * @param env reads an environment variable, null when unset
   * @return what was set, empty if the user had chosen both
   */
  static Map<String, String> apply(Properties properties, Function<String, String> env) {
    boolean offlineChosen = env.apply(OFFLINE_ENV) != null
        || properties.getProperty(OFFLINE_PROPERTY) != null;
    boolean trackingChosen = env.apply(TRACKING_OPT_OUT) != null
        || properties.getProperty(TRACKING_OPT_OUT) != null;
    if (!offlineChosen) {
      properties.setProperty(OFFLINE_PROPERTY, "true");
      LOG.debug("DJL offline mode on (set -D{}=false to allow downloads)", OFFLINE_PROPERTY);
    }
    if (!trackingChosen) {
      properties.setProperty(TRACKING_OPT_OUT, "true");
    }
    if (offlineChosen && trackingChosen) {
      return Map.of();
    }
    if (offlineChosen) {
      return Map.of(TRACKING_OPT_OUT, "true");
    }
    return trackingChosen ? Map.of(OFFLINE_PROPERTY, "true")
        : Map.of(OFFLINE_PROPERTY, "true", TRACKING_OPT_OUT, "true");
  }
}
