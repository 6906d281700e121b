package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRegistriesTest {

  @Test
  void anUnknownSchemeIsAnErrorListingTheInstalledSchemes() {
    assertThatThrownBy(() -> ModelRegistries.open("s3://bucket/models"))
        .isInstanceOf(NoRegistryProviderException.class)
        .hasMessageContaining("'s3'")
        .hasMessageContaining("Installed: none");
  }

  @Test
  void aLocationWithoutSchemeIsRejected() {
    assertThatThrownBy(() -> ModelRegistries.open(URI.create("relative/path"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no scheme");
  }
}
