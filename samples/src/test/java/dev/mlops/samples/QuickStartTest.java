package dev.mlops.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {

  @TempDir Path tmp;

  @Test
  void theReadmeQuickStartRegistersPromotesAndVerifiesOnTheFileRegistry() throws IOException {
    Path model = Files.writeString(tmp.resolve("churn.onnx"), "not really a model");
    String location = tmp.resolve("registry").toUri().toString();

    assertThat(QuickStart.run(location, model).version()).isEqualTo(1);
    assertThat(QuickStart.run(location, model).version()).isEqualTo(2);

    try (ModelRegistry registry = ModelRegistries.open(location)) {
      assertThat(registry.getModel("churn").aliases()).containsEntry("production", 2);
    }
  }

  @Test
  void theReadmeShowsTheQuickStartAsCompiled() throws IOException {
    String source = Files.readString(Path.of("src/main/java/dev/mlops/samples/QuickStart.java"));
    String readme = Files.readString(Path.of("../README.md"));
    String body = source.substring(source.indexOf("    try (ModelRegistry registry"),
        source.indexOf("      return serving;"));
    String unindented = body.lines().map(l -> l.length() >= 4 ? l.substring(4) : l)
        .reduce((a, b) -> a + "\n" + b).orElseThrow();

    assertThat(readme).contains(unindented);
  }

  @Test
  void theRegistryTourRunsOnAFreshDirectory() throws Exception {
    RegistryTour.main(new String[] {tmp.resolve("tour").toString()});

    try (ModelRegistry registry = ModelRegistries.open(tmp.resolve("tour").toUri().toString())) {
      assertThat(registry.resolve("models:/churn-tour@production").version()).isEqualTo(1);
    }
  }
}
