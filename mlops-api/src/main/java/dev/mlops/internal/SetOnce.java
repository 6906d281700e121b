package dev.mlops.internal;

import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one rule of every builder in the SDK: each setting may be given at most once, so that a
 * setting given twice by mistake (two configuration sources, a copied line) fails loudly instead of
 * the last one silently winning. Messages name the setting and, unless it is secret, the value
 * already given.
 */
public final class SetOnce {

  private SetOnce() {}

  /**
   * Checks that a setting was not given before and returns its new value.
   *
   * @param setting the setting's name, as the builder method is called
   * @param current the value given before, or null if none
   * @param value the new value
   * @param <T> the value type
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null, naming the setting
   * @throws IllegalStateException if the setting was given before, naming it and its value
   */
  public static <T> T value(String setting, @Nullable Object current, T value) {
    Objects.requireNonNull(value, setting);
    if (current != null) {
      throw new IllegalStateException(setting + " was already set to " + current);
    }
    return value;
  }

  /**
   * Checks that a secret setting (a token, a password) was not given before and returns its new
   * value. The message does not show the value already given.
   *
   * @param setting the setting's name
   * @param current the value given before, or null if none
   * @param value the new value
   * @param <T> the value type
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null, naming the setting
   * @throws IllegalStateException if the setting was given before, naming only the setting
   */
  public static <T> T secret(String setting, @Nullable Object current, T value) {
    Objects.requireNonNull(value, setting);
    if (current != null) {
      throw new IllegalStateException(setting + " was already set");
    }
    return value;
  }

  /**
   * Records a setting as given, for builders that keep primitive settings with defaults and so
   * cannot tell "not given" from the value.
   *
   * @param given the names of the settings given so far; {@code setting} is added
   * @param setting the setting's name
   * @throws IllegalStateException if the setting was given before, naming it
   */
  public static void mark(Set<String> given, String setting) {
    if (!given.add(setting)) {
      throw new IllegalStateException(setting + " was already set");
    }
  }
}
