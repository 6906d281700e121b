package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.djl.internal.TabularModelPredictor;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import dev.mlops.testkit.InMemoryModelRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PooledPredictorTest {

  static InMemoryModelRegistry registry;
  static DjlPredictors predictors;

  @BeforeAll
  static void open() {
    registry = new InMemoryModelRegistry();
    predictors = DjlPredictors.builder().registry(registry).poolSize(2).maxBatchSize(1024)
        .build();
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"churn-v1.onnx, v1", "churn-v2.pt, v2"})
  void manyThreadsSharingASmallPoolEachGetTheirOwnCorrectResults(String file, String variant)
      throws Exception {
    ModelVersion v = ChurnFixtures.register(registry, "pooled-" + file.replace('.', '-'), file);
    List<Map<String, Object>> rows = ChurnFixtures.rows();
    List<List<Double>> expected = ChurnFixtures.probabilities(variant);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load(v.uri())) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        results.add(pool.submit(() -> {
          int checked = 0;
          for (int i = 0; i < 250; i++) {
            int r = (i + offset) % rows.size();
            Prediction p = predictor.predict(rows.get(r));
            FixturePredictionTest.assertScores(p.scores(), expected.get(r));
            checked++;
          }
          return checked;
        }));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get(2, TimeUnit.MINUTES);
      }
      assertThat(total).isEqualTo(8 * 250);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A modest stand-in for the 1,000,000-prediction soak, which belongs in a benchmark
   * ({@code NativeMemoryProgram} in mlops-bench). Exact check: the number of native arrays the
   * model holds is the same after 2,000 more calls, so every per-call NDManager was closed. The
   * resident set is printed for the record, not asserted: the JVM heap and the engines' allocators
   * move it by tens of MB on their own (docs/architecture.md: no timed or memory assertions).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"churn-v1.onnx", "churn-v1.pt"})
  @EnabledOnOs(value = OS.LINUX, disabledReason = "reads /proc/self/status")
  void nativeMemoryDoesNotGrowWithThePredictionCount(String file) throws IOException {
    ModelVersion v = ChurnFixtures.register(registry, "rss-" + file.replace('.', '-'), file);
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      batch.add(ChurnFixtures.rows().get(i % ChurnFixtures.rows().size()));
    }
    try (TabularModelPredictor predictor = (TabularModelPredictor) predictors.load(v.uri())) {
      for (int i = 0; i < 300; i++) {
        predictor.predictBatch(batch);
      }
      int arraysBefore = predictor.openNativeArrays();
      long rssBefore = residentSetBytes();
      for (int i = 0; i < 2_000; i++) {
        assertThat(predictor.predictBatch(batch)).hasSize(32);
      }
      long rssAfter = residentSetBytes();
      int arraysAfter = predictor.openNativeArrays();
      System.out.printf("[%s] 64,000 rows in 2,000 calls: RSS %d -> %d KB (%+d KB), "
          + "open native arrays %d -> %d%n", file, rssBefore >> 10, rssAfter >> 10,
          (rssAfter - rssBefore) >> 10, arraysBefore, arraysAfter);
      assertThat(arraysAfter).as("native arrays held by the model").isEqualTo(arraysBefore);
    }
  }

  private static long residentSetBytes() throws IOException {
    System.gc();
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmRSS:"))
        .map(l -> l.replaceAll("[^0-9]", ""))
        .mapToLong(Long::parseLong).findFirst().orElseThrow() * 1024;
  }
}
