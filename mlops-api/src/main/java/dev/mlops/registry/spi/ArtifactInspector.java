package dev.mlops.registry.spi;

import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Checks the model file of one format at registration, so that a file its engine cannot read, or
 * a signature that contradicts the model, is refused before anything is stored.
 *
 * <p>The SDK's registries (file, JDBC, in-memory) check every request the same way before they
 * store it: they scan the artifact, find its model file (the single file, or the one file with
 * the format's extension), check ONNX and TorchScript files themselves, and hand a file of any
 * other format to the inspector installed for it, found with {@link java.util.ServiceLoader}
 * (declare it in {@code META-INF/services/dev.mlops.registry.spi.ArtifactInspector}). A format
 * without an inspector is stored unchecked. A module that serves a format (such as {@code
 * mlops-xgboost} for {@link ModelFormat#XGBOOST}) provides its inspector, so the check applies
 * wherever that module is on the class path.
 *
 * <p>Inspectors are cheap to construct, stateless and thread-safe; they may load the model with
 * its native engine. They must not keep the file open or change it.
 *
 * @since 0.1
 */
public interface ArtifactInspector {

  /**
   * The format this inspector reads.
   *
   * @return the format, such as {@link ModelFormat#XGBOOST}
   */
  ModelFormat format();

  /**
   * Checks a model file and the signature given with it.
   *
   * @param modelName the model being registered, for messages
   * @param modelFile the model file, a regular file, named as the caller gave it (the artifact
   *     itself, or a file inside the artifact directory)
   * @param signature the signature given for registration, or null
   * @return the signature to store: the one given, or one read from the model where none was
   *     given and the format allows it; null only where none was given and none can be read
   * @throws InvalidArtifactException naming the file, if it is not a model of this format that
   *     the engine can read, or the format needs a signature and none was given
   * @throws InvalidSignatureException if the signature contradicts the model, naming the first
   *     input or output that differs
   */
  @Nullable ModelSignature inspect(String modelName, Path modelFile,
      @Nullable ModelSignature signature);
}
