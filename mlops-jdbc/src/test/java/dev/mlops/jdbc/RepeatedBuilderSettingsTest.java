package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The registry's and the store's builders refuse a setting given twice before anything connects,
 * so no database is needed; a password given twice is refused without showing the first one.
 */
class RepeatedBuilderSettingsTest {

  private static final String URL = "jdbc:postgresql://db.invalid:5432/mlops";

  @Test
  void theRegistryBuilderRefusesEachRepeatedSetting() {
    assertThatThrownBy(() -> JdbcModelRegistry.builder(URL).user("alice").user("bob"))
        .isInstanceOf(IllegalStateException.class).hasMessage("user was already set to alice");
    assertThatThrownBy(() -> JdbcModelRegistry.builder(URL).password("s3cret").password("other"))
        .isInstanceOf(IllegalStateException.class).hasMessage("password was already set");
    assertThatThrownBy(() -> JdbcModelRegistry.builder(URL).schema("a").schema("b"))
        .isInstanceOf(IllegalStateException.class).hasMessage("schema was already set");
    assertThatThrownBy(() -> JdbcModelRegistry.builder(URL).poolSize(4).poolSize(8))
        .isInstanceOf(IllegalStateException.class).hasMessage("poolSize was already set");
    assertThatThrownBy(() -> JdbcModelRegistry.builder(URL).pollInterval(Duration.ofSeconds(1))
            .pollInterval(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class).hasMessage("pollInterval was already set");
    assertThatThrownBy(() -> JdbcModelRegistry.builder(URL).actor("ci").actor("me"))
        .isInstanceOf(IllegalStateException.class).hasMessage("actor was already set");
    assertThatThrownBy(() -> JdbcModelRegistry.builder(URL).artifactStore(URI.create("file:/a"))
            .artifactStore(URI.create("file:/b")))
        .isInstanceOf(IllegalStateException.class).hasMessage("artifactStore was already set to file:/a");
    assertThatThrownBy(() -> JdbcModelRegistry.builder(URL).clock(Clock.systemUTC()).clock(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class).hasMessage("clock was already set");
  }

  @Test
  void theStoreBuilderRefusesEachRepeatedSetting() {
    assertThatThrownBy(() -> JdbcMonitorStore.builder(URL).user("alice").user("bob"))
        .isInstanceOf(IllegalStateException.class).hasMessage("user was already set to alice");
    assertThatThrownBy(() -> JdbcMonitorStore.builder(URL).password("s3cret").password("other"))
        .isInstanceOf(IllegalStateException.class).hasMessage("password was already set");
    assertThatThrownBy(() -> JdbcMonitorStore.builder(URL).schema("a").schema("b"))
        .isInstanceOf(IllegalStateException.class).hasMessage("schema was already set");
    assertThatThrownBy(() -> JdbcMonitorStore.builder(URL).poolSize(2).poolSize(4))
        .isInstanceOf(IllegalStateException.class).hasMessage("poolSize was already set");
  }
}
