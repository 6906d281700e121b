package dev.mlops.samples;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The README's quick start, compiled and run by the tests so that it cannot rot. The body of
 * {@link #run(String, Path)} is what README.md shows.
 */
public final class QuickStart {

  private QuickStart() {}

  /**
   * Runs the quick start.
   *
   * @param args the registry location (such as {@code file:/var/mlops}) and an ONNX model file
   *     with the signature below (mlops-djl's test fixture {@code churn-v1.onnx} is one)
   */
  public static void main(String[] args) {
    run(args[0], Path.of(args[1]));
  }

  /**
   * Registers an ONNX model, promotes it, deploys what {@code production} points to and scores a
   * customer.
   *
   * @param location the registry location
   * @param modelFile the ONNX model to register
   * @return the prediction
   */
  public static Prediction run(String location, Path modelFile) {
    try (ModelRegistry registry = ModelRegistries.open(location)) {
      ModelVersion v = registry.register(RegistrationRequest.builder("churn")
          .artifact(modelFile).format(ModelFormat.ONNX)
          .signature(ModelSignature.of(
              List.of(FieldSpec.scalar("tenure_months", DataType.FLOAT32),
                      FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
                      FieldSpec.categorical("contract", List.of("monthly", "yearly", "two_year")),
                      FieldSpec.scalar("has_support", DataType.BOOLEAN)),
              List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, -1, 3)
                  .withCategories(List.of("stay", "downgrade", "churn")))))
          .metric("roc_auc", 0.91).build());
      // Promote with compare-and-set: fails if someone else set production meanwhile.
      registry.setAlias("churn", "production", v.version(), AliasPrecondition.absent(), "first");

      // Serve whatever production points to; moving the alias later swaps with no failed call.
      try (Deployment<Map<String, Object>, Prediction> churn =
          DjlPredictors.builder().registry(registry).build().deploy("models:/churn@production")) {
        Prediction p = churn.predict(Map.of("tenure_months", 1.0, "monthly_charges", 70.5,
            "contract", "monthly", "has_support", false));
        System.out.println(p.label() + " " + p.scores() + " by version " + p.version());
        return p;
      }
    }
  }
}
