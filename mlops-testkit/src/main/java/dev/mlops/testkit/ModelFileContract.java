package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Model files of the formats the SDK reads are checked at registration: an ONNX file must parse,
 * a given signature must agree with its graph and a missing one is read from it, and it must
 * keep its external data among the artifact's own files (an absolute location, a {@code ..}
 * or a symbolic link leaving the artifact would make ONNX Runtime read any file of the host into
 * the weights); a TorchScript file must be a TorchScript archive. A refused artifact names the
 * file and leaves no trace; legitimate external data is stored with the model and covered by its
 * checksums.
 */
abstract class ModelFileContract extends ContractGroup {

  private static final float[] WEIGHTS = {0.5f, 1.5f, 2.5f, 3.5f};

  ModelFileContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Override
  boolean testsChanges() {
    return true;
  }

  @Test
  void externalDataInsideTheArtifactIsStoredWithTheModelAndCoveredByItsChecksums() {
    byte[] model = OnnxTestModels.addExternalWeights("data/weights.bin", "big model");
    byte[] weights = OnnxTestModels.weightFile(WEIGHTS);
    Path dir = newDirectory(Map.of("model.onnx", model, "data/weights.bin", weights));

    ModelVersion v = registry().register(onnx(dir));

    assertThat(v.artifacts()).containsExactly(ref("data/weights.bin", weights),
        ref("model.onnx", model));
    try (ModelArtifact artifact = registry().openArtifact("churn", v.version())) {
      assertThat(ArtifactContract.read(artifact.file("data/weights.bin"))).isEqualTo(weights);
    }
  }

  @Test
  void externalDataAtAnAbsolutePathIsRefusedNamingTheFileAndTheLocation() {
    Path secret = newFile("secret.bin", OnnxTestModels.weightFile(WEIGHTS));
    Path dir = newDirectory(Map.of("model.onnx",
        OnnxTestModels.addExternalWeights(secret.toString(), "reads the host")));

    InvalidArtifactException e = refused(onnx(dir));

    assertThat(e.path()).endsWith("model.onnx");
    assertThat(e.getMessage()).contains(secret.toString()).contains("absolute path");
  }

  @Test
  void externalDataClimbingOutOfTheArtifactIsRefused() {
    Path dir = newDirectory(Map.of("model.onnx",
        OnnxTestModels.addExternalWeights("../secret.bin", "climbs out")));
    write(dir.resolveSibling("secret.bin"), OnnxTestModels.weightFile(WEIGHTS));

    InvalidArtifactException e = refused(onnx(dir));

    assertThat(e.getMessage()).contains("'../secret.bin'").contains("leaves the artifact");
  }

  @Test
  void externalDataClimbingOutFromASubdirectoryIsRefused() {
    Path dir = newDirectory(Map.of("nested/model.onnx",
        OnnxTestModels.addExternalWeights("inner/../../../secret.bin", "climbs out"),
        "secret.bin", OnnxTestModels.weightFile(WEIGHTS)));

    refused(onnx(dir));
  }

  @Test
  void externalDataThroughASymbolicLinkLeavingTheArtifactIsRefused() {
    Path outside = newDirectory(Map.of("weights.bin", OnnxTestModels.weightFile(WEIGHTS)));
    Path dir = newDirectory(Map.of("model.onnx",
        OnnxTestModels.addExternalWeights("data/weights.bin", "follows a link")));
    symbolicLink(dir.resolve("data"), outside);

    refused(onnx(dir));
  }

  @Test
  void externalDataThatIsNotPartOfTheArtifactIsRefused() {
    Path model = newFile("model.onnx",
        OnnxTestModels.addExternalWeights("weights.bin", "weights beside it"));
    write(model.resolveSibling("weights.bin"), OnnxTestModels.weightFile(WEIGHTS));

    InvalidArtifactException e = refused(onnx(model));

    assertThat(e.getMessage()).contains("not a file of the artifact")
        .contains("register the directory");
  }

  @Test
  void aRefusedModelLeavesEarlierVersionsAsTheyWere() {
    ModelVersion first = register("churn");
    Path dir = newDirectory(Map.of("model.onnx",
        OnnxTestModels.addExternalWeights("/etc/passwd", "reads the host")));

    thrownBy(InvalidArtifactException.class, () -> registry().register(onnx(dir)));

    assertThat(registry().getModel("churn").latestVersion()).isEqualTo(1);
    assertThat(registry().getVersion("churn", 1)).isEqualTo(first);
    assertThat(auditLog("churn")).hasSize(1);
  }

