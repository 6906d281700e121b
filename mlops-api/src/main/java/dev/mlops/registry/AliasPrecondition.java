package dev.mlops.registry;

import org.jspecify.annotations.Nullable;

/**
 * What an alias must point to for a compare-and-set change to go ahead. A writer reads the alias,
 * decides, and changes it only if nobody else changed it in between.
 *
 * @param kind the kind of expectation
 * @param version the expected version when {@code kind} is {@link Kind#VERSION}, else 0
 * @since 0.1
 */
public record AliasPrecondition(Kind kind, int version) {

  private static final AliasPrecondition ANY = new AliasPrecondition(Kind.ANY, 0);
  private static final AliasPrecondition ABSENT = new AliasPrecondition(Kind.ABSENT, 0);

  /** The kinds of expectation. */
  public enum Kind {
    /** No expectation: the change is unconditional. */
    ANY,
    /** The alias must not exist yet. */
    ABSENT,
    /** The alias must point to a given version. */
    VERSION
  }

  /**
   * Validates the components.
   *
   * @param kind the kind of expectation
   * @param version the expected version when {@code kind} is {@link Kind#VERSION}, else 0
   * @throws IllegalArgumentException if a version expectation has no positive version, or another
   *     kind has one
   */
  public AliasPrecondition {
    if (kind == Kind.VERSION ? version < 1 : version != 0) {
      throw new IllegalArgumentException("Invalid alias precondition " + kind + " " + version);
    }
  }

  /**
   * No expectation.
   *
   * @return the unconditional precondition
   */
  public static AliasPrecondition any() {
    return ANY;
  }

  /**
   * The alias must not exist.
   *
   * @return the absent precondition
   */
  public static AliasPrecondition absent() {
    return ABSENT;
  }

  /**
   * The alias must point to this version.
   *
   * @param version the expected version
   * @return the precondition
   * @throws IllegalArgumentException if the version is not positive
   */
  public static AliasPrecondition pointsTo(int version) {
    return new AliasPrecondition(Kind.VERSION, version);
  }

  /**
   * The precondition that the current state satisfies exactly: {@link #absent()} for null.
   *
   * @param current the version the alias points to now, or null
   * @return a precondition that holds now
   */
  public static AliasPrecondition of(@Nullable Integer current) {
    return current == null ? ABSENT : pointsTo(current);
  }

  /**
   * Whether an alias that points to {@code current} satisfies this precondition.
   *
   * @param current the version the alias points to, or null if it does not exist
   * @return true if the change may go ahead
   */
  public boolean isSatisfiedBy(@Nullable Integer current) {
    return switch (kind) {
      case ANY -> true;
      case ABSENT -> current == null;
      case VERSION -> current != null && current == version;
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case ANY -> "anything";
      case ABSENT -> "absent";
      case VERSION -> "version " + version;
    };
  }
}
