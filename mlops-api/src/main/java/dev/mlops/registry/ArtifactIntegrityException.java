package dev.mlops.registry;

import dev.mlops.MlopsException;

/**
 * A stored artifact file is missing, has the wrong size, or its SHA-256 does not match the checksum
 * recorded when the version was published. The corrupted bytes are never handed out; restore the
 * file from a backup or register the model again.
 *
 * @since 0.1
 */
public class ArtifactIntegrityException extends MlopsException {

  private static final long serialVersionUID = 1L;

  private final String modelName;
  private final int version;
  private final String file;

  /**
   * Creates the exception.
   *
   * @param modelName the model
   * @param version the version whose artifact is damaged
   * @param file the artifact file, relative to the version's artifact root
   * @param problem what is wrong, such as "SHA-256 is ab12... but 9f3c... was recorded"
   */
  public ArtifactIntegrityException(String modelName, int version, String file, String problem) {
    super("Artifact file '" + file + "' of model '" + modelName + "' version " + version
        + " failed verification: " + problem + ". The file is damaged or was changed after publication.");
    this.modelName = modelName;
    this.version = version;
    this.file = file;
  }

  /**
   * The model whose artifact is damaged.
   *
   * @return the model name
   */
  public String modelName() {
    return modelName;
  }

  /**
   * The version whose artifact is damaged.
   *
   * @return the version number
   */
  public int version() {
    return version;
  }

  /**
   * The damaged file, relative to the artifact root.
   *
   * @return the relative path
   */
  public String file() {
    return file;
  }
}
