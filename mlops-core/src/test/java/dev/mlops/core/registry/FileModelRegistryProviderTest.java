package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegistryNotFoundException;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModelRegistryProviderTest {

  @TempDir Path tmp;

  @Test
  void theFileSchemeIsInstalled() {
    assertThat(ModelRegistries.installedSchemes()).containsEntry("file", FileModelRegistryProvider.class.getName());
  }

  @Test
  void anAbsoluteFileUriOpensAFileRegistryThere() {
    Path root = tmp.resolve("reg");
    try (ModelRegistry registry = ModelRegistries.open("file:" + root)) {
      assertThat(registry).isInstanceOf(FileModelRegistry.class);
      assertThat(registry.location()).isEqualTo(URI.create("file:" + root));
      registry.register(Artifacts.request(tmp, "churn", "w"));
    }
    try (ModelRegistry registry = ModelRegistries.open(root.toUri().toString())) {
      assertThat(registry.getModel("churn").latestVersion()).isEqualTo(1);
    }
  }

  @Test
  void aRelativeFileUriIsResolvedAgainstTheWorkingDirectory() {
    Path target = tmp.resolve("relative-reg");
    Path relative = Path.of("").toAbsolutePath().relativize(target);
    try (ModelRegistry registry = ModelRegistries.open("file:" + relative.toString().replace('\\', '/'))) {
      registry.register(Artifacts.request(tmp, "churn", "w"));
      assertThat(((FileModelRegistry) registry).root()).isEqualTo(target.toAbsolutePath());
    }
  }

  @Test
  void theActorAndPollIntervalOptionsAreApplied() {
    URI uri = URI.create("file:" + tmp.resolve("reg"));
    try (ModelRegistry registry = ModelRegistries.open(uri, Map.of("actor", "ci-bot", "pollInterval", "PT0S"))) {
      assertThat(registry.register(Artifacts.request(tmp, "churn", "w")).createdBy()).isEqualTo("ci-bot");
    }
  }

  @Test
  void anUnknownOptionIsRejectedListingTheKnownOnes() {
    URI uri = URI.create("file:" + tmp.resolve("reg"));
    assertThatThrownBy(() -> ModelRegistries.open(uri, Map.of("colour", "blue")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'colour'").hasMessageContaining("actor, create, pollInterval");
  }

  @Test
  void aMalformedOrNegativePollIntervalIsRejected() {
    URI uri = URI.create("file:" + tmp.resolve("reg"));
    assertThatThrownBy(() -> ModelRegistries.open(uri, Map.of("pollInterval", "2s")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> ModelRegistries.open(uri, Map.of("pollInterval", "-PT1S")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }

  @Test
  void aUriWithAHostOrQueryIsRejected() {
    assertThatThrownBy(() -> ModelRegistries.open("file://server/share/reg"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    assertThatThrownBy(() -> ModelRegistries.open("file:" + tmp + "?x=1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
  }

  @Test
  void createFalseOpensAnExistingRegistryButCreatesNoneWhereThereIsNone() throws Exception {
    Map<String, String> readOnly = Map.of("create", "false");
    Path missing = tmp.resolve("typo");
    assertThatThrownBy(() -> ModelRegistries.open(URI.create("file:" + missing), readOnly))
        .isInstanceOf(RegistryNotFoundException.class)
        .hasMessageContaining("No file registry exists at " + missing).hasMessageContaining("no such directory")
        .extracting(e -> ((RegistryNotFoundException) e).location()).isEqualTo("file:" + missing);
    assertThat(missing).doesNotExist();

    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertThatThrownBy(() -> ModelRegistries.open(URI.create("file:" + empty), readOnly))
        .isInstanceOf(RegistryNotFoundException.class).hasMessageContaining("holds no mlops-registry.json");
    assertThat(empty).isEmptyDirectory();

    Path existing = tmp.resolve("reg");
    try (ModelRegistry registry = ModelRegistries.open("file:" + existing)) {
      registry.register(Artifacts.request(tmp, "churn", "w"));
    }
    try (ModelRegistry registry = ModelRegistries.open(URI.create("file:" + existing), readOnly)) {
      assertThat(registry.getModel("churn").latestVersion()).isEqualTo(1);
    }
  }

  @Test
  void aCreateOptionOtherThanTrueOrFalseIsRejected() {
    URI uri = URI.create("file:" + tmp.resolve("reg"));
    assertThatThrownBy(() -> ModelRegistries.open(uri, Map.of("create", "no")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("create must be true or false");
  }

  @Test
  void aQueryOrFragmentInARelativeFileUriIsRejectedNamingTheUriAndCreatesNothing() {
    // file:./r?a=b is an opaque URI, which has no query component in java.net.URI: the '?' would
    // silently become part of the directory name.
    Path relative = Path.of("").toAbsolutePath().relativize(tmp.resolve("r"));
    for (String uri : List.of("file:" + relative + "?a=b", "file:" + relative + "#top", "file:" + tmp.resolve("r") + "?a=b")) {
      assertThatThrownBy(() -> ModelRegistries.open(uri)).as(uri).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + uri + "'").hasMessageMatching("(?s).*(query|fragment).*");
    }
    assertThat(tmp).isEmptyDirectory();
  }
}
