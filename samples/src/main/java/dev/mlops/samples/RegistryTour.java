package dev.mlops.samples;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tour of the embedded file registry: registers two versions of a model, promotes one to
 * {@code production} with compare-and-set, follows the alias, rolls back, and prints the audit
 * log. Run it with {@code mvn -pl samples -am compile exec:java}; the registry lives in
 * {@code ./mlops-registry} (or the directory given as the first argument).
 */
public final class RegistryTour {

  private RegistryTour() {}

  /**
   * Runs the tour.
   *
   * @param args optionally, the registry directory
   * @throws IOException if the sample model files cannot be written
   * @throws InterruptedException if interrupted while waiting for events
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path root = Path.of(args.length > 0 ? args[0] : "mlops-registry").toAbsolutePath();
    List<RegistryEvent> events = new CopyOnWriteArrayList<>();
    try (ModelRegistry registry = ModelRegistries.open(root.toUri().toString())) {
      registry.subscribe(events::add);
      ModelSignature signature = ModelSignature.of(
          List.of(FieldSpec.scalar("tenure_months", DataType.FLOAT32),
              FieldSpec.categorical("plan", List.of("basic", "pro"))),
          List.of(FieldSpec.tensor("churn_probability", DataType.FLOAT32, -1, 2)
              .withCategories(List.of("stays", "churns"))))
          .withInputExample(List.of(Map.of("tenure_months", 12.0, "plan", "pro")));

      ModelVersion first = registry.register(request("weights of the first model", signature, 0.81));
      ModelVersion second = registry.register(request("weights of the second model", signature, 0.86));
      System.out.printf("Registered %s (%d bytes, sha256 %s)%n", first.uri(), first.artifactSize(),
          first.artifacts().get(0).sha256());
      System.out.printf("Registered %s%n", second.uri());

      registry.setAlias("churn-tour", "production", first.version(), AliasPrecondition.any(), "initial");
      int current = registry.resolve("models:/churn-tour@production").version();
      registry.setAlias("churn-tour", "production", second.version(), AliasPrecondition.pointsTo(current),
          "better roc_auc: 0.86 > 0.81");
      System.out.println("production -> " + registry.resolve("models:/churn-tour@production").uri());

      try (ModelArtifact artifact = registry.openArtifact("churn-tour", second.version())) {
        System.out.println("Verified artifact in " + artifact.directory());
      }

      registry.setAlias("churn-tour", "production", first.version(),
          AliasPrecondition.pointsTo(second.version()), "rollback drill");
      System.out.println("After rollback production -> "
          + registry.resolve("models:/churn-tour@production").uri());

      System.out.println("Audit log:");
      for (AuditEntry e : registry.auditLog("churn-tour", PageRequest.first(20)).items()) {
        System.out.printf("  #%d %s %-8s %-16s v%s %s %s -> %s %s%n", e.sequence(), e.timestamp(),
            e.actor(), e.action(), e.version(), e.key() == null ? "" : e.key(),
            e.before() == null ? "(none)" : e.before(), e.after() == null ? "(none)" : e.after(),
            e.reason() == null ? "" : "because: " + e.reason());
      }
      Thread.sleep(200);
      System.out.println("Events received in this process: " + events.size());
    }
  }

  private static RegistrationRequest request(String weights, ModelSignature signature, double auc)
      throws IOException {
    Path dir = Files.createTempDirectory("mlops-tour");
    Files.writeString(dir.resolve("model.bin"), weights, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("preprocessing.json"), "{\"scale\": 1.0}", StandardCharsets.UTF_8);
    // The registry stores any format; it checks the files of those the SDK serves (an ONNX file
    // must parse), so these stand-in weights are registered in a format of their own.
    return RegistrationRequest.builder("churn-tour")
        .artifact(dir)
        .format(ModelFormat.of("custom"))
        .signature(signature)
        .metric("roc_auc", auc)
        .param("epochs", "20")
        .lineage(Lineage.builder().seed(42).codeVersion("tour").build())
        .build();
  }
}
