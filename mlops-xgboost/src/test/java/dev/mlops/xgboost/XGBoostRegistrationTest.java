package dev.mlops.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.xgboost.XGBoostFixtures.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration checks an XGBoost artifact before anything is stored: a file XGBoost cannot read or
 * a missing signature is refused with an {@link InvalidArtifactException} naming the file, a
 * signature that contradicts the model with an {@link InvalidSignatureException} naming the first
 * field that differs, and the registry's files stay exactly as they were.
 */
class XGBoostRegistrationTest {

  @TempDir Path dir;
  Path store;
  ModelRegistry registry;
  Path good;

  @BeforeEach
  void open() throws Exception {
    store = dir.resolve("registry");
    registry = ModelRegistries.open("file:" + store);
    good = XGBoostFixtures.save(Task.BINARY, 0, true, dir.resolve("good.ubj"));
    XGBoostFixtures.register(registry, "churn", good, Task.BINARY);
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void aTruncatedJsonModelIsRefusedNamingTheFile() throws Exception {
    Path json = XGBoostFixtures.save(Task.BINARY, 0, true, dir.resolve("model.json"));
    byte[] bytes = Files.readAllBytes(json);
    Files.write(json, Arrays.copyOf(bytes, bytes.length / 2));
    assertRefusedWithoutChange(json, Task.BINARY.signature(),
        "model.json", "it is not valid JSON: Unexpected end-of-input");
  }

  @Test
  void aTruncatedUbjModelIsRefusedNamingTheFile() throws Exception {
    byte[] bytes = Files.readAllBytes(good);
    Path ubj = Files.write(dir.resolve("cut.ubj"), Arrays.copyOf(bytes, bytes.length / 2));
    assertRefusedWithoutChange(ubj, Task.BINARY.signature(), "cut.ubj",
        "it is not a well-formed XGBoost model file: at byte");
  }

  @Test
  void textThatIsNotAModelAndAnEmptyFileAreRefused() throws Exception {
    assertRefusedWithoutChange(Files.writeString(dir.resolve("notes.json"), "{\"a\": 1}"),
        Task.BINARY.signature(), "notes.json", "it is not an XGBoost model: its learner names no");
    assertRefusedWithoutChange(Files.write(dir.resolve("empty.ubj"), new byte[0]),
        Task.BINARY.signature(), "empty.ubj", "the file is empty");
  }

  @Test
  void aSignatureIsRequired() throws Exception {
    List<String> before = snapshot();
    assertThatThrownBy(() -> registry.register(RegistrationRequest.builder("churn").artifact(good)
        .format(ModelFormat.XGBOOST).build()))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("good.ubj").hasMessageContaining("needs a signature");
    assertThat(snapshot()).as("the registry's files").isEqualTo(before);
  }

  @Test
  void aSignatureWhoseFeatureNamesDifferIsRefusedNamingTheFirstDifference() throws Exception {
    List<FieldSpec> inputs = new ArrayList<>(XGBoostFixtures.INPUTS);
    inputs.set(2, FieldSpec.categorical("plan", XGBoostFixtures.CONTRACTS));
    inputs.set(3, FieldSpec.scalar("support", DataType.BOOLEAN));
    assertContradictionRefused(good, ModelSignature.of(inputs, Task.BINARY.signature().outputs()),
        "plan", "feature 3 of the model is 'contract' but input 3 of the signature is 'plan'");
  }

  @Test
  void aSignatureWithTheWrongFeatureCountIsRefusedNamingTheMissingFeature() throws Exception {
    assertContradictionRefused(good, ModelSignature.of(XGBoostFixtures.INPUTS.subList(0, 3),
            Task.BINARY.signature().outputs()),
        "has_support", "the model takes 4 features but the signature declares 3");
  }

  @Test
  void aSignatureWithTheWrongClassesIsRefused() throws Exception {
    assertContradictionRefused(good, Task.MULTICLASS.signature(), "probability",
        "has 2 classes but the signature's output 'probability' lists 3 categories");
    Path regressor = XGBoostFixtures.save(Task.REGRESSION, 0, true, dir.resolve("reg.json"));
    assertContradictionRefused(regressor, Task.BINARY.signature(), "probability",
        "computes 1 value(s) per row, not class probabilities");
  }

  @Test
  void aScoreOutputOfTheWrongWidthOrALabelOutputOfARegressorIsRefused() throws Exception {
    FieldSpec oneScore = FieldSpec.tensor("probability", DataType.FLOAT32, -1, 1);
    assertContradictionRefused(good, ModelSignature.of(XGBoostFixtures.INPUTS, List.of(oneScore)),
        "probability", "returns 2 score(s) per row but the signature's output 'probability' "
            + "declares 1");
    Path regressor = XGBoostFixtures.save(Task.REGRESSION, 0, true, dir.resolve("reg.json"));
    assertContradictionRefused(regressor, ModelSignature.of(XGBoostFixtures.INPUTS,
            List.of(FieldSpec.scalar("label", DataType.INT64),
                FieldSpec.scalar("prediction", DataType.FLOAT32))),
        "label", "computes values, not classes, but the signature declares the label output");
  }

  @Test
  void everyRegistryOfTheSdkRunsTheSameCheck() throws Exception {
    try (ModelRegistry memory = new InMemoryModelRegistry()) {
      assertThatThrownBy(() -> memory.register(RegistrationRequest.builder("churn")
          .artifact(good).format(ModelFormat.XGBOOST).signature(Task.MULTICLASS.signature())
          .build()))
          .isInstanceOf(InvalidSignatureException.class)
          .hasMessageContaining("has 2 classes");
      assertThat(memory.listModels(PageRequest.first(10)).items()).isEmpty();
    }
  }

  @Test
  void featureNamesAreNotRequiredFromTheModel() throws Exception {
    Path unnamed = XGBoostFixtures.save(Task.BINARY, 0, false, dir.resolve("unnamed.json"));
    List<FieldSpec> inputs = new ArrayList<>(XGBoostFixtures.INPUTS);
    inputs.set(0, FieldSpec.scalar("months", DataType.FLOAT64));
    ModelSignature renamed = ModelSignature.of(inputs, Task.BINARY.signature().outputs());
    assertThat(registry.register(RegistrationRequest.builder("churn").artifact(unnamed)
        .format(ModelFormat.XGBOOST).signature(renamed).build()).version()).isEqualTo(2);
  }

  @Test
  void aDirectoryArtifactNeedsExactlyOneModelFile() throws Exception {
    Path twoModels = Files.createDirectories(dir.resolve("two"));
    Files.copy(good, twoModels.resolve("a.ubj"));
    Files.copy(good, twoModels.resolve("b.ubj"));
    assertRefusedWithoutChange(twoModels, Task.BINARY.signature(), "two",
        "needs exactly one model file ending in [.json, .ubj]");
  }

  private void assertContradictionRefused(Path artifact, ModelSignature signature,
      String field, String problem) throws IOException {
    List<String> before = snapshot();
    assertThatThrownBy(() -> registry.register(RegistrationRequest.builder("churn")
        .artifact(artifact).format(ModelFormat.XGBOOST).signature(signature).build()))
        .isInstanceOfSatisfying(InvalidSignatureException.class, e -> {
          assertThat(e.modelName()).isEqualTo("churn");
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).contains(artifact.getFileName().toString()).contains(problem);
        });
    assertThat(snapshot()).as("the registry's files").isEqualTo(before);
    assertThat(registry.listVersions("churn", PageRequest.first(10)).items()).hasSize(1);
  }

  private void assertRefusedWithoutChange(Path artifact, ModelSignature signature,
      String fileName, String problem) throws IOException {
    List<String> before = snapshot();
    assertThatThrownBy(() -> registry.register(RegistrationRequest.builder("churn")
        .artifact(artifact).format(ModelFormat.XGBOOST).signature(signature).build()))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining(fileName)
        .hasMessageContaining(problem);
    assertThat(snapshot()).as("the registry's files").isEqualTo(before);
    assertThat(registry.listVersions("churn", PageRequest.first(10)).items()).hasSize(1);
  }

  /** Every file of the registry with its size and modification time. */
  private List<String> snapshot() throws IOException {
    try (Stream<Path> files = Files.walk(store)) {
      return files.filter(Files::isRegularFile).map(p -> {
        try {
          return store.relativize(p) + " " + Files.size(p) + " " + Files.getLastModifiedTime(p);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).sorted().toList();
    }
  }
}
