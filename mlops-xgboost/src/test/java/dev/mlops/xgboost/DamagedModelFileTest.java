package dev.mlops.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Predictor;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.xgboost.XGBoostFixtures.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged model files are refused in Java, before XGBoost's native loader reads them: without
 * these checks, XGBoost 3.4.0 crashed the JVM on about one damaged UBJ file in eight (a changed
 * length prefix or parent index) and loaded files whose trees point outside themselves. A crash
 * here kills the test JVM, which fails the build.
 */
class DamagedModelFileTest {

  @TempDir Path dir;
  InMemoryModelRegistry registry;
  Path ubj;
  Path json;

  @BeforeEach
  void save() throws Exception {
    registry = new InMemoryModelRegistry();
    ubj = XGBoostFixtures.save(Task.MULTICLASS, 0, true, dir.resolve("model.ubj"));
    json = XGBoostFixtures.save(Task.MULTICLASS, 0, true, dir.resolve("model.json"));
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void aLengthPrefixPointingPastTheEndIsRefused() throws Exception {
    byte[] bytes = Files.readAllBytes(ubj);
    // The object's first key length: '{' 'L' then eight big-endian bytes.
    bytes[4] = 0x7f;
    assertRefused(Files.write(dir.resolve("length.ubj"), bytes),
        "at byte 1, a length of", "points past the end of the file");
  }

  @Test
  void aChildOutsideItsTreeIsRefused() throws Exception {
    assertRefused(damage("\"left_children\":[1,", "\"left_children\":[99,"),
        "tree 0 is damaged: node 0 has child 99");
  }

  @Test
  void aParentThatIsNotTheNodesParentIsRefused() throws Exception {
    assertRefused(damage("\"parents\":[2147483647,0,", "\"parents\":[2147483647,5,"),
        "tree 0 is damaged: node 1 has parent 5, not 0");
  }

  @Test
  void leavesOfANegativeWidthAreRefused() throws Exception {
    assertRefused(damage("\"size_leaf_vector\":\"1\"", "\"size_leaf_vector\":\"-1\""),
        "tree 0 is damaged: its leaves hold -1 values");
  }

  @Test
  void aTreeFeedingAClassThatDoesNotExistIsRefused() throws Exception {
    assertRefused(damage("\"tree_info\":[0,", "\"tree_info\":[7,"),
        "tree 0 is damaged: it feeds output 7 of 3");
  }

  /**
   * 400 damaged files by default; {@code -Dmlops.xgboost.damagedFiles=N} for a longer run (the
   * figure in docs/models.md).
   */
  @Test
  void randomlyDamagedFilesAreRefusedOrServedButNeverCrash() throws Exception {
    int files = Integer.getInteger("mlops.xgboost.damagedFiles", 400);
    byte[] binary = Files.readAllBytes(ubj);
    byte[] text = Files.readAllBytes(json);
    Random random = new Random(20261207);
    int refused = 0;
    int served = 0;
    DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(1).build();
    for (int i = 0; i < files; i++) {
      boolean isJson = i % 2 == 1;
      byte[] damaged = (isJson ? text : binary).clone();
      int at = random.nextInt(damaged.length);
      if (isJson) {
        while (damaged[at] < '0' || damaged[at] > '9') {
          at = random.nextInt(damaged.length);
        }
        damaged[at] = (byte) (random.nextInt(4) == 0 ? '-' : '0' + random.nextInt(10));
      } else {
        damaged[at] = (byte) random.nextInt(256);
      }
      Path file = Files.write(dir.resolve("damaged." + (isJson ? "json" : "ubj")), damaged);
      ModelVersion v;
      try {
        v = XGBoostFixtures.register(registry, "m", file, Task.MULTICLASS);
      } catch (InvalidArtifactException | InvalidSignatureException e) {
        // A damaged feature name or class count contradicts the signature.
        refused++;
        continue;
      }
      // What is accepted must serve: any row, every branch within its tree.
      try (Predictor<Map<String, Object>, Prediction> p = predictors.load(v.uri())) {
        for (Map<String, Object> row : XGBoostFixtures.rows(5, i)) {
          assertThat(p.predict(row).scores()).hasSize(3);
        }
      } catch (dev.mlops.predict.PredictionException e) {
        // A damaged value can still make a model the signature does not describe.
      }
      served++;
    }
    assertThat(refused + served).isEqualTo(files);
    assertThat(refused).isGreaterThan(files / 4);
    System.out.printf("Damaged model files: %d refused, %d registered%n", refused, served);
  }

  private Path damage(String from, String to) throws Exception {
    String text = Files.readString(json, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    return Files.writeString(dir.resolve("damaged.json"), text.replaceFirst(
        java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
  }

  private void assertRefused(Path file, String... parts) {
    assertThatThrownBy(() -> XGBoostFixtures.register(registry, "m", file, Task.MULTICLASS))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContainingAll(parts);
  }
}
