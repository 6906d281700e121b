package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemoryModelRegistryProviderTest {

  private static final String STORE = "provider-test";

  @TempDir Path dir;

  @AfterEach
  void forgetTheStore() {
    InMemoryModelRegistry.discardSharedStore(STORE);
  }

  @Test
  void theMemorySchemeIsInstalledThroughTheServiceLoader() {
    assertThat(ModelRegistries.installedSchemes())
        .containsEntry("memory", InMemoryModelRegistryProvider.class.getName());
  }

  @Test
  void openingAMemoryLocationGivesAnInMemoryRegistryAtThatLocation() {
    try (ModelRegistry registry = ModelRegistries.open("memory:" + STORE)) {
      assertThat(registry).isInstanceOf(InMemoryModelRegistry.class);
      assertThat(registry.location()).isEqualTo(URI.create("memory:" + STORE));
    }
  }

  @Test
  void theActorOptionIsRecordedAsCreator() throws Exception {
    try (ModelRegistry registry = ModelRegistries.open(
        URI.create("memory:" + STORE), Map.of(ModelRegistries.OPTION_ACTOR, "release-bot"))) {
      ModelVersion v = registry.register(InMemoryModelRegistryTest.request("churn", dir, "w"));
      assertThat(v.createdBy()).isEqualTo("release-bot");
    }
  }

  @Test
  void withoutOptionsTheOperatingSystemUserActs() throws Exception {
    try (ModelRegistry registry = ModelRegistries.open("memory:" + STORE)) {
      ModelVersion v = registry.register(InMemoryModelRegistryTest.request("churn", dir, "w"));
      assertThat(v.createdBy()).isEqualTo(System.getProperty("user.name"));
    }
  }

  @Test
  void anUnknownOptionIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> ModelRegistries.open(URI.create("memory:" + STORE), Map.of("colour", "blue")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'colour'")
        .hasMessageContaining("[actor]");
  }

  @Test
  void aLocationThatIsNotMemoryColonNameIsRejected() {
    for (String location :
        new String[] {"memory:/absolute", "memory://host/x", "memory:a%2Fb", "memory:x#frag"}) {
      assertThatThrownBy(() -> ModelRegistries.open(URI.create(location), Map.of()))
          .as(location)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("memory:NAME");
    }
  }

  @Test
  void aBlankActorIsRejected() {
    assertThatThrownBy(() -> ModelRegistries.open(URI.create("memory:" + STORE), Map.of("actor", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actor");
  }

  @Test
  void theProviderIsDeclaredForTheServiceLoader() throws Exception {
    try (var in = InMemoryModelRegistryProvider.class.getResourceAsStream(
        "/META-INF/services/dev.mlops.registry.spi.ModelRegistryProvider")) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
          .isEqualTo(InMemoryModelRegistryProvider.class.getName());
    }
  }
}
