package dev.mlops.core.registry.internal;

import dev.mlops.core.format.internal.ExternalDataCheck;
import dev.mlops.core.format.internal.ModelFileException;
import dev.mlops.core.format.internal.ModelFiles;
import dev.mlops.core.format.internal.OnnxModel;
import dev.mlops.core.format.internal.OnnxReader;
import dev.mlops.core.format.internal.OnnxSignatures;
import dev.mlops.core.format.internal.TorchScriptArchive;
import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.spi.ArtifactInspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A registration request checked before anything is stored, the step every registry (file, JDBC,
 * in-memory) takes first: the artifact's files are scanned ({@link ArtifactSource}), and the model
 * file of a format the SDK reads is checked: an ONNX file must parse and its external data must be
 * files of the artifact ({@link ExternalDataCheck}); a TorchScript file must be a TorchScript
 * archive; a file of another format goes to the {@link ArtifactInspector} installed for it
 * (found with {@link java.util.ServiceLoader}, such as {@code mlops-xgboost}'s), and a format
 * without one is stored unchecked. An artifact that fails is refused, naming the file, and nothing
 * is stored.
 *
 * <p>For ONNX, a given signature is checked against the graph ({@link OnnxSignatures}) and a
 * request without one gets the signature the graph implies, which is what the registry stores; an
 * inspector decides the same for its format.
 *
 * <p>The files are checked where they are given and copied afterwards; a file swapped between the
 * two is caught when the version is loaded, where the same checks run again on the stored copy.
 *
 * @param source the validated files to copy in
 * @param signature the signature to store: the request's, or without one the one inferred from
 *     the model file; null if there is none
 */
public record CheckedRegistration(ArtifactSource source, @Nullable ModelSignature signature) {

  /**
   * Scans and checks a request's artifact.
   *
   * @param request the request
   * @return what to store
   * @throws InvalidArtifactException if the artifact is not acceptable: see {@link
   *     ArtifactSource#scan}, or its model file does not parse, refers to data outside it, or is
   *     refused by its format's inspector
   * @throws dev.mlops.registry.InvalidSignatureException if the given signature contradicts the
   *     model file, naming the first input or output that differs
   */
  public static CheckedRegistration of(RegistrationRequest request) {
    ArtifactSource source = ArtifactSource.scan(request.artifact());
    return new CheckedRegistration(source, checkModelFile(request, source));
  }

  /** Checks the model file; returns the signature to store. */
  private static @Nullable ModelSignature checkModelFile(RegistrationRequest request,
      ArtifactSource source) {
    ModelFormat format = request.format();
    List<String> paths = source.files().stream().map(ArtifactSource.SourceFile::relativePath)
        .toList();
    String modelPath;
    try {
      modelPath = ModelFiles.find(format, paths).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new InvalidArtifactException(request.artifact().toString(),
          Objects.toString(e.getMessage(), e.toString()));

    }
    if (modelPath == null) {
      return request.signature();
    }
    ArtifactSource.SourceFile model = source.files().stream()
        .filter(f -> f.relativePath().equals(modelPath)).findFirst().orElseThrow();
    Path shown = Files.isDirectory(source.root())
        ? request.artifact().resolve(modelPath) : request.artifact();
    try {
      if (ModelFormat.ONNX.equals(format)) {
        OnnxModel onnx = OnnxReader.read(model.location());
        // A single-file source's root is that file, so it has a parent directory.
        Path root = Files.isDirectory(source.root()) ? source.root()
            : Objects.requireNonNull(source.root().toAbsolutePath().getParent());

        Set<String> files = paths.stream().collect(Collectors.toSet());
        ExternalDataCheck.check(onnx, model.location(), root, modelPath, files);
        return signature(request, onnx, modelPath);
      } else if (ModelFormat.TORCHSCRIPT.equals(format)) {
        TorchScriptArchive.check(model.location());
        return request.signature();
      }
      ArtifactInspector inspector = ArtifactInspectors.find(format);
      return inspector == null ? request.signature()
          : inspector.inspect(request.name(), shown, request.signature());
    } catch (ModelFileException e) {
      throw new InvalidArtifactException(shown.toString(), e.problem());
    }
  }

  /** The given signature, checked against the graph, or the one the graph implies. */
  private static @Nullable ModelSignature signature(RegistrationRequest request, OnnxModel onnx,
      String modelPath) {
    ModelSignature given = request.signature();
    if (given == null) {
      return OnnxSignatures.infer(onnx).orElse(null);
    }
    OnnxSignatures.check(given, onnx, request.name(), modelPath);
    return given;
  }
}
