package dev.mlops.jdbc;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model the fleet-monitoring tests watch: a churn classifier whose probability of {@code yes}
 * is sigmoid(x), so every process computes the same scores for the same rows, with the latency a
 * row names. Its registered version carries the reference profile of its training rows, as a
 * trained version does, so monitors read drift's reference from the registry.
 */
final class ScriptedChurn implements Predictor<Map<String, Object>, Prediction> {

  static final String MODEL = "churn";
  static final List<String> CLASSES = List.of("no", "yes");

  private final ModelVersion version;
  private final String idPrefix;
  private final AtomicLong ids = new AtomicLong();

  ScriptedChurn(ModelVersion version, String idPrefix) {
    this.version = version;
    this.idPrefix = idPrefix;
  }

  /** Registers version 1 with its signature and the reference profile of {@link #reference()}. */
  static ModelVersion register(ModelRegistry registry, Path dir) {
    try {
      Path artifact = Files.createDirectories(dir.resolve("churn-artifact"));
      Files.writeString(artifact.resolve("model.txt"), "a scripted model: sigmoid(x)");
      ReferenceProfiles.write(reference(), artifact);
      return registry.register(RegistrationRequest.builder(MODEL).artifact(artifact)
          .format(ModelFormat.of("opaque"))
          .signature(ModelSignature.of(
              List.of(FieldSpec.scalar("x", DataType.FLOAT64),
                  FieldSpec.categorical("plan", List.of("a", "b"))),
              List.of(FieldSpec.categorical("churn", CLASSES))))
          .metrics(Map.of("accuracy", 0.7, "roc_auc", 0.75)).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The training rows' profile: x standard normal, plan a or b. */
  static DatasetProfile reference() {
    DatasetProfile profile = DatasetProfile.builder().numeric("x").categorical("plan").build();
    rows(5, 5000, 0).forEach(profile::update);
    return profile;
  }

  /** Rows of a seed: x normal with mean {@code shift}, plan a or b, a latency of 0.2-5 ms. */
  static List<Map<String, Object>> rows(long seed, int count, double shift) {
    Random random = new Random(seed);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(Map.of("x", random.nextGaussian() + shift, "plan", random.nextBoolean() ? "a" : "b",
          "latencyMicros", 200 + random.nextInt(4800)));
    }
    return rows;
  }

  /** The outcome of a row: yes when x is positive, except every seventh row. */
  static String outcome(Map<String, Object> row, int index) {
    boolean yes = ((Number) row.get("x")).doubleValue() > 0;
    return (index % 7 == 0) != yes ? "yes" : "no";
  }

  @Override
  public Prediction predict(Map<String, Object> input) {
    double x = ((Number) input.get("x")).doubleValue();
    double yes = 1 / (1 + Math.exp(-x));
    Duration latency = Duration.ofNanos(((Number) input.get("latencyMicros")).longValue() * 1000);
    return new Prediction(idPrefix + ids.incrementAndGet(), MODEL, version.version(),
        List.of(1 - yes, yes), yes >= 0.5 ? "yes" : "no", latency);
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
    return inputs.stream().map(this::predict).toList();
  }

  @Override
  public ModelVersion modelVersion() {
    return version;
  }

  @Override
  public void close() {}
}
