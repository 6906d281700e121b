package dev.mlops.registry.spi;

import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Checks an artifact of one model format before it is registered, so that a file its engine
 * cannot read, or a signature that contradicts the model, is refused before anything is stored.
 *
 * <p>{@link dev.mlops.registry.RegistrationRequest.Builder#build()} asks the inspector installed
 * for the request's format, found with {@link java.util.ServiceLoader} (declare it in {@code
 * META-INF/services/dev.mlops.registry.spi.ArtifactInspector}); a format without one is accepted
 * unchecked. A module that serves a format (such as {@code mlops-xgboost}) provides its inspector,
 * so the check applies wherever that module is on the class path. Inspectors are stateless and
 * thread-safe; they may load the model with its native engine.
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
   * Checks an artifact and the signature given with it.
   *
   * @param artifact the file or directory about to be registered
   * @param signature the signature given with it, or null
   * @return the signature to register: the one given, or one read from the model where none was
   *     given and the format allows it; null only where none was given and none can be read
   * @throws InvalidArtifactException naming the file, if the artifact is not a model of this
   *     format, or the signature is missing where the format needs one or contradicts the model
   *     (naming the first input or output that differs)
   */
  @Nullable ModelSignature inspect(Path artifact, @Nullable ModelSignature signature);
}
