package dev.mlops.bench;

import dev.mlops.core.registry.FileModelRegistry;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The tiny churn classifier the benchmarks score (copied from mlops-djl's test fixtures: four
 * features, one float32 input {@code features} of shape [batch, 4], softmax output {@code
 * probabilities} of shape [batch, 3]), its signature, sample rows and their encoding, and the
 * throw-away file registries the benchmarks register it in.
 */
final class ChurnModel {

  /** The ONNX input and output names the fixture was exported with. */
  static final String INPUT = "features";

  /** Features per row. */
  static final int COLUMNS = 4;

  private static final List<String> CONTRACTS = List.of("monthly", "yearly", "two_year");

  static final ModelSignature SIGNATURE = new ModelSignature(
      List.of(
          FieldSpec.scalar("tenure_months", DataType.FLOAT32),
          FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
          FieldSpec.categorical("contract", CONTRACTS),
          FieldSpec.scalar("has_support", DataType.BOOLEAN)),
      List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, 3)
          .withCategories(List.of("stay", "downgrade", "churn"))),
      List.of(Map.of("tenure_months", 12.0, "monthly_charges", 30.0, "contract", "yearly",
          "has_support", true)));

  /**
   * The churn signature over an engine-bound stand-in for the model ({@link #registerPerceptron}):
   * the same inputs, and the probabilities as output {@code y}.
   */
  static final ModelSignature PERCEPTRON_SIGNATURE = new ModelSignature(SIGNATURE.inputs(),
      List.of(FieldSpec.tensor(OnnxTestModels.OUTPUT, DataType.FLOAT32, 3)
          .withCategories(List.of("stay", "downgrade", "churn"))),
      SIGNATURE.inputExample());

  private ChurnModel() {}

  /** Five varied rows, as the maps an application passes to {@code predict}. */
  static List<Map<String, Object>> rows() {
    return List.of(
        row(1.0, 70.5, "monthly", false),
        row(24.0, 45.25, "yearly", true),
        row(60.0, 99.9, "two_year", true),
        row(0.0, 0.0, "monthly", false),
        row(12.5, 20.0, "two_year", false));
  }

  /** {@code count} rows cycling through {@link #rows()}. */
  static List<Map<String, Object>> rows(int count) {
    List<Map<String, Object>> base = rows();
    List<Map<String, Object>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(base.get(i % base.size()));
    }
    return out;
  }

  /**
   * The rows encoded as the model takes them, row-major: what a caller of raw DJL or ONNX Runtime
   * computes itself before each call (contract as its index, the boolean as 0 or 1).
   */
  /** A numeric feature of a generated row, which has every feature. */
  static Number number(Map<String, Object> row, String feature) {
    if (!(row.get(feature) instanceof Number number)) {
      throw new IllegalArgumentException("The row has no number '" + feature + "': " + row);
    }
    return number;
  }

  static float[] encode(List<Map<String, Object>> rows) {

    float[] out = new float[rows.size() * COLUMNS];
    for (int r = 0; r < rows.size(); r++) {
      Map<String, Object> row = rows.get(r);
      out[r * COLUMNS] = number(row, "tenure_months").floatValue();
      out[r * COLUMNS + 1] = number(row, "monthly_charges").floatValue();
      out[r * COLUMNS + 2] = CONTRACTS.indexOf((String) row.get("contract"));
      out[r * COLUMNS + 3] = Boolean.TRUE.equals(row.get("has_support")) ? 1f : 0f;
    }
    return out;
  }

  /**
   * Copies a fixture model out of the class path into a directory, since DJL, ONNX Runtime and the
   * registry all read files.
   *
   * @param fileName {@code churn-v1.onnx} or {@code churn-v2.onnx}
   */
  static Path copyModel(String fileName, Path dir) {
    try (InputStream in = ChurnModel.class.getResourceAsStream("/models/" + fileName)) {
      Path target = dir.resolve(fileName);
      Files.copy(Objects.requireNonNull(in, "fixture " + fileName + " is not on the class path"),
          target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file registry in a directory, without polling (these benchmarks are its only writer). */
  static FileModelRegistry openRegistry(Path root) {
    return FileModelRegistry.builder().root(root).pollInterval(Duration.ZERO).open();
  }

  /** Registers an ONNX fixture under a model name with the churn signature. */
  static ModelVersion register(ModelRegistry registry, String name, Path onnxFile) {
    return registry.register(RegistrationRequest.builder(name).artifact(onnxFile)
        .format(ModelFormat.ONNX).signature(SIGNATURE).build());
  }

  /**
   * Registers, under a model name, a multilayer perceptron over the churn features ({@link
   * OnnxTestModels#multilayerPerceptron}, seed 18) instead of the churn fixture: a model that costs
   * the engine more than the SDK, written into {@code dir}.
   *
   * @param layers hidden layers
   * @param hidden units per hidden layer
   */
  static ModelVersion registerPerceptron(ModelRegistry registry, String name, Path dir,
      int layers, int hidden) {
    try {
      Path file = Files.write(dir.resolve("mlp-" + layers + "x" + hidden + ".onnx"),
          OnnxTestModels.multilayerPerceptron(COLUMNS, hidden, layers, 3, 18));
      return registry.register(RegistrationRequest.builder(name).artifact(file)
          .format(ModelFormat.ONNX).signature(PERCEPTRON_SIGNATURE).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh temporary directory for one benchmark's files. */
  static Path tempDirectory(String prefix) {
    try {
      return Files.createTempDirectory("mlops-bench-" + prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a directory tree, ignoring what is already gone. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      // The registry makes published files read-only.
      all.forEach(p -> p.toFile().setWritable(true));
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> row(double tenure, double charges, String contract,
      boolean support) {
    return Map.of("tenure_months", tenure, "monthly_charges", charges, "contract", contract,
        "has_support", support);
  }
}
