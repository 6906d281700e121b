package dev.mlops.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.djl.DjlPredictors;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class NetworkDefaultsTest {

  @Test
  void offlineModeAndTrackingOptOutAreSetWhenTheUserChoseNeither() {
    Properties props = new Properties();
    Map<String, String> set = NetworkDefaults.apply(props, Map.<String, String>of()::get);
    assertThat(props.getProperty("ai.djl.offline")).isEqualTo("true");
    assertThat(props.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
    assertThat(set).containsOnlyKeys("ai.djl.offline", "OPT_OUT_TRACKING");
  }

  @Test
  void aUsersExplicitSystemPropertyWins() {
    Properties props = new Properties();
    props.setProperty("ai.djl.offline", "false");
    NetworkDefaults.apply(props, Map.<String, String>of()::get);
    assertThat(props.getProperty("ai.djl.offline")).isEqualTo("false");
    assertThat(props.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
  }

  @Test
  void aUsersEnvironmentVariableWinsAndIsNotShadowedByAProperty() {
    Properties props = new Properties();
    Map<String, String> env = Map.of("DJL_OFFLINE", "false", "OPT_OUT_TRACKING", "false");
    Map<String, String> set = NetworkDefaults.apply(props, env::get);
    assertThat(props).isEmpty();
    assertThat(set).isEmpty();
  }

  @Test
  void theDefaultsAreInForceInThisJvmOnceTheSdkIsUsed() {
    DjlPredictors.builder().build();
    // Surefire passes both too; either way DJL must see them before any engine starts.
    assertThat(Boolean.parseBoolean(System.getProperty("ai.djl.offline",
        System.getenv("DJL_OFFLINE")))).isTrue();
    assertThat(Boolean.parseBoolean(System.getenv("OPT_OUT_TRACKING") != null
        ? System.getenv("OPT_OUT_TRACKING") : System.getProperty("OPT_OUT_TRACKING"))).isTrue();
    assertThat(ai.djl.util.Utils.isOfflineMode()).isTrue();
  }
}
