package dev.mlops.jdbc;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.RegistrationRequest;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The two churn classifiers under src/test/resources/models (copied from mlops-djl's fixtures, see
 * the README there), their signature, and what each version scores for {@link #ROW}.
 */
final class ChurnModels {

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

  /** Row 1 of mlops-djl's expected.json. */
  static final Map<String, Object> ROW = Map.of("tenure_months", 24.0, "monthly_charges", 45.25,
      "contract", "yearly", "has_support", true);

  /** The probabilities PyTorch computed for {@link #ROW}, by version (v1, v2). */
  static final Map<Integer, List<Double>> SCORES = Map.of(
      1, List.of(0.22342920303344727, 0.4742790758609772, 0.3022916913032532),
      2, List.of(0.34880730509757996, 0.30586910247802734, 0.3453235924243927));

  private ChurnModels() {}

  /** A registration of churn-v{@code variant}.onnx under {@code model}, with the signature. */
  static RegistrationRequest request(String model, int variant) {
    return RegistrationRequest.builder(model).artifact(file("churn-v" + variant + ".onnx"))
        .format(ModelFormat.ONNX).signature(SIGNATURE).build();
  }

  private static Path file(String name) {
    try {
      return Path.of(Objects.requireNonNull(ChurnModels.class.getResource("/models/" + name), name)
          .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
