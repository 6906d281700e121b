package dev.mlops.registry;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * A compare-and-set on an alias lost: the alias did not point where the caller expected, because
 * another thread or process moved it first. Re-read the alias and decide again.
 *
 * @since 0.1
 */
public class VersionConflictException extends MlopsException {

  private static final long serialVersionUID = 1L;

  private final String modelName;
  private final String alias;
  private final AliasPrecondition expected;
  private final @Nullable Integer actualVersion;

  /**
   * Creates the exception.
   *
   * @param modelName the model whose alias was to change
   * @param alias the alias
   * @param expected what the caller expected the alias to point to
   * @param actualVersion the version the alias actually points to, or null if it does not exist
   */
  public VersionConflictException(
      String modelName, String alias, AliasPrecondition expected, @Nullable Integer actualVersion) {
    super("Alias '" + alias + "' of model '" + modelName + "' was expected to be " + expected
        + " but " + (actualVersion == null ? "does not exist" : "points to version " + actualVersion)
        + ". Another writer changed it; re-read it and retry if the change still makes sense.");
    this.modelName = modelName;
    this.alias = alias;
    this.expected = expected;
    this.actualVersion = actualVersion;
  }

  /**
   * The model whose alias was to change.
   *
   * @return the model name
   */
  public String modelName() {
    return modelName;
  }

  /**
   * The alias whose compare-and-set failed.
   *
   * @return the alias
   */
  public String alias() {
    return alias;
  }

  /**
   * What the caller expected.
   *
   * @return the precondition that did not hold
   */
  public AliasPrecondition expected() {
    return expected;
  }

  /**
   * Where the alias pointed when the compare-and-set was attempted.
   *
   * @return the actual version, or null if the alias did not exist
   */
  public @Nullable Integer actualVersion() {
    return actualVersion;
  }
}
