package dev.mlops.samples;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's quick start, compiled and run by the tests so that it cannot rot. The body of
 * {@link #run(String, Path)} is what README.md shows.
 */
public final class QuickStart {

  private QuickStart() {}

  /**
   * Runs the quick start.
   *
   * @param args the registry location (such as {@code file:/var/mlops}) and a model file
   */
  public static void main(String[] args) {
    System.out.println("serving " + run(args[0], Path.of(args[1])).uri());
  }

  /**
   * Registers a model file, promotes it and opens its verified artifact.
   *
   * @param location the registry location
   * @param modelFile the model file to register
   * @return the version the {@code production} alias points to
   */
  public static ModelVersion run(String location, Path modelFile) {
    try (ModelRegistry registry = ModelRegistries.open(location)) {
      ModelVersion v = registry.register(RegistrationRequest.builder("churn")
          .artifact(modelFile)
          .format(ModelFormat.ONNX)
          .signature(ModelSignature.of(
              List.of(FieldSpec.scalar("tenure_months", DataType.FLOAT32),
                      FieldSpec.categorical("plan", List.of("basic", "pro"))),
              List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, -1, 2))))
          .metric("roc_auc", 0.91)
          .lineage(Lineage.builder().seed(42).codeVersion("a1b2c3d").build())
          .build());

      // Promote with compare-and-set: fails if someone else moved production meanwhile.
      int current = registry.getModel("churn").aliases().getOrDefault("production", 0);
      registry.setAlias("churn", "production", v.version(),
          current == 0 ? AliasPrecondition.absent() : AliasPrecondition.pointsTo(current), "better model");

      ModelVersion serving = registry.resolve("models:/churn@production");
      try (ModelArtifact files = registry.openArtifact("churn", serving.version())) {
        System.out.println("verified SHA-256, loading from " + files.directory());
      }
      registry.subscribe(event -> System.out.println("registry changed: " + event));
      return serving;
    }
  }
}
