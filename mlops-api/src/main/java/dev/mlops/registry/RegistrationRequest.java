package dev.mlops.registry;

import dev.mlops.internal.SetOnce;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to publish a new model version. Build one with {@link #builder(String)}:
 *
 * <pre>{@code
 * RegistrationRequest request = RegistrationRequest.builder("churn")
 *     .artifact(Path.of("model.onnx"))
 *     .format(ModelFormat.ONNX)
 *     .signature(signature)
 *     .metric("roc_auc", 0.91)
 *     .param("epochs", "20")
 *     .build();
 * }</pre>
 *
 * <p>The artifact is a regular file (stored under its file name) or a directory (every regular file
 * in it, recursively, stored under its relative path). Registries copy it in; the source may be
 * deleted once {@link ModelRegistry#register} returns.
 *
 * @since 0.1
 */
public final class RegistrationRequest {

  private final String name;
  private final Path artifact;
  private final ModelFormat format;
  private final @Nullable ModelSignature signature;
  private final Map<String, Double> metrics;
  private final Map<String, String> params;
  private final Map<String, String> tags;
  private final Lineage lineage;
  private final @Nullable String description;

  private RegistrationRequest(Builder b) {
    this.name = b.name;
    this.artifact = Objects.requireNonNull(b.artifact,
        () -> "Registering a version of '" + b.name + "' needs an artifact: call artifact(path)");
    this.format = Objects.requireNonNull(b.format,
        () -> "Registering a version of '" + b.name + "' needs a format: call format(...)");
    this.signature = b.signature;
    this.metrics = Map.copyOf(b.metrics);
    this.params = Map.copyOf(b.params);
    this.tags = Map.copyOf(b.tags);
    this.lineage = b.lineage;
    this.description = b.description;
  }

  /**
   * Starts a request for a new version of a model; the model is created with its first version.
   *
   * @param modelName the model name
   * @return a builder
   * @throws InvalidNameException if the name breaks {@link NameRules}
   */
  public static Builder builder(String modelName) {
    return new Builder(NameRules.checkModelName(modelName));
  }

  /**
   * The model name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The artifact file or directory to copy in.
   *
   * @return the source path
   */
  public Path artifact() {
    return artifact;
  }

  /**
   * The artifact format.
   *
   * @return the format
   */
  public ModelFormat format() {
    return format;
  }

  /**
   * The signature.
   *
   * @return the signature, or null if none was given
   */
  public @Nullable ModelSignature signature() {
    return signature;
  }

  /**
   * Evaluation metrics.
   *
   * @return metric name to value
   */
  public Map<String, Double> metrics() {
    return metrics;
  }

  /**
   * Training parameters.
   *
   * @return parameter name to value
   */
  public Map<String, String> params() {
    return params;
  }

  /**
   * Initial version tags.
   *
   * @return tag key to value
   */
  public Map<String, String> tags() {
    return tags;
  }

  /**
   * The lineage.
   *
   * @return where the version came from
   */
  public Lineage lineage() {
    return lineage;
  }

  /**
   * A note for people.
   *
   * @return the description, or null
   */
  public @Nullable String description() {
    return description;
  }

  /**
   * Builds a {@link RegistrationRequest}. {@link #artifact(Path)} and {@link #format(ModelFormat)}
   * are required; everything else is optional.
   */
  public static final class Builder {
    private final String name;
    private @Nullable Path artifact;
    private @Nullable ModelFormat format;
    private @Nullable ModelSignature signature;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private Lineage lineage = Lineage.empty();
    private @Nullable String description;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the artifact: a regular file or a directory.
     *
     * @param fileOrDirectory the source to copy in
     * @return this builder
     * @throws IllegalStateException if an artifact was already set
     */
    public Builder artifact(Path fileOrDirectory) {
      this.artifact = SetOnce.value("artifact", artifact, fileOrDirectory);
      return this;
    }

    /**
     * Sets the format.
     *
     * @param value the format
     * @return this builder
     * @throws IllegalStateException if a format was already set
     */
    public Builder format(ModelFormat value) {
      this.format = SetOnce.value("format", format, value);
      return this;
    }

    /**
     * Sets the signature. Without one, an ONNX model gets the signature its graph implies at
     * registration; with one, registration checks it against the graph.
     *
     * @param value the inputs and outputs
     * @return this builder
     */
    public Builder signature(ModelSignature value) {
      this.signature = Objects.requireNonNull(value, "signature");
      return this;
    }

    /**
     * Adds an evaluation metric.
     *
     * @param key the metric name
     * @param value its value
     * @return this builder
     * @throws InvalidNameException if the key breaks {@link NameRules}
     * @throws IllegalArgumentException if the value is NaN or infinite
     */
    public Builder metric(String key, double value) {
      NameRules.checkTagKey(key);
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("Metric '" + key + "' must be finite but was " + value);
      }
      metrics.put(key, value);
      return this;
    }

    /**
     * Adds evaluation metrics.
     *
     * @param values metric name to value
     * @return this builder
     * @throws InvalidNameException if a key breaks {@link NameRules}
     * @throws IllegalArgumentException if a value is NaN or infinite
     */
    public Builder metrics(Map<String, Double> values) {
      values.forEach(this::metric);
      return this;
    }

    /**
     * Adds a training parameter.
     *
     * @param key the parameter name
     * @param value its value
     * @return this builder
     * @throws InvalidNameException if the key breaks {@link NameRules} or the value is too long
     */
    public Builder param(String key, String value) {
      params.put(NameRules.checkTagKey(key), NameRules.checkTagValue(key, value));
      return this;
    }

    /**
     * Adds training parameters.
     *
     * @param values parameter name to value
     * @return this builder
     * @throws InvalidNameException if a key breaks {@link NameRules} or a value is too long
     */
    public Builder params(Map<String, String> values) {
      values.forEach(this::param);
      return this;
    }

    /**
     * Adds a version tag.
     *
     * @param key the tag key
     * @param value its value
     * @return this builder
     * @throws InvalidNameException if the key breaks {@link NameRules} or the value is too long
     */
    public Builder tag(String key, String value) {
      tags.put(NameRules.checkTagKey(key), NameRules.checkTagValue(key, value));
      return this;
    }

    /**
     * Sets the lineage.
     *
     * @param value where the version came from
     * @return this builder
     */
    public Builder lineage(Lineage value) {
      this.lineage = Objects.requireNonNull(value, "lineage");
      return this;
    }

    /**
     * Sets a description.
     *
     * @param value a note for people
     * @return this builder
     */
    public Builder description(String value) {
      this.description = value;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the immutable request
     * @throws NullPointerException if the artifact or format is missing, saying which
     */
    public RegistrationRequest build() {
      return new RegistrationRequest(this);
    }
  }
}
