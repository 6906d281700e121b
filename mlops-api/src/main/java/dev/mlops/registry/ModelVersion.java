package dev.mlops.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One published, immutable version of a model: its artifact files with checksums, format,
 * signature, metrics, parameters and lineage, plus the few parts that may change after
 * publication (its tags, its status and the aliases that point to it), as of when it was read.
 *
 * @param name the model name
 * @param version the version number, from 1, increasing per model
 * @param format the artifact's format
 * @param artifacts the artifact files, sorted by path
 * @param signature the inputs and outputs, or null if none was given
 * @param metrics evaluation metrics, such as {@code accuracy}
 * @param params training parameters
 * @param tags version tags
 * @param lineage where the version came from
 * @param status whether the version is ready or archived
 * @param aliases the aliases of the model that point to this version
 * @param description a note for people, or null
 * @param createdAt when the version was published
 * @param createdBy who published it
 * @since 0.1
 */
public record ModelVersion(
    String name,
    int version,
    ModelFormat format,
    List<ArtifactRef> artifacts,
    @Nullable ModelSignature signature,
    Map<String, Double> metrics,
    Map<String, String> params,
    Map<String, String> tags,
    Lineage lineage,
    ModelVersionStatus status,
    Set<String> aliases,
    @Nullable String description,
    Instant createdAt,
    String createdBy) {

  /**
   * Validates and copies the components.
   *
   * @param name the model name
   * @param version the version number, from 1, increasing per model
   * @param format the artifact's format
   * @param artifacts the artifact files, sorted by path
   * @param signature the inputs and outputs, or null if none was given
   * @param metrics evaluation metrics, such as {@code accuracy}
   * @param params training parameters
   * @param tags version tags
   * @param lineage where the version came from
   * @param status whether the version is ready or archived
   * @param aliases the aliases of the model that point to this version
   * @param description a note for people, or null
   * @param createdAt when the version was published
   * @param createdBy who published it
   * @throws IllegalArgumentException if the version is not positive or there are no artifacts
   * @throws InvalidNameException if the name is invalid
   */
  public ModelVersion {
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    Objects.requireNonNull(format, "format");
    artifacts = artifacts.stream().sorted(java.util.Comparator.comparing(ArtifactRef::path)).toList();
    if (artifacts.isEmpty()) {
      throw new IllegalArgumentException("Version " + version + " of '" + name + "' has no artifact files");
    }
    metrics = Map.copyOf(metrics);
    params = Map.copyOf(params);
    tags = Map.copyOf(tags);
    Objects.requireNonNull(lineage, "lineage");
    Objects.requireNonNull(status, "status");
    aliases = Set.copyOf(aliases);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(createdBy, "createdBy");
  }

  /**
   * The URI of exactly this version.
   *
   * @return {@code models:/name/version}
   */
  public ModelUri uri() {
    return ModelUri.version(name, version);
  }

  /**
   * The total size of the artifact files.
   *
   * @return bytes
   */
  public long artifactSize() {
    return artifacts.stream().mapToLong(ArtifactRef::size).sum();
  }

  /**
   * This version as read at another moment: other tags, status or aliases.
   *
   * @param newTags the version tags
   * @param newStatus the status
   * @param newAliases the aliases pointing here
   * @return a copy with the mutable parts replaced
   */
  public ModelVersion withState(
      Map<String, String> newTags, ModelVersionStatus newStatus, Set<String> newAliases) {
    return new ModelVersion(name, version, format, artifacts, signature, metrics, params, newTags,
        lineage, newStatus, newAliases, description, createdAt, createdBy);
  }
}
