package dev.mlops.core.format.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalDataCheckTest {

  @TempDir Path root;

  @Test
  void aLocationBesideOrBelowTheModelFileThatIsAFileOfTheArtifactPasses() throws IOException {
    write("models/model.onnx", "models/weights.bin", "models/data/more.bin");

    assertThatCode(() -> check("models/model.onnx", Set.of("models/model.onnx",
        "models/weights.bin", "models/data/more.bin"), "weights.bin", "./data/more.bin",
        "data/../weights.bin")).doesNotThrowAnyException();
  }

  @Test
  void anAbsoluteLocationIsRefusedWhateverItNames() {
    for (String location : List.of("/etc/passwd", root.resolve("weights.bin").toString(),
        "C:/Windows/win.ini")) {
      assertThatThrownBy(() -> check("model.onnx", Set.of("model.onnx"), location))
          .as(location)
          .isInstanceOf(ModelFileException.class)
          .hasMessageContaining("tensor initializer 'w' keeps its data in another file, '"
              + location + "', an absolute path: ONNX Runtime would read that file of the host");
    }
  }

  @Test
  void aLocationClimbingAboveTheArtifactIsRefused() {
    assertThatThrownBy(() -> check("models/model.onnx", Set.of("models/model.onnx"),
        "../../etc/passwd"))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("'../../etc/passwd', which leaves the artifact's directory");
  }

  @Test
  void aLocationClimbingOutOfTheModelsDirectoryButStayingInTheArtifactMustBeAnArtifactFile()
      throws IOException {
    write("models/model.onnx", "shared.bin");

    assertThatCode(() -> check("models/model.onnx", Set.of("models/model.onnx", "shared.bin"),
        "../shared.bin")).doesNotThrowAnyException();
    assertThatThrownBy(() -> check("models/model.onnx", Set.of("models/model.onnx"),
        "../other.bin"))
        .hasMessageContaining("'../other.bin', which is not a file of the artifact");
  }

  @Test
  void backslashesNulsAndMissingLocationsAreRefused() {
    for (String location : new String[] {"..\\..\\secret.bin", "w\0.bin", ""}) {
      assertThatThrownBy(() -> check("model.onnx", Set.of("model.onnx"), location))
          .isInstanceOf(ModelFileException.class);
    }
    OnnxModel noLocation = model(new ExternalTensor("w", "initializer 'w'", null));
    assertThatThrownBy(() -> ExternalDataCheck.check(noLocation, root.resolve("model.onnx"), root,
        "model.onnx", Set.of("model.onnx")))
        .hasMessageContaining("keeps its data in another file but names no location");
  }

  @Test
  void aFileOfTheArtifactThatIsASymbolicLinkLeavingItIsRefused(@TempDir Path outside)
      throws IOException {
    write("model.onnx");
    Path secret = Files.writeString(outside.resolve("secret.bin"), "host file");
    Files.createSymbolicLink(root.resolve("weights.bin"), secret);

    assertThatThrownBy(() -> check("model.onnx", Set.of("model.onnx", "weights.bin"),
        "weights.bin"))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("leads through a symbolic link to " + secret.toRealPath());
  }

  @Test
  void aDirectoryOfTheArtifactThatIsASymbolicLinkLeavingItIsRefused(@TempDir Path outside)
      throws IOException {
    write("model.onnx");
    Files.writeString(outside.resolve("weights.bin"), "host file");
    Files.createSymbolicLink(root.resolve("data"), outside);

    assertThatThrownBy(() -> check("model.onnx", Set.of("model.onnx", "data/weights.bin"),
        "data/weights.bin"))
        .hasMessageContaining("leads through a symbolic link");
  }

  private void check(String modelPath, Set<String> files, String... locations) {
    for (String location : locations) {
      ExternalDataCheck.check(model(new ExternalTensor("w", "initializer 'w'", location)),
          root.resolve(modelPath), root, modelPath, files);
    }
  }

  private static OnnxModel model(ExternalTensor tensor) {
    OnnxGraph graph = new OnnxGraph(List.of(), List.of(), List.of());
    return new OnnxModel(8, "", Map.of("", 15L), graph, List.of(tensor));
  }

  private void write(String... paths) throws IOException {
    for (String p : paths) {
      Files.createDirectories(root.resolve(p).getParent());
      Files.writeString(root.resolve(p), p);
    }
  }
}
