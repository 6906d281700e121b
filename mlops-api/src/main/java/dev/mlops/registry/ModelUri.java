package dev.mlops.registry;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A reference to a model version in a registry, in MLflow's notation:
 *
 * <ul>
 *   <li>{@code models:/churn/7}: version 7 of model {@code churn};
 *   <li>{@code models:/churn@production}: the version the alias {@code production} points to;
 *   <li>{@code models:/churn/latest}: the newest version that is not archived.
 * </ul>
 *
 * <p>Create one with {@link #parse(String)} or the factories {@link #version}, {@link #alias} and
 * {@link #latest}. A URI refers; {@link ModelRegistry#resolve(ModelUri)} finds what it refers to.
 *
 * @param name the model name
 * @param kind what the URI selects
 * @param version the version number when {@code kind} is {@link Kind#VERSION}, else 0
 * @param alias the alias when {@code kind} is {@link Kind#ALIAS}, else null
 * @since 0.1
 */
public record ModelUri(String name, Kind kind, int version, @Nullable String alias) {

  /** The scheme of model URIs. */
  public static final String SCHEME = "models";

  /** The word that selects the newest version. */
  public static final String LATEST = "latest";

  private static final String PREFIX = SCHEME + ":/";

  /** What a model URI selects. */
  public enum Kind {
    /** A fixed version number. */
    VERSION,
    /** Whatever version an alias points to when resolved. */
    ALIAS,
    /** The newest version that is not archived, when resolved. */
    LATEST
  }

  /**
   * Validates the components.
   *
   * @param name the model name
   * @param kind what the URI selects
   * @param version the version number when {@code kind} is {@link Kind#VERSION}, else 0
   * @param alias the alias when {@code kind} is {@link Kind#ALIAS}, else null
   * @throws InvalidNameException if the name or alias breaks {@link NameRules}
   * @throws IllegalArgumentException if the version or alias does not fit the kind
   */
  public ModelUri {
    NameRules.checkModelName(name);
    Objects.requireNonNull(kind, "kind");
    switch (kind) {
      case VERSION -> {
        NameRules.checkVersion(name, version);
        if (alias != null) {
          throw new IllegalArgumentException("A version URI has no alias, but got " + alias);
        }
      }
      case ALIAS -> {
        NameRules.checkAlias(Objects.requireNonNull(alias, "alias"));
        if (version != 0) {
          throw new IllegalArgumentException("An alias URI has no version, but got " + version);
        }
      }
      case LATEST -> {
        if (version != 0 || alias != null) {
          throw new IllegalArgumentException("A latest URI has neither version nor alias");
        }
      }
    }
  }

  /**
   * A URI selecting a fixed version.
   *
   * @param name the model name
   * @param version the version number, from 1
   * @return {@code models:/name/version}
   * @throws InvalidNameException if the name is invalid
   * @throws IllegalArgumentException if the version is not positive
   */
  public static ModelUri version(String name, int version) {
    return new ModelUri(name, Kind.VERSION, version, null);
  }

  /**
   * A URI selecting the version an alias points to.
   *
   * @param name the model name
   * @param alias the alias, such as {@code production}
   * @return {@code models:/name@alias}
   * @throws InvalidNameException if the name or alias is invalid
   */
  public static ModelUri alias(String name, String alias) {
    return new ModelUri(name, Kind.ALIAS, 0, alias);
  }

  /**
   * A URI selecting the newest version that is not archived.
   *
   * @param name the model name
   * @return {@code models:/name/latest}
   * @throws InvalidNameException if the name is invalid
   */
  public static ModelUri latest(String name) {
    return new ModelUri(name, Kind.LATEST, 0, null);
  }

  /**
   * Parses {@code models:/NAME/VERSION}, {@code models:/NAME@ALIAS} or {@code models:/NAME/latest}.
   *
   * @param text the URI text
   * @return the parsed URI
   * @throws InvalidModelUriException if the text is not a model URI, naming what is wrong
   */
  public static ModelUri parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new InvalidModelUriException(String.valueOf(text), "it must start with '" + PREFIX + "'");
    }
    String rest = text.substring(PREFIX.length());
    try {
      int at = rest.indexOf('@');
      if (at >= 0) {
        return alias(rest.substring(0, at), rest.substring(at + 1));
      }
      int slash = rest.indexOf('/');
      if (slash < 0) {
        throw new InvalidModelUriException(text, "it names no version, alias or 'latest'");
      }
      String name = rest.substring(0, slash);
      String selector = rest.substring(slash + 1);
      if (selector.equals(LATEST)) {
        return latest(name);
      }
      if (selector.isEmpty() || !selector.chars().allMatch(c -> c >= '0' && c <= '9') || selector.length() > 9) {
        throw new InvalidModelUriException(text, "'" + selector + "' is neither a version number nor 'latest'");
      }
      return version(name, Integer.parseInt(selector));
    } catch (InvalidNameException | IllegalArgumentException e) {
      throw new InvalidModelUriException(text, Objects.toString(e.getMessage(), e.toString()));

    }
  }

  /**
   * The canonical text form, which {@link #parse(String)} reads back.
   *
   * @return such as {@code models:/churn@production}
   */
  @Override
  public String toString() {
    return switch (kind) {
      case VERSION -> PREFIX + name + "/" + version;
      case ALIAS -> PREFIX + name + "@" + alias;
      case LATEST -> PREFIX + name + "/" + LATEST;
    };
  }
}
