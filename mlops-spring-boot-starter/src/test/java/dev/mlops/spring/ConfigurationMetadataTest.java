package dev.mlops.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metadata IDEs complete mlops.* properties from, generated at build time. */
class ConfigurationMetadataTest {

  @Test
  void theBuildGeneratesMetadataWithDescriptionsAndDefaults() throws Exception {
    Map<String, JsonNode> properties = new HashMap<>();
    try (InputStream in = getClass().getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("spring-configuration-metadata.json on the class path").isNotNull();
      Churn.JSON.readTree(in).get("properties")
          .forEach(p -> properties.put(p.get("name").asText(), p));
    }
    assertThat(properties).containsKeys("mlops.registry", "mlops.fail-fast",
        "mlops.shutdown-timeout", "mlops.deployments", "mlops.metrics.latency-buckets",
        "mlops.web.enabled", "mlops.web.prefix", "mlops.jdbc.use-data-source");
    assertThat(properties.get("mlops.fail-fast").get("defaultValue").asBoolean()).isFalse();
    assertThat(properties.get("mlops.web.prefix").get("defaultValue").asText())
        .isEqualTo("/mlops");
    assertThat(properties.get("mlops.web.max-body-bytes").get("defaultValue").asInt())
        .isEqualTo(8388608);
    assertThat(properties.get("mlops.deployments").get("type").asText())
        .contains(DeploymentProperties.class.getName());
    assertThat(properties.get("mlops.registry").get("description").asText())
        .contains("file:/var/mlops");
  }
}
