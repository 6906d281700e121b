package dev.mlops.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the console takes to answer its busiest pages over a file registry of 1,000 models
 * and 10,000 versions, measured from an HTTP client on the same machine after a warm-up. The
 * figures are printed, never asserted. Runs only when asked:
 *
 * <pre>
 * mvn -B -ntp verify -pl mlops-console -am -Dtest=ModelsPageBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dmlops.console.excludedGroups=none -Dgroups=benchmark
 * </pre>
 *
 * Building the registry takes minutes (every registration is durable); {@code
 * -Dmlops.console.benchmarkRegistry=DIR} keeps it in DIR and reuses it on the next run.
 */
@Tag("benchmark")
class ModelsPageBenchmark {

  private static final int MODELS = 1_000;
  private static final int VERSIONS_PER_MODEL = 10;
  private static final int WARM_UP = 30;
  private static final int MEASURED = 100;

  @TempDir Path directory;

  @Test
  void modelsPageOfAThousandModelsAndTenThousandVersions() throws Exception {
    String kept = System.getProperty("mlops.console.benchmarkRegistry");
    Path root = kept == null ? directory.resolve("registry") : Path.of(kept);
    try (FileModelRegistry registry = FileModelRegistry.builder().root(root).actor("bench").open()) {
      if (registry.listModels(new PageRequest(1, null)).items().isEmpty()) {
        long start = System.nanoTime();
        fill(registry, directory.resolve("artifact"));
        System.out.printf(Locale.ROOT, "Built the registry (%d models, %d versions) in %.0f s%n", MODELS,
            MODELS * VERSIONS_PER_MODEL, (System.nanoTime() - start) / 1e9);
      }
      try (ModelConsole console = ModelConsole.builder().registry(registry).port(0).start()) {
        ConsoleClient client = new ConsoleClient(console);
        measure(client, "/models", "1000 models");
        measure(client, "/models?page=20", "1000 models");
        measure(client, "/models?q=model-09", "100 of 1000 models match");
        measure(client, "/models?tag=team%3Drisk", "of 1000 models match");
        measure(client, "/models?tag=stage%3Dv10", "1000 of 1000 models match");
        measure(client, "/models?sort=updated", "1000 models");
        measure(client, "/models/model-0500", "Model model-0500");
        measure(client, "/models/model-0500/versions/10", "model-0500 version 10");
      }
    }
  }

  private static void fill(ModelRegistry registry, Path artifacts) throws IOException {
    for (int m = 0; m < MODELS; m++) {
      String name = String.format(Locale.ROOT, "model-%04d", m);
      for (int v = 1; v <= VERSIONS_PER_MODEL; v++) {
        Path artifact = Files.createDirectories(artifacts.resolve(name + "-" + v));
        Files.writeString(artifact.resolve("model.bin"), name + " " + v);
        registry.register(RegistrationRequest.builder(name).artifact(artifact).format(ModelFormat.of("custom"))
            .metric("accuracy", 0.7 + v / 100.0).param("learning_rate", "0.1").tag("stage", "v" + v)
            .description("Model " + m + ", version " + v).build());
      }
      registry.setAlias(name, "production", VERSIONS_PER_MODEL - 1, AliasPrecondition.absent(), "bench");
      registry.setModelTag(name, "team", m % 3 == 0 ? "risk" : "growth");
    }
  }

  private static void measure(ConsoleClient client, String path, String expected) throws IOException {
    for (int i = 0; i < WARM_UP; i++) {
      client.get(path);
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < MEASURED; i++) {
      long start = System.nanoTime();
      HttpResponse<String> page = client.get(path);
      millis.add((System.nanoTime() - start) / 1e6);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains(expected);
    }
    Collections.sort(millis);
    System.out.printf(Locale.ROOT, "GET %-32s %6d bytes: median %7.1f ms, p90 %7.1f ms, max %7.1f ms"
            + " (%d requests after %d warm-up; load average %s)%n", path,
        client.get(path).body().length(), millis.get(MEASURED / 2), millis.get(MEASURED * 9 / 10),
        millis.get(MEASURED - 1), MEASURED, WARM_UP, loadAverage());
  }

  private static String loadAverage() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    return Files.exists(loadavg) ? Files.readString(loadavg).split(" ")[0] : "unknown";
  }
}
