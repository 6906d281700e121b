package dev.mlops.core.format.internal;

import java.nio.file.Path;

/**
 * A model file that its format's checks refuse: it does not parse, or it refers to data outside
 * its artifact. Internal: registration turns it into an {@link
 * dev.mlops.registry.InvalidArtifactException}, loading into a {@link
 * dev.mlops.predict.PredictionException}, both naming the file.
 */
public final class ModelFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param file the file at fault
   * @param problem what is wrong with it, without the file name
   */
  public ModelFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
    this.problem = problem;
  }

  /**
   * The file at fault.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }

  /**
   * What is wrong with it.
   *
   * @return the problem, without the file name
   */
  public String problem() {
    return problem;
  }
}