  @Test
  void anEmptyTruncatedOrRandomOnnxFileIsRefusedNamingIt() {
    byte[] valid = OnnxTestModels.addWeights(WEIGHTS, "valid");
    Map<String, byte[]> broken = Map.of(
        "empty", new byte[0],
        "truncated", Arrays.copyOf(valid, valid.length - 7),
        "random", randomBytes(4096, 99),
        "text", bytes("not a model at all"));
    broken.forEach((what, content) -> {
      Path file = newFile(what + ".onnx", content);
      InvalidArtifactException e = thrownBy(what, InvalidArtifactException.class,
          () -> registry().register(onnx(file)));
      assertThat(e.path()).as(what).endsWith(what + ".onnx");
    });
    assertNoTraceOf("churn");
  }

  @Test
  void anEmptyRandomOrWeightsOnlyTorchScriptFileIsRefusedNamingIt() {
    Map<String, byte[]> broken = Map.of(
        "empty", new byte[0],
        "random", randomBytes(4096, 98),
        "weights-only", zip(Map.of("archive/data.pkl", bytes("pickle"),
            "archive/version", bytes("3"))));
    broken.forEach((what, content) -> {
      Path file = newFile(what + ".pt", content);
      InvalidArtifactException e = thrownBy(what, InvalidArtifactException.class,
          () -> registry().register(RegistrationRequest.builder("churn").artifact(file)
              .format(ModelFormat.TORCHSCRIPT).build()));
      assertThat(e.path()).as(what).endsWith(what + ".pt");
    });
    assertNoTraceOf("churn");
  }

  @Test
  void aTorchScriptArchiveIsAccepted() {
    byte[] archive = zip(Map.of("model/data.pkl", bytes("pickle"), "model/version", bytes("3"),
        "model/code/__torch__.py", bytes("class Model: ...")));

    ModelVersion v = registry().register(RegistrationRequest.builder("churn")
        .artifact(newFile("model.pt", archive)).format(ModelFormat.TORCHSCRIPT).build());

    assertThat(v.artifacts()).containsExactly(ref("model.pt", archive));
  }

  @Test
  void anOnnxModelRegisteredWithoutASignatureGetsTheOneItsGraphDeclares() {
    ModelVersion v = registry().register(onnx(newFile("model.onnx",
        OnnxTestModels.addWeights(WEIGHTS, "no signature given"))));

    ModelSignature expected = ModelSignature.of(
        List.of(FieldSpec.tensor(OnnxTestModels.INPUT, DataType.FLOAT32, -1, 4)),
        List.of(FieldSpec.tensor(OnnxTestModels.OUTPUT, DataType.FLOAT32, -1, 4)));
    assertThat(v.signature()).isEqualTo(expected);
    assertThat(registry().getVersion("churn", 1).signature()).isEqualTo(expected);
  }

  @Test
  void aSignatureThatContradictsTheOnnxGraphIsRefusedNamingTheFieldAndNothingIsStored() {
    Path model = newFile("model.onnx", OnnxTestModels.addWeights(WEIGHTS, "signature checked"));
    ModelSignature fiveColumns = ModelSignature.of(
        List.of(FieldSpec.tensor(OnnxTestModels.INPUT, DataType.FLOAT32, -1, 5)), List.of());

    InvalidSignatureException e = thrownBy(InvalidSignatureException.class,
        () -> registry().register(RegistrationRequest.builder("churn").artifact(model)
            .format(ModelFormat.ONNX).signature(fiveColumns).build()));

    assertThat(e.field()).isEqualTo(OnnxTestModels.INPUT);
    assertThat(e.getMessage()).contains("model.onnx");
    assertNoTraceOf("churn");
  }

  private InvalidArtifactException refused(RegistrationRequest request) {
    InvalidArtifactException e = thrownBy(InvalidArtifactException.class,
        () -> registry().register(request));
    assertNoTraceOf(request.name());
    return e;
  }

  private static RegistrationRequest onnx(Path artifact) {
    return RegistrationRequest.builder("churn").artifact(artifact).format(ModelFormat.ONNX).build();
  }

  private static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
