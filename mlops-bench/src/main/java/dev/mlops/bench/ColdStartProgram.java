package dev.mlops.bench;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The embedded side of {@code mlops-bench/coldstart.sh}: time from JVM start to the first
 * prediction of an application that deploys the churn model from a file registry.
 *
 * <pre>
 * java ... dev.mlops.bench.ColdStartProgram prepare DIR    # a registry with churn@production
 * java ... dev.mlops.bench.ColdStartProgram embedded DIR   # deploy, predict once, exit
 * </pre>
 *
 * <p>{@code embedded} prints {@code first prediction at NANOS}, the wall clock in nanoseconds
 * since the epoch once the first prediction has returned (the clock {@code date +%s%N} reads), so
 * that the script can subtract the moment it started the JVM.
 */
public final class ColdStartProgram {

  private ColdStartProgram() {}

  /**
   * Prepares the registry or measures one cold start.
   *
   * @param args {@code prepare DIR} or {@code embedded DIR}
   */
  public static void main(String[] args) {
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "prepare" -> prepare(dir);
      case "embedded" -> firstPrediction(dir);
      default -> throw new IllegalArgumentException("usage: prepare|embedded DIR");
    }
  }

  private static void prepare(Path dir) {
    try (ModelRegistry registry = ChurnModel.openRegistry(dir.resolve("registry"))) {
      ModelVersion v1 = ChurnModel.register(registry, "churn",
          ChurnModel.copyModel("churn-v1.onnx", dir));
      registry.setAlias("churn", "production", v1.version(), AliasPrecondition.any(), "cold start");
      System.out.println("registered " + v1.uri() + " as models:/churn@production in " + dir);
    }
  }

  private static void firstPrediction(Path dir) {
    try (ModelRegistry registry = ChurnModel.openRegistry(dir.resolve("registry"));
        Deployment<Map<String, Object>, Prediction> churn = DjlPredictors.builder()
            .registry(registry).build().deploy("models:/churn@production")) {
      Prediction prediction = churn.predict(ChurnModel.rows().get(0));
      Instant now = Instant.now();
      System.out.println("first prediction at " + (now.getEpochSecond() * 1_000_000_000L
          + now.getNano()) + " (" + prediction.label() + ")");
    }
  }
}
