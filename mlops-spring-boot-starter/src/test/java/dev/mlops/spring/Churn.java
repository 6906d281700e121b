package dev.mlops.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/** The churn fixtures (copied from mlops-djl), registered into in-memory registries. */
final class Churn {

  static final ModelSignature SIGNATURE = new ModelSignature(
      List.of(
          FieldSpec.scalar("tenure_months", DataType.FLOAT32),
          FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
          FieldSpec.categorical("contract", List.of("monthly", "yearly", "two_year")),
          FieldSpec.scalar("has_support", DataType.BOOLEAN)),
      List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, 3)
          .withCategories(List.of("stay", "downgrade", "churn"))),
      List.of(Map.of("tenure_months", 12.0, "monthly_charges", 30.0, "contract", "yearly",
          "has_support", true)));

  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode EXPECTED = read();
  private static final AtomicInteger NAMES = new AtomicInteger();

  private Churn() {}

  /** A fresh in-memory registry location, shared by every registry opened on it. */
  static String newRegistry() {
    return "memory:spring-test-" + NAMES.incrementAndGet();
  }

  /** Registers a fixture (churn-v1.onnx or churn-v2.onnx) as model "churn". */
  static ModelVersion register(String location, String file) {
    try (ModelRegistry r = ModelRegistries.open(location)) {
      return register(r, file);
    }
  }

  static ModelVersion register(ModelRegistry registry, String file) {
    return registry.register(RegistrationRequest.builder("churn").artifact(model(file))
        .format(ModelFormat.ONNX).signature(SIGNATURE).build());
  }

  /** Registers version 1 and then damages its stored file, as a disk or a copy might. */
  static ModelVersion registerCorrupt(String location) {
    try (ModelRegistry r = ModelRegistries.open(location)) {
      ModelVersion v = register(r, "churn-v1.onnx");
      ((InMemoryModelRegistry) r).corruptStoredFile("churn", v.version(), "churn-v1.onnx");
      return v;
    }
  }

  static void alias(String location, String alias, int version) {
    try (ModelRegistry r = ModelRegistries.open(location)) {
      r.setAlias("churn", alias, version, dev.mlops.registry.AliasPrecondition.any(), "test");
    }
  }

  static Path model(String file) {
    try {
      return Path.of(Objects.requireNonNull(Churn.class.getResource("/models/" + file), file)
          .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fixture row {@code i} as a prediction input. */
  static Map<String, Object> row(int i) {
    Map<String, Object> row = new LinkedHashMap<>();
    EXPECTED.get("rows").get(i).properties().forEach(e -> row.put(e.getKey(),
        e.getValue().isBoolean() ? e.getValue().asBoolean()
            : e.getValue().isTextual() ? e.getValue().asText() : e.getValue().asDouble()));
    return row;
  }

  /** The recorded probabilities of row {@code i} for variant v1 or v2. */
  static List<Double> probabilities(String variant, int i) {
    List<Double> out = new ArrayList<>();
    EXPECTED.get("probabilities").get(variant).get(i).forEach(x -> out.add(x.asDouble()));
    return out;
  }

  private static JsonNode read() {
    try (InputStream in = Churn.class.getResourceAsStream("/models/expected.json")) {
      return JSON.readTree(Objects.requireNonNull(in, "expected.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
