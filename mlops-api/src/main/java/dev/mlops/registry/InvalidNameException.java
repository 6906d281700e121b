package dev.mlops.registry;

import dev.mlops.MlopsException;

/**
 * A model name, alias or tag key does not follow the naming rules in {@link NameRules}.
 *
 * @since 0.1
 */
public class InvalidNameException extends MlopsException {

  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String value;

  /**
   * Creates the exception.
   *
   * @param kind what the name was for ("model name", "alias", "tag key")
   * @param value the rejected value
   * @param rule the rule it broke, in words
   */
  public InvalidNameException(String kind, String value, String rule) {
    super("Invalid " + kind + " '" + value + "': " + rule + ".");
    this.kind = kind;
    this.value = value;
  }

  /**
   * What the rejected name was for.
   *
   * @return "model name", "alias" or "tag key"
   */
  public String kind() {
    return kind;
  }

  /**
   * The rejected value.
   *
   * @return the value as given
   */
  public String value() {
    return value;
  }
}
