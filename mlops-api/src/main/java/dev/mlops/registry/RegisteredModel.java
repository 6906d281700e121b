package dev.mlops.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model: a name under which versions are published, with its aliases and tags as of when it was
 * read.
 *
 * @param name the model name
 * @param latestVersion the highest version number published so far (archived or not)
 * @param aliases alias name to version number, sorted by alias
 * @param tags model tags
 * @param createdAt when the first version was published
 * @param updatedAt when the model, a version, an alias or a tag last changed
 * @since 0.1
 */
public record RegisteredModel(
    String name,
    int latestVersion,
    Map<String, Integer> aliases,
    Map<String, String> tags,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * Validates and copies the components.
   *
   * @param name the model name
   * @param latestVersion the highest version number published so far (archived or not)
   * @param aliases alias name to version number, sorted by alias
   * @param tags model tags
   * @param createdAt when the first version was published
   * @param updatedAt when the model, a version, an alias or a tag last changed
   * @throws InvalidNameException if the name is invalid
   */
  public RegisteredModel {
    NameRules.checkModelName(name);
    aliases = java.util.Collections.unmodifiableMap(new TreeMap<>(aliases));
    tags = Map.copyOf(tags);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
