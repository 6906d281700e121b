package dev.mlops.registry;

import dev.mlops.MlopsException;

/**
 * The artifact given for registration cannot be accepted: it does not exist, is empty, is not a
 * regular file or directory, or contains a path or symbolic link that would escape its root.
 *
 * @since 0.1
 */
public class InvalidArtifactException extends MlopsException {

  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * Creates the exception.
   *
   * @param path the offending file or directory, as given or as found inside the artifact
   * @param problem what is wrong with it
   */
  public InvalidArtifactException(String path, String problem) {
    super("Cannot register artifact '" + path + "': " + problem + ".");
    this.path = path;
  }

  /**
   * The offending file or directory.
   *
   * @return the path, as given or as found inside the artifact
   */
  public String path() {
    return path;
  }
}
