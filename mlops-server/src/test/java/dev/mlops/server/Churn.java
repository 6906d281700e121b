package dev.mlops.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The churn classifier fixtures under src/test/resources/models (copied from mlops-djl), the
 * signature they are registered with, and the probabilities their generating script recorded.
 */
final class Churn {

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

  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode EXPECTED = readExpected();

  private Churn() {}

  static Path model(String fileName) {
    try {
      return Path.of(Objects.requireNonNull(Churn.class.getResource("/models/" + fileName),
          fileName).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers a fixture file, such as churn-v1.onnx, with the churn signature. */
  static ModelVersion register(ModelRegistry registry, String name, String fileName) {
    ModelFormat format = fileName.endsWith(".onnx") ? ModelFormat.ONNX : ModelFormat.TORCHSCRIPT;
    return registry.register(RegistrationRequest.builder(name).artifact(model(fileName))
        .format(format).signature(SIGNATURE).build());
  }

  /** The rows the script scored, as JSON objects (the V1 instances). */
  static JsonNode rows() {
    return EXPECTED.get("rows");
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

  /** A V2 inference request for the fixture rows, one tensor per feature. */
  static String inferRequest(int fromRow, int toRow) {
    StringBuilder tenure = new StringBuilder();
    StringBuilder charges = new StringBuilder();
    StringBuilder contract = new StringBuilder();
    StringBuilder support = new StringBuilder();
    for (int i = fromRow; i < toRow; i++) {
      String sep = i == fromRow ? "" : ",";
      JsonNode r = rows().get(i);
      tenure.append(sep).append(r.get("tenure_months"));
      charges.append(sep).append(r.get("monthly_charges"));
      contract.append(sep).append(r.get("contract"));
      support.append(sep).append(r.get("has_support"));
    }
    int n = toRow - fromRow;
    return "{\"id\":\"req-1\",\"inputs\":["
        + tensor("tenure_months", "FP32", n, tenure) + ","
        + tensor("monthly_charges", "FP64", n, charges) + ","
        + tensor("contract", "BYTES", n, contract) + ","
        + tensor("has_support", "BOOL", n, support) + "]}";
  }

  private static String tensor(String name, String type, int rows, CharSequence data) {
    return "{\"name\":\"" + name + "\",\"datatype\":\"" + type + "\",\"shape\":[" + rows
        + "],\"data\":[" + data + "]}";
  }

  private static JsonNode readExpected() {
    try (InputStream in = Churn.class.getResourceAsStream("/models/expected.json")) {
      return JSON.readTree(Objects.requireNonNull(in, "expected.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
