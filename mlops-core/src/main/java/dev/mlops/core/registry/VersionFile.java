package dev.mlops.core.registry;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.RegistrationRequest;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code models/NAME/versions/N/version.json}: everything about a version fixed at publication.
 * Written once into the staging directory and never changed, so readers may cache it for good.
 * The on-disk schema is spelled out here rather than borrowed from the API records, so that API
 * changes cannot silently change the file format.
 *
 * @param name the model name
 * @param version the version number
 * @param format the artifact format id
 * @param artifacts the stored files with size and SHA-256, sorted by path
 * @param signature inputs and outputs, or null
 * @param metrics evaluation metrics
 * @param params training parameters
 * @param tags the version tags given at registration (later changes live in {@code state.json})
 * @param lineage where the version came from
 * @param description a note, or null
 * @param createdAt when it was published
 * @param createdBy who published it
 */
record VersionFile(
    String name,
    int version,
    String format,
    List<StoredFile> artifacts,
    @Nullable StoredSignature signature,
    Map<String, Double> metrics,
    Map<String, String> params,
    Map<String, String> tags,
    StoredLineage lineage,
    @Nullable String description,
    Instant createdAt,
    String createdBy) {

  VersionFile {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    metrics = Collections.unmodifiableSortedMap(metrics == null ? new TreeMap<>() : new TreeMap<>(metrics));
    params = TagMaps.copy(params);
    tags = TagMaps.copy(tags);
    lineage = lineage == null ? StoredLineage.of(Lineage.empty()) : lineage;
  }

  static VersionFile of(RegistrationRequest request, @Nullable ModelSignature s, int version,
      List<ArtifactRef> files, Instant createdAt, String createdBy) {
    return new VersionFile(request.name(), version, request.format().id(),
        files.stream().map(StoredFile::of).toList(), s == null ? null : StoredSignature.of(s),
        request.metrics(), request.params(), request.tags(), StoredLineage.of(request.lineage()),
        request.description(), createdAt, createdBy);
  }

  /** The version with its current mutable state. */
  ModelVersion toVersion(ModelVersionStatus status, Map<String, String> currentTags, Set<String> aliases) {
    return new ModelVersion(name, version, new ModelFormat(format),
        artifacts.stream().map(StoredFile::toRef).toList(),
        signature == null ? null : signature.toSignature(), metrics, params, currentTags,
        lineage.toLineage(), status, aliases, description, createdAt, createdBy);
  }

  /** The version as it was published: ready, its registration tags, no aliases. */
  ModelVersion asPublished() {
    return toVersion(ModelVersionStatus.READY, tags, Set.of());
  }

  /**
   * One artifact file.
   *
   * @param path relative, '/'-separated
   * @param size bytes
   * @param sha256 lower-case hex
   */
  record StoredFile(String path, long size, String sha256) {
    static StoredFile of(ArtifactRef ref) {
      return new StoredFile(ref.path(), ref.size(), ref.sha256());
    }

    ArtifactRef toRef() {
      return new ArtifactRef(path, size, sha256);
    }
  }

  /**
   * A model signature.
   *
   * @param inputs the inputs, in order
   * @param outputs the outputs, in order
   * @param inputExample example rows
   */
  record StoredSignature(
      List<StoredField> inputs, List<StoredField> outputs, List<Map<String, Object>> inputExample) {
    StoredSignature {
      inputs = inputs == null ? List.of() : List.copyOf(inputs);
      outputs = outputs == null ? List.of() : List.copyOf(outputs);
      inputExample = inputExample == null ? List.of() : List.copyOf(inputExample);
    }

    static StoredSignature of(ModelSignature s) {
      return new StoredSignature(s.inputs().stream().map(StoredField::of).toList(),
          s.outputs().stream().map(StoredField::of).toList(), s.inputExample());
    }

    ModelSignature toSignature() {
      return new ModelSignature(inputs.stream().map(StoredField::toField).toList(),
          outputs.stream().map(StoredField::toField).toList(), inputExample);
    }
  }

  /**
   * One input or output of a signature.
   *
   * @param name the field name
   * @param type the data type
   * @param shape dimensions, -1 for any size; empty for a scalar
   * @param optional whether the input may be missing
   * @param allowNonFinite whether NaN and infinities are accepted
   * @param categories allowed values of a categorical field, or labels of an output
   * @param description a note, or null
   */
  record StoredField(
      String name,
      DataType type,
      List<Long> shape,
      boolean optional,
      boolean allowNonFinite,
      List<String> categories,
      @Nullable String description) {
    StoredField {
      shape = shape == null ? List.of() : List.copyOf(shape);
      categories = categories == null ? List.of() : List.copyOf(categories);
    }

    static StoredField of(FieldSpec f) {
      return new StoredField(f.name(), f.type(), f.shape(), f.optional(), f.allowNonFinite(),
          f.categories(), f.description());
    }

    FieldSpec toField() {
      return new FieldSpec(name, type, shape, optional, allowNonFinite, categories, description);
    }
  }

  /**
   * A version's lineage.
   *
   * @param datasetFingerprint the training data's fingerprint, or null
   * @param codeVersion the code version, or null
   * @param configHash the configuration's hash, or null
   * @param parentVersion the version this one was derived from, or null
   * @param seed the random seed, or null
   * @param runId the training run, or null
   * @param trainingStartedAt when training started, or null
   * @param trainingFinishedAt when training finished, or null
   * @param environment component versions
   * @param properties anything else
   */
  record StoredLineage(
      @Nullable String datasetFingerprint,
      @Nullable String codeVersion,
      @Nullable String configHash,
      @Nullable Integer parentVersion,
      @Nullable Long seed,
      @Nullable String runId,
      @Nullable Instant trainingStartedAt,
      @Nullable Instant trainingFinishedAt,
      Map<String, String> environment,
      Map<String, String> properties) {
    StoredLineage {
      environment = TagMaps.copy(environment);
      properties = TagMaps.copy(properties);
    }

    static StoredLineage of(Lineage l) {
      return new StoredLineage(l.datasetFingerprint(), l.codeVersion(), l.configHash(),
          l.parentVersion(), l.seed(), l.runId(), l.trainingStartedAt(), l.trainingFinishedAt(),
          l.environment(), l.properties());
    }

    Lineage toLineage() {
      return new Lineage(datasetFingerprint, codeVersion, configHash, parentVersion, seed, runId,
          trainingStartedAt, trainingFinishedAt, environment, properties);
    }
  }
}
