package dev.mlops.djl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.OnnxTestModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The churn classifier fixtures under src/test/resources/models, written by generate_models.py,
 * and the probabilities that script recorded.
 */
final class ChurnFixtures {

  static final List<String> CLASSES = List.of("stay", "downgrade", "churn");
  static final ModelSignature SIGNATURE = new ModelSignature(
      List.of(
          FieldSpec.scalar("tenure_months", DataType.FLOAT32),
          FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
          FieldSpec.categorical("contract", List.of("monthly", "yearly", "two_year")),
          FieldSpec.scalar("has_support", DataType.BOOLEAN)),
      List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, 3).withCategories(CLASSES)),
      List.of(Map.of("tenure_months", 12.0, "monthly_charges", 30.0, "contract", "yearly",
          "has_support", true)));

  private static final JsonNode EXPECTED = readExpected();

  private ChurnFixtures() {}

  /** A fixture file, such as churn-v1.onnx. */
  static Path model(String fileName) {
    try {
      return Path.of(Objects.requireNonNull(ChurnFixtures.class.getResource("/models/" + fileName),
          fileName).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers a fixture with the churn signature. */
  static ModelVersion register(ModelRegistry registry, String name, String fileName) {
    ModelFormat format = fileName.endsWith(".onnx") ? ModelFormat.ONNX : ModelFormat.TORCHSCRIPT;
    return register(registry, name, model(fileName), format, SIGNATURE);
  }

  static ModelVersion register(ModelRegistry registry, String name, Path file,
      ModelFormat format, ModelSignature signature) {
    return registry.register(RegistrationRequest.builder(name).artifact(file).format(format)
        .signature(signature).build());
  }

  /**
   * Writes a well-formed ONNX file shaped like the churn models (4 columns in, 3 out) that ONNX
   * Runtime cannot load: it registers, and fails at load.
   */
  static Path unloadable(Path dir) {
    try {
      return Files.write(dir.resolve("broken.onnx"), OnnxTestModels.unloadable(4, 3));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows the script scored, as the Java maps a caller would pass. */
  static List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode r : EXPECTED.get("rows")) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("tenure_months", r.get("tenure_months").asDouble());
      row.put("monthly_charges", r.get("monthly_charges").asDouble());
      row.put("contract", r.get("contract").asText());
      row.put("has_support", r.get("has_support").asBoolean());
      rows.add(row);
    }
    return rows;
  }

  /** The probabilities PyTorch computed for {@link #rows()} with variant v1 or v2. */
  static List<List<Double>> probabilities(String variant) {
    List<List<Double>> out = new ArrayList<>();
    for (JsonNode row : EXPECTED.get("probabilities").get(variant)) {
      List<Double> p = new ArrayList<>();
      row.forEach(x -> p.add(x.asDouble()));
      out.add(p);
    }
    return out;
  }

  private static JsonNode readExpected() {
    try (InputStream in = ChurnFixtures.class.getResourceAsStream("/models/expected.json")) {
      return new ObjectMapper().readTree(Objects.requireNonNull(in, "expected.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
