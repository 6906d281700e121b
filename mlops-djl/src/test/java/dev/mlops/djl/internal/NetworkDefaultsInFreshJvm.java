package dev.mlops.djl.internal;

import dev.mlops.djl.DjlPredictors;

/**
 * Run by {@link NetworkDefaultsTest} in a JVM started without any DJL settings: prints what DJL
 * sees after the SDK is first used and before any engine starts.
 */
public final class NetworkDefaultsInFreshJvm {

  private NetworkDefaultsInFreshJvm() {}

  /**
   * Uses the SDK, then reports.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("before offline=" + System.getProperty("ai.djl.offline")
        + " tracking=" + System.getProperty("OPT_OUT_TRACKING"));
    DjlPredictors.builder().build();
    System.out.println("after offline=" + System.getProperty("ai.djl.offline")
        + " tracking=" + System.getProperty("OPT_OUT_TRACKING")
        + " djlOffline=" + ai.djl.util.Utils.isOfflineMode());
  }
}
