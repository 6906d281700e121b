package dev.mlops.djl.internal;

import dev.mlops.core.format.internal.ExternalDataCheck;
import dev.mlops.core.format.internal.ModelFileException;
import dev.mlops.core.format.internal.ModelFiles;
import dev.mlops.core.format.internal.OnnxModel;
import dev.mlops.core.format.internal.OnnxReader;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds a version's model file and, for ONNX, checks it before any engine sees it: the file must
 * parse, and every tensor's external data must be a file of the verified artifact inside its
 * directory ({@link ExternalDataCheck}). Registration ran the same checks on the files it was
 * given; running them again here covers a file swapped after it was checked, a registry that does
 * not check, and an artifact handed to the loader directly.
 */
final class ModelFileCheck {

  private ModelFileCheck() {}

  /**
   * The model file's path inside the artifact.
   *
   * @param artifact the verified artifact
   * @return the relative path
   * @throws PredictionException if the artifact has several files and not exactly one with the
   *     format's extension
   */
  static String modelPath(ModelArtifact artifact) {
    ModelVersion v = artifact.version();
    List<String> paths = artifact.files().stream().map(ArtifactRef::path).toList();
    try {
      return ModelFiles.find(v.format(), paths).orElseThrow(() -> new PredictionException(
          "Model '" + v.name() + "' version " + v.version() + " has format '" + v.format()
              + "', whose model file the SDK cannot find", null));
    } catch (IllegalArgumentException e) {
      throw fail(v, "cannot be loaded: " + e.getMessage(), e);
    }
  }

  /**
   * Reads and checks an ONNX model file of the artifact.
   *
   * @param artifact the verified artifact
   * @param modelPath the model file's path inside it
   * @return the parsed model
   * @throws PredictionException naming the file if it does not parse or its external data would
   *     leave the artifact
   */
  static OnnxModel onnx(ModelArtifact artifact, String modelPath) {
    ModelVersion v = artifact.version();
    Path file = artifact.file(modelPath);
    try {
      OnnxModel model = OnnxReader.read(file);
      Set<String> files = artifact.files().stream().map(ArtifactRef::path)
          .collect(Collectors.toSet());
      ExternalDataCheck.check(model, file, artifact.directory(), modelPath, files);
      return model;
    } catch (ModelFileException e) {
      throw fail(v, "cannot be loaded from " + modelPath + ": " + e.problem(), e);
    }
  }

  /**
   * Checks the model file of an ONNX version; other formats pass.
   *
   * @param artifact the verified artifact
   * @return the model file's path inside it
   * @throws PredictionException as {@link #modelPath} and {@link #onnx}
   */
  static String checked(ModelArtifact artifact) {
    String modelPath = modelPath(artifact);
    if (ModelFormat.ONNX.equals(artifact.version().format())) {
      onnx(artifact, modelPath);
    }
    return modelPath;
  }

  private static PredictionException fail(ModelVersion v, String problem, Throwable cause) {
    return new PredictionException("Model '" + v.name() + "' version " + v.version() + " "
        + problem, cause);
  }
}
