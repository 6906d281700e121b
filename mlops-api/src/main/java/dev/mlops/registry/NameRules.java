package dev.mlops.registry;

import java.util.regex.Pattern;

/**
 * The naming rules every registry enforces, so that a name valid in one registry is valid in all.
 *
 * <p>Model names, aliases and tag keys match {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}: they start
 * with a letter or digit, use only letters, digits, dot, underscore and hyphen, and are at most 128
 * characters long. This rules out path separators, {@code ..} and absolute paths, so a name can be
 * used as a file or directory name without escaping the registry root. Aliases additionally may not
 * be {@code latest} (reserved by {@link ModelUri}) nor consist only of digits (which would read as
 * a version number).
 *
 * @since 0.1
 */
public final class NameRules {

  /** The pattern model names, aliases and tag keys must match. */
  public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** The largest tag value, in characters. */
  public static final int MAX_TAG_VALUE_LENGTH = 5000;

  private static final String RULE =
      "must start with a letter or digit, contain only letters, digits, '.', '_' and '-', and be"
          + " 1 to 128 characters long";

  private NameRules() {}

  /**
   * Checks a model name.
   *
   * @param name the candidate name
   * @return the name, for chaining
   * @throws InvalidNameException if the name breaks the rules
   */
  public static String checkModelName(String name) {
    return check("model name", name);
  }

  /**
   * Checks an alias name.
   *
   * @param alias the candidate alias
   * @return the alias, for chaining
   * @throws InvalidNameException if the alias breaks the rules, is {@code latest} or is all digits
   */
  public static String checkAlias(String alias) {
    check("alias", alias);
    if (alias.equals(ModelUri.LATEST)) {
      throw new InvalidNameException("alias", alias, "'latest' is reserved for the newest version");
    }
    if (alias.chars().allMatch(Character::isDigit)) {
      throw new InvalidNameException("alias", alias, "an alias cannot be all digits, which reads as a version");
    }
    return alias;
  }

  /**
   * Checks a tag key.
   *
   * @param key the candidate key
   * @return the key, for chaining
   * @throws InvalidNameException if the key breaks the rules
   */
  public static String checkTagKey(String key) {
    return check("tag key", key);
  }

  /**
   * Checks a tag value.
   *
   * @param key the tag's key, named in the error
   * @param value the candidate value
   * @return the value, for chaining
   * @throws InvalidNameException if the value is longer than {@link #MAX_TAG_VALUE_LENGTH}
   */
  public static String checkTagValue(String key, String value) {
    if (value.length() > MAX_TAG_VALUE_LENGTH) {
      throw new InvalidNameException("value of tag " + key, value.substring(0, 40) + "...",
          "a tag value may be at most " + MAX_TAG_VALUE_LENGTH + " characters, this one has " + value.length());
    }
    return value;
  }

  /**
   * Checks a version number.
   *
   * @param modelName the model, named in the error
   * @param version the candidate version
   * @return the version, for chaining
   * @throws IllegalArgumentException if the version is not positive
   */
  public static int checkVersion(String modelName, int version) {
    if (version < 1) {
      throw new IllegalArgumentException(
          "Version numbers start at 1, but version " + version + " of model '" + modelName + "' was requested");
    }
    return version;
  }

  private static String check(String kind, String value) {
    if (value == null || !NAME_PATTERN.matcher(value).matches()) {
      throw new InvalidNameException(kind, String.valueOf(value), RULE);
    }
    return value;
  }
}
