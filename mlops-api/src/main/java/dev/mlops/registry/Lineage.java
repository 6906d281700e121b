package dev.mlops.registry;

import dev.mlops.internal.SetOnce;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a model version came from, so that it can be audited and reproduced. Every field is
 * optional: a model trained outside the SDK may know little of its history.
 *
 * @param datasetFingerprint SHA-256 of the canonical training data, or null
 * @param codeVersion the version of the training code (a git commit or build version), or null
 * @param configHash a hash of the training configuration, or null
 * @param parentVersion the version this one was retrained from, or null
 * @param seed the random seed of the training run, or null
 * @param runId an identifier of the training run, or null
 * @param trainingStartedAt when training started, or null
 * @param trainingFinishedAt when training finished, or null
 * @param environment versions of what trained it, such as {@code djl}, {@code pytorch}, {@code jvm}
 * @param properties anything else worth recording, as text
 * @since 0.1
 */
public record Lineage(
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

  private static final Lineage EMPTY = builder().build();

  /**

   * Copies the maps.

   *

   * @param datasetFingerprint SHA-256 of the canonical training data, or null

   * @param codeVersion the version of the training code (a git commit or build version), or null

   * @param configHash a hash of the training configuration, or null

   * @param parentVersion the version this one was retrained from, or null

   * @param seed the random seed of the training run, or null

   * @param runId an identifier of the training run, or null

   * @param trainingStartedAt when training started, or null

   * @param trainingFinishedAt when training finished, or null

   * @param environment versions of what trained it, such as {@code djl}, {@code pytorch}, {@code jvm}

   * @param properties anything else worth recording, as text

   */
  public Lineage {
    environment = Map.copyOf(environment);
    properties = Map.copyOf(properties);
  }

  /**
   * A lineage that records nothing.
   *
   * @return the empty lineage
   */
  public static Lineage empty() {
    return EMPTY;
  }

  /**
   * A builder for a lineage.
   *
   * @return a new builder with every field unset
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Lineage}; every setting is optional and may be given once. */
  public static final class Builder {
    private @Nullable String datasetFingerprint;
    private @Nullable String codeVersion;
    private @Nullable String configHash;
    private @Nullable Integer parentVersion;
    private @Nullable Long seed;
    private @Nullable String runId;
    private @Nullable Instant trainingStartedAt;
    private @Nullable Instant trainingFinishedAt;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the dataset fingerprint.
     *
     * @param value SHA-256 of the canonical training data
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder datasetFingerprint(String value) {
      this.datasetFingerprint = SetOnce.value("datasetFingerprint", datasetFingerprint, value);
      return this;
    }

    /**
     * Sets the code version.
     *
     * @param value a git commit or build version
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder codeVersion(String value) {
      this.codeVersion = SetOnce.value("codeVersion", codeVersion, value);
      return this;
    }

    /**
     * Sets the configuration hash.
     *
     * @param value a hash of the training configuration
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder configHash(String value) {
      this.configHash = SetOnce.value("configHash", configHash, value);
      return this;
    }

    /**
     * Sets the parent version.
     *
     * @param value the version this one was retrained from
     * @return this builder
     * @throws IllegalArgumentException if the value is not positive
     * @throws IllegalStateException if already set
     */
    public Builder parentVersion(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("parentVersion must be positive but was " + value);
      }
      this.parentVersion = SetOnce.value("parentVersion", parentVersion, value);
      return this;
    }

    /**
     * Sets the random seed.
     *
     * @param value the seed
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder seed(long value) {
      this.seed = SetOnce.value("seed", seed, value);
      return this;
    }

    /**
     * Sets the training run identifier.
     *
     * @param value the run id
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder runId(String value) {
      this.runId = SetOnce.value("runId", runId, value);
      return this;
    }

    /**
     * Sets when training ran.
     *
     * @param startedAt when it started
     * @param finishedAt when it finished
     * @return this builder
     * @throws IllegalArgumentException if it finished before it started
     * @throws IllegalStateException if already set
     */
    public Builder trainingTime(Instant startedAt, Instant finishedAt) {
      if (finishedAt.isBefore(startedAt)) {
        throw new IllegalArgumentException(
            "Training cannot finish (" + finishedAt + ") before it starts (" + startedAt + ")");
      }
      SetOnce.value("trainingTime", trainingStartedAt == null ? null
          : trainingStartedAt + ".." + trainingFinishedAt, startedAt);
      this.trainingStartedAt = startedAt;
      this.trainingFinishedAt = finishedAt;
      return this;
    }

    /**
     * Records the version of a component of the training environment.
     *
     * @param component such as {@code djl}, {@code pytorch} or {@code jvm}
     * @param version its version
     * @return this builder
     */
    public Builder environment(String component, String version) {
      environment.put(component, version);
      return this;
    }

    /**
     * Records any other property.
     *
     * @param key the property name
     * @param value its value
     * @return this builder
     */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /**
     * Builds the lineage.
     *
     * @return the immutable lineage
     */
    public Lineage build() {
      return new Lineage(datasetFingerprint, codeVersion, configHash, parentVersion, seed, runId,
          trainingStartedAt, trainingFinishedAt, environment, properties);
    }
  }
}
