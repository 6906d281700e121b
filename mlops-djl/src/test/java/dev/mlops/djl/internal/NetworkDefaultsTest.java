package dev.mlops.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.djl.DjlPredictors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
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

  @Test
  void theSdkSetsThemItselfInAJvmStartedWithoutAnyDjlSettings() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        NetworkDefaultsInFreshJvm.class.getName())
        .redirectErrorStream(true);
    pb.environment().remove("OPT_OUT_TRACKING");
    pb.environment().remove("DJL_OFFLINE");
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output)
        .contains("before offline=null tracking=null")
        .contains("after offline=true tracking=true djlOffline=true");
  }

  @Test
  void anOptInGivenOnTheCommandLineIsKept() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=false",
        "-cp", System.getProperty("java.class.path"),
        NetworkDefaultsInFreshJvm.class.getName())
        .redirectErrorStream(true);
    pb.environment().remove("OPT_OUT_TRACKING");
    pb.environment().remove("DJL_OFFLINE");
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("after offline=false tracking=true djlOffline=false");
  }
}
