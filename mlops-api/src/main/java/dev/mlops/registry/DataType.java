package dev.mlops.registry;

/**
 * The element type of a signature field.
 *
 * @since 0.1
 */
public enum DataType {
  /** 32-bit IEEE float. */
  FLOAT32,
  /** 64-bit IEEE float. */
  FLOAT64,
  /** 32-bit signed integer. */
  INT32,
  /** 64-bit signed integer. */
  INT64,
  /** true or false. */
  BOOLEAN,
  /** Free text. */
  STRING,
  /** One of a known set of string values (see {@link FieldSpec#categories()}). */
  CATEGORICAL;

  /**
   * Whether values of this type are numbers.
   *
   * @return true for the float and integer types
   */
  public boolean isNumeric() {
    return this == FLOAT32 || this == FLOAT64 || this == INT32 || this == INT64;
  }
}
