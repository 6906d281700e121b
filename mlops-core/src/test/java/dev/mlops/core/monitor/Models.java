package dev.mlops.core.monitor;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Model versions for the monitor's tests. */
final class Models {

  static final List<String> CHURN_CLASSES = List.of("no", "yes");
  static final List<String> IRIS_CLASSES = List.of("setosa", "versicolor", "virginica");

  private Models() {}

  /** A churn classifier: inputs x (number) and plan (a or b), output churn (no or yes). */
  static ModelVersion classifier(int version) {
    return version("churn", version, ModelSignature.of(
        List.of(FieldSpec.scalar("x", DataType.FLOAT64), FieldSpec.categorical("plan",
            List.of("a", "b"))),
        List.of(FieldSpec.categorical("churn", CHURN_CLASSES))),
        Map.of("accuracy", 0.9, "roc_auc", 0.95));
  }

  /** An iris classifier of three classes: inputs x (number) and plan (a or b), output species. */
  static ModelVersion multiclass(int version) {
    return version("iris", version, ModelSignature.of(
        List.of(FieldSpec.scalar("x", DataType.FLOAT64), FieldSpec.categorical("plan",
            List.of("a", "b"))),
        List.of(FieldSpec.categorical("species", IRIS_CLASSES))),
        Map.of("accuracy", 0.8));
  }

  /** A price regressor: input x, output price. */
  static ModelVersion regressor(int version) {
    return version("price", version, ModelSignature.of(
        List.of(FieldSpec.scalar("x", DataType.FLOAT64)),
        List.of(FieldSpec.scalar("price", DataType.FLOAT64))), Map.of("rmse", 1.5));
  }

  private static ModelVersion version(String name, int version, ModelSignature signature,
      Map<String, Double> metrics) {
    return new ModelVersion(name, version, ModelFormat.ONNX,
        List.of(new ArtifactRef("model.onnx", 1, "0".repeat(64))), signature, metrics, Map.of(),
        Map.of(), Lineage.empty(), ModelVersionStatus.READY, Set.of(), null,
        Instant.parse("2026-01-01T00:00:00Z"), "test");
  }
}
