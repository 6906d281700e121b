package dev.mlops.core.training;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.core.estimation.ReferenceScores;
import dev.mlops.core.metrics.MetricDirection;
import dev.mlops.core.metrics.MetricNames;
import dev.mlops.internal.SetOnce;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.NameRules;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.training.DataSource;
import dev.mlops.training.Dataset;
import dev.mlops.training.Evaluator;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingException;
import dev.mlops.training.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains, evaluates and registers a new version of a model, recording every run in a {@link
 * TrainingRunLog}.
 *
 * <pre>{@code
 * TrainingPipeline pipeline = TrainingPipeline.builder(registry, "churn")
 *     .dataSource(CsvDataSource.of(Path.of("churn.csv"), schema))
 *     .trainer(trainer)
 *     .seed(42)
 *     .floor(MetricNames.ACCURACY, 0.7)
 *     .runLog(TrainingRunLog.jsonLines(Path.of("/var/mlops/training-runs.jsonl")))
 *     .build();
 * TrainingRun run = pipeline.run();
 * }</pre>
 *
 * <p>{@link #run()} performs, in order: fetch the data; validate it (rows present, targets of the
 * right type, at least two classes present for classification); split it into training and
 * hold-out rows (seeded, stratified by class for classification, see {@link
 * Builder#holdoutFraction}); train with the seed; reject a model whose training metrics are NaN or
 * infinite; evaluate it on the hold-out rows; check the metric floors; save the model and the
 * reference profile of the training rows ({@link ReferenceProfiles}) into a temporary directory;
 * and register that directory as a new version with metrics, parameters, a signature with an input
 * example, and lineage. The fields recorded, and where each comes from, are listed in {@code
 * docs/training.md}.
 *
 * <p>Any failure along the way (unreadable or invalid data, a {@link TrainingException} from the
 * trainer, a diverged model, an evaluation below a floor, a registry error) ends the run as
 * {@link TrainingRun.Status#FAILED} with the step and the reason; nothing is registered, the
 * temporary directory is deleted, and the failure is logged. {@code run()} returns a failed run
 * rather than throwing; misuse is rejected when the pipeline is built. Only an {@link Error}
 * (such as {@link OutOfMemoryError}) leaves {@code run()}, after the failed run has been
 * recorded. A pipeline is immutable and thread-safe; concurrent runs are independent and register
 * distinct versions.
 *
 * @since 0.1
 */
public final class TrainingPipeline {

  /** The share of rows held out for evaluation unless set otherwise: {@value}. */
  public static final double DEFAULT_HOLDOUT_FRACTION = 0.2;

  /** The alias whose version is the parent of a new one unless set otherwise: {@value}. */
  public static final String DEFAULT_PARENT_ALIAS = "production";

  /** How many training rows make up a registered version's input example: {@value}. */
  public static final int INPUT_EXAMPLE_ROWS = 5;

  /** The parameter (and configuration) key of the hold-out fraction. */
  public static final String PARAM_HOLDOUT_FRACTION = "pipeline.holdout_fraction";

  /** The parameter (and configuration) key of the seed. */
  public static final String PARAM_SEED = "pipeline.seed";

  /** The parameter (and configuration) key of the trainer's class name. */
  public static final String PARAM_TRAINER = "pipeline.trainer";

  private static final Logger LOG = LoggerFactory.getLogger(TrainingPipeline.class);

  private final ModelRegistry registry;
  private final String modelName;
  private final DataSource dataSource;
  private final Trainer trainer;
  private final @Nullable Evaluator evaluator;
  private final double holdoutFraction;
  private final long seed;
  private final List<MetricFloor> floors;
  private final @Nullable Integer parentVersion;
  private final String parentAlias;
  private final @Nullable String codeVersion;
  private final Class<?> codeVersionAnchor;
  private final @Nullable String description;
  private final Map<String, String> tags;
  private final Clock clock;
  private final TrainingRunLog runLog;
  private final @Nullable Path workDirectory;
  private volatile @Nullable String resolvedCodeVersion;

  private TrainingPipeline(Builder b) {
    this.registry = b.registry;
    this.modelName = b.modelName;
    this.dataSource = Objects.requireNonNull(b.dataSource, () -> "The training pipeline of '"
        + b.modelName + "' needs a data source: call dataSource(...)");
    this.trainer = Objects.requireNonNull(b.trainer, () -> "The training pipeline of '"
        + b.modelName + "' needs a trainer: call trainer(...)");
    this.evaluator = b.evaluator;
    this.holdoutFraction = b.holdoutFraction == null ? DEFAULT_HOLDOUT_FRACTION : b.holdoutFraction;
    this.seed = b.seed == null ? 0L : b.seed;
    this.floors = List.copyOf(b.floors.values());
    this.parentVersion = b.parentVersion;
    this.parentAlias = b.parentAlias == null ? DEFAULT_PARENT_ALIAS : b.parentAlias;
    this.codeVersion = b.codeVersion;
    this.codeVersionAnchor = b.codeVersionAnchor == null ? trainer.getClass() : b.codeVersionAnchor;
    this.description = b.description;
    this.tags = Map.copyOf(b.tags);
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.runLog = b.runLog == null ? TrainingRunLog.inMemory() : b.runLog;
    this.workDirectory = b.workDirectory;
  }

  /**
   * Starts configuring a pipeline that registers versions of a model.
   *
   * @param registry where versions are registered
   * @param modelName the model
   * @return a builder; {@link Builder#dataSource} and {@link Builder#trainer} are required
   * @throws dev.mlops.registry.InvalidNameException if the model name breaks {@link NameRules}
   * @since 0.1
   */
  public static Builder builder(ModelRegistry registry, String modelName) {
    return new Builder(Objects.requireNonNull(registry, "registry"),
        NameRules.checkModelName(modelName));
  }

  /**
   * The model this pipeline trains.
   *
   * @return the model name
   * @since 0.1
   */
  public String modelName() {
    return modelName;
  }

  /**
   * The log every run is recorded in.
   *
   * @return the run log
   * @since 0.1
   */
  public TrainingRunLog runLog() {
    return runLog;
  }

  /**
   * Runs the pipeline once: fetch, validate, split, train, evaluate, check floors, save, register.
   * The run is recorded in the {@link #runLog()} whether it succeeds or fails; if recording fails,
   * that is logged as an error and the run is still returned.
   *
   * @return the run: {@link TrainingRun.Status#SUCCEEDED} with the registered version and its
   *     hold-out metrics, or {@link TrainingRun.Status#FAILED} with the step that failed and why
   *     (and the hold-out metrics if it got as far as evaluating); never null
   * @throws Error only an {@link Error} raised by a plug-in or the JVM, after recording the run as
   *     failed; every other failure is returned as a failed run
   * @since 0.1
   */
  public TrainingRun run() {
    return run(Map.of());
  }

  /**
   * Runs the pipeline as {@link #run()} does, registering the version with extra tags besides
   * the pipeline's own: what a {@link dev.mlops.core.lifecycle.TrainingJob} is given, so that
   * {@code pipeline::run} serves as one.
   *
   * @param versionTags tags for the registered version; they win over the pipeline's own tags
   *     of the same key
   * @return the run, as {@link #run()} returns it
   * @throws IllegalArgumentException if a tag key or value is invalid
   * @throws Error only an {@link Error} raised by a plug-in or the JVM, after recording the run as
   *     failed
   * @since 0.1
   */
  public TrainingRun run(Map<String, String> versionTags) {
    versionTags.keySet().forEach(NameRules::checkTagKey);
    String runId = UUID.randomUUID().toString();
    Instant startedAt = clock.instant();
    LOG.info("Training run {} of model '{}' started: data from {}, trainer {}, seed {}",
        runId, modelName, describeSource(), trainer.getClass().getName(), seed);
    Attempt attempt = new Attempt(runId, startedAt, Map.copyOf(versionTags));
    TrainingRun run;
    try {
      ModelVersion version = attempt.execute();
      run = new TrainingRun(runId, modelName, TrainingRun.Status.SUCCEEDED, version,
          attempt.metrics, null, startedAt, clock.instant());
      LOG.info("Training run {} registered model '{}' version {} with metrics {}",
          runId, modelName, version.version(), attempt.metrics);
    } catch (RuntimeException e) {
      run = failed(attempt, e);
    } catch (Error e) {
      // Not a failure a run can report (out of memory, a broken class path): record it, rethrow.
      record(failed(attempt, e));
      throw e;
    }
    record(run);
    return run;
  }

  @Override
  public String toString() {
    return "TrainingPipeline[model=" + modelName + ", data=" + describeSource()
        + ", trainer=" + trainer.getClass().getName() + ", seed=" + seed + "]";
  }

  // For logs only: a source whose describe() fails must not stop a run before it is recorded.
  private String describeSource() {
    try {
      return dataSource.describe();
    } catch (RuntimeException e) {
      return dataSource.getClass().getName() + " (describe() failed: " + e + ")";
    }
  }

  private TrainingRun failed(Attempt attempt, Throwable e) {
    String reason = attempt.step.label + ": " + describe(e);
    if (e instanceof TrainingException) {
      // An expected outcome (bad data, divergence, a missed floor): the reason says it all.
      LOG.warn("Training run {} of model '{}' failed; nothing was registered. {}",
          attempt.runId, modelName, reason);
    } else {
      LOG.warn("Training run {} of model '{}' failed; nothing was registered. {}",
          attempt.runId, modelName, reason, e);
    }
    return new TrainingRun(attempt.runId, modelName, TrainingRun.Status.FAILED, null,
        attempt.metrics, reason, attempt.startedAt, clock.instant());
  }

  private void record(TrainingRun run) {
    try {
      runLog.record(run);
    } catch (RuntimeException e) {
      LOG.error("Training run {} of model '{}' ({}) could not be recorded in {}",
          run.runId(), modelName, run.status(), runLog, e);
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof TrainingException && message != null) {
      return message;
    }
    return message == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + message;
  }

  private String codeVersion() {
    String v = resolvedCodeVersion;
    if (v == null) {
      v = CodeVersion.resolve(codeVersion, codeVersionAnchor,
          Path.of(System.getProperty("user.dir", ".")));
      resolvedCodeVersion = v;
    }
    return v;
  }

  /** The steps of a run, named in the failure reason of a failed run. */
  private enum Step {
    FETCH("Fetching data"),
    VALIDATE("Validating data"),
    SPLIT("Splitting into training and hold-out rows"),
    PARENT("Finding the parent version"),
    CONFIGURE("Reading the trainer configuration"),
    TRAIN("Training"),
    EVALUATE("Evaluating on the hold-out rows"),
    FLOORS("Checking metric floors"),
    LINEAGE("Collecting lineage"),
    SAVE("Saving the model"),
    PROFILE("Profiling the training data"),
    REGISTER("Registering");

    final String label;

    Step(String label) {
      this.label = label;
    }
  }

  /** One run's progress: the step it is at and the metrics it has, for the failure record. */
  private final class Attempt {
    private final String runId;
    private final Instant startedAt;
    private final Map<String, String> versionTags;
    private Step step = Step.FETCH;
    private Map<String, Double> metrics = Map.of();

    Attempt(String runId, Instant startedAt, Map<String, String> versionTags) {
      this.runId = runId;
      this.startedAt = startedAt;
      this.versionTags = versionTags;
    }

    ModelVersion execute() {
      Dataset data = Objects.requireNonNull(dataSource.fetch(),
          () -> "the data source " + dataSource.describe() + " returned no dataset");
      step = Step.VALIDATE;
      TrainingDataChecks.checkData(data, dataSource.describe());
      step = Step.SPLIT;
      HoldoutSplit split = HoldoutSplit.of(data, holdoutFraction, seed);
      Dataset training = data.subset(split.training());
      Dataset holdout = data.subset(split.holdout());
      step = Step.PARENT;
      Integer parent = parentVersion != null ? parentVersion : aliasTarget();
      step = Step.CONFIGURE;
      Map<String, String> configuration = configuration();
      step = Step.TRAIN;
      Instant trainingStartedAt = clock.instant();
      TrainedModel model = Objects.requireNonNull(trainer.train(training, seed),
          () -> "the trainer " + trainer.getClass().getName() + " returned no model");
      try {
        Instant trainingFinishedAt = clock.instant();
        TrainingDataChecks.checkTrainingMetrics(model);
        step = Step.EVALUATE;
        Evaluator e = evaluator != null ? evaluator
            : data.classification() ? ClassificationEvaluator.create()
            : RegressionEvaluator.create();
        metrics = TrainingDataChecks.checkedMetrics(e.evaluate(model, holdout));
        step = Step.FLOORS;
        TrainingDataChecks.checkFloors(floors, metrics);
        step = Step.LINEAGE;
        Lineage lineage = lineage(data, configuration, parent, model, training, holdout,
            trainingStartedAt, trainingFinishedAt);
        return saveAndRegister(model, training, holdout, configuration, lineage);
      } finally {
        closeQuietly(model);
      }
    }

    private ModelVersion saveAndRegister(TrainedModel model, Dataset training, Dataset holdout,
        Map<String, String> configuration, Lineage lineage) {
      step = Step.SAVE;
      Path work = createWorkDirectory();
      try {
        Path artifact = work.resolve("artifact");
        model.save(artifact);
        requireFiles(artifact, model);
        step = Step.PROFILE;
        DatasetProfile profile = TrainingDataProfile.of(training);
        ReferenceProfiles.write(profile, artifact);
        if (holdout.classification()) {
          writeReferenceScores(model, holdout, artifact);
        }
        step = Step.REGISTER;
        Map<String, String> params = new LinkedHashMap<>(configuration);
        params.putAll(model.parameters());
        params.putAll(pipelineSettings());
        RegistrationRequest.Builder request = RegistrationRequest.builder(modelName)
            .artifact(artifact)
            .format(model.format())
            .signature(model.signature().withInputExample(inputExample(training)))
            .metrics(metrics)
            .params(params)
            .lineage(lineage);
        tags.forEach((key, value) -> {
          if (!versionTags.containsKey(key)) {
            request.tag(key, value);
          }
        });
        versionTags.forEach(request::tag);
        if (description != null) {
          request.description(description);
        }
        return registry.register(request.build());
      } finally {
        deleteRecursively(work);
      }
    }

    /**
     * Writes the classifier's hold-out scores and labels ({@link ReferenceScores}), from which
     * monitors estimate performance before labels arrive. Outputs that are not class
     * probabilities (possible with a custom evaluator) leave the version without them.
     */
    private void writeReferenceScores(TrainedModel model, Dataset holdout, Path artifact) {
      List<String> classes = holdout.target().categories();
      double[][] scores = new double[holdout.size()][];
      List<String> labels = new ArrayList<>(holdout.size());
      try {
        Predictions.score(model, holdout, classes.size(), "one probability per class " + classes,
            (row, probabilities) -> {
              scores[row] = probabilities.clone();
              labels.add((String) holdout.target(row));
            });
        ReferenceScores.of(classes, scores, labels).write(artifact);
      } catch (IllegalArgumentException e) {
        LOG.warn("Model '{}': no {} for performance estimation: {}", modelName,
            ReferenceScores.FILE_NAME, e.getMessage());
      }
    }

    private Lineage lineage(Dataset data, Map<String, String> configuration,
        @Nullable Integer parent, TrainedModel model, Dataset training, Dataset holdout,
        Instant trainingStartedAt, Instant trainingFinishedAt) {
      Lineage.Builder lineage = Lineage.builder()
          .datasetFingerprint(data.fingerprint())
          .codeVersion(codeVersion())
          .configHash(ConfigHash.of(configuration))
          .seed(seed)
          .runId(runId)
          .trainingTime(trainingStartedAt, trainingFinishedAt)
          .property("dataSource", dataSource.describe())
          .property("trainRows", Integer.toString(training.size()))
          .property("holdoutRows", Integer.toString(holdout.size()));
      if (parent != null) {
        lineage.parentVersion(parent);
      }
      model.environment().forEach(lineage::environment);
      lineage.environment("java.version", System.getProperty("java.version", "unknown"));
      return lineage.build();
    }

    private @Nullable Integer aliasTarget() {
      RegisteredModel existing;
      try {
        existing = registry.getModel(modelName);
      } catch (ModelNotFoundException e) {
        return null;
      }
      return existing.aliases().get(parentAlias);
    }
  }

  private Map<String, String> pipelineSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(PARAM_HOLDOUT_FRACTION, Double.toString(holdoutFraction));
    settings.put(PARAM_SEED, Long.toString(seed));
    settings.put(PARAM_TRAINER, trainer.getClass().getName());
    return settings;
  }

  /** The trainer's configuration and the pipeline's settings, whose hash is the configHash. */
  private Map<String, String> configuration() {
    Map<String, String> trainerConfiguration = trainer.configuration();
    Map<String, String> configuration = new LinkedHashMap<>(trainerConfiguration);
    for (Map.Entry<String, String> setting : pipelineSettings().entrySet()) {
      if (configuration.containsKey(setting.getKey())) {
        throw new TrainingException("The trainer configuration uses the key '" + setting.getKey()
            + "', which the pipeline reserves for its own setting; rename it");
      }
      configuration.put(setting.getKey(), setting.getValue());
    }
    return configuration;
  }

  private static List<Map<String, Object>> inputExample(Dataset training) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int r = 0; r < Math.min(INPUT_EXAMPLE_ROWS, training.size()); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      training.features(r).forEach((name, value) -> {
        if (value != null) {
          row.put(name, value);
        }
      });
      rows.add(row);
    }
    return rows;
  }

  private Path createWorkDirectory() {
    try {
      return workDirectory == null
          ? Files.createTempDirectory("mlops-train-")
          : Files.createTempDirectory(Files.createDirectories(workDirectory), "mlops-train-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory"
          + (workDirectory == null ? "" : " in " + workDirectory) + ": " + e, e);
    }
  }

  private static void requireFiles(Path artifact, TrainedModel model) {
    boolean empty;
    try (Stream<Path> files = Files.exists(artifact) ? Files.list(artifact) : Stream.empty()) {
      empty = files.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + artifact + ": " + e, e);
    }
    if (empty) {
      throw new TrainingException("The model (" + model.getClass().getName() + ", format "
          + model.format() + ") wrote nothing to " + artifact);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Cannot delete the temporary training directory {}: {}", directory, e.toString());
    }
  }

  private static void closeQuietly(TrainedModel model) {
    try {
      model.close();
    } catch (RuntimeException e) {
      LOG.warn("Closing the trained model {} failed", model.getClass().getName(), e);
    }
  }

  /**
   * Configures a {@link TrainingPipeline}. {@link #dataSource} and {@link #trainer} are required;
   * every other setting is optional, has a documented default, and may be set once. Not
   * thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final ModelRegistry registry;
    private final String modelName;
    private @Nullable DataSource dataSource;
    private @Nullable Trainer trainer;
    private @Nullable Evaluator evaluator;
    private @Nullable Double holdoutFraction;
    private @Nullable Long seed;
    private final Map<String, MetricFloor> floors = new LinkedHashMap<>();
    private @Nullable Integer parentVersion;
    private @Nullable String parentAlias;
    private @Nullable String codeVersion;
    private @Nullable Class<?> codeVersionAnchor;
    private @Nullable String description;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private @Nullable Clock clock;
    private @Nullable TrainingRunLog runLog;
    private @Nullable Path workDirectory;

    private Builder(ModelRegistry registry, String modelName) {
      this.registry = registry;
      this.modelName = modelName;
    }

    /**
     * Sets where the data comes from (required). It is fetched once per run.
     *
     * @param value the data source
     * @return this builder
     * @throws IllegalStateException if a data source was already set
     * @since 0.1
     */
    public Builder dataSource(DataSource value) {
      dataSource = SetOnce.value("dataSource", dataSource, value);
      return this;
    }

    /**
     * Sets the trainer (required).
     *
     * @param value the trainer
     * @return this builder
     * @throws IllegalStateException if a trainer was already set
     * @since 0.1
     */
    public Builder trainer(Trainer value) {
      trainer = SetOnce.value("trainer", trainer, value);
      return this;
    }

    /**
     * Sets the evaluator. The default depends on the data: a {@link
     * ClassificationEvaluator#create()} for a categorical target, a {@link
     * RegressionEvaluator#create()} for a numeric one.
     *
     * @param value the evaluator
     * @return this builder
     * @throws IllegalStateException if an evaluator was already set
     * @since 0.1
     */
    public Builder evaluator(Evaluator value) {
      evaluator = SetOnce.value("evaluator", evaluator, value);
      return this;
    }

    /**
     * Sets the share of rows held out for evaluation; the default is {@value
     * TrainingPipeline#DEFAULT_HOLDOUT_FRACTION}. For classification each class contributes
     * {@code round(fraction × its rows)} rows, keeping at least one of its rows for training; for
     * regression {@code round(fraction × rows)} rows are held out. A run fails if either set would
     * be empty.
     *
     * @param value strictly between 0 and 1
     * @return this builder
     * @throws IllegalArgumentException if the value is not strictly between 0 and 1
     * @throws IllegalStateException if the fraction was already set
     * @since 0.1
     */
    public Builder holdoutFraction(double value) {
      if (!(value > 0 && value < 1)) {
        throw new IllegalArgumentException(
            "holdoutFraction must be strictly between 0 and 1 but was " + value);
      }
      holdoutFraction = SetOnce.value("holdoutFraction", holdoutFraction, value);
      return this;
    }

    /**
     * Sets the seed of the split and of the trainer; the default is 0. The same data, trainer
     * configuration and seed give the same split, model and metrics.
     *
     * @param value the seed
     * @return this builder
     * @throws IllegalStateException if the seed was already set
     * @since 0.1
     */
    public Builder seed(long value) {
      seed = SetOnce.value("seed", seed, value);
      return this;
    }

    /**
     * Requires a hold-out metric to reach a bound, in the metric's own direction ({@link
     * MetricNames#direction}): at least {@code bound} for a metric where higher is better (such
     * as {@code accuracy}), at most {@code bound} where lower is better (such as {@code
     * log_loss} or {@code rmse}). A run whose evaluation misses a floor, or lacks the metric,
     * fails and registers nothing.
     *
     * @param metric one of the {@link MetricNames}
     * @param bound the value to reach
     * @return this builder
     * @throws IllegalArgumentException if the metric is not one of the {@link MetricNames} (use
     *     {@link #floor(String, double, MetricDirection)} for others), the bound is not finite, or
     *     the metric already has a floor
     * @since 0.1
     */
    public Builder floor(String metric, double bound) {
      return floor(metric, bound, MetricNames.direction(metric));
    }

    /**
     * Requires a hold-out metric to reach a bound in the given direction: at least {@code bound}
     * if higher is better, at most {@code bound} if lower is better. For metrics of a custom
     * evaluator.
     *
     * @param metric the metric name
     * @param bound the value to reach
     * @param direction which way is better
     * @return this builder
     * @throws IllegalArgumentException if the bound is not finite or the metric already has a
     *     floor
     * @since 0.1
     */
    public Builder floor(String metric, double bound, MetricDirection direction) {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(direction, "direction");
      MetricFloor floor = new MetricFloor(metric, bound, direction);
      if (floors.putIfAbsent(metric, floor) != null) {
        throw new IllegalArgumentException("Metric '" + metric + "' already has a floor ("
            + floors.get(metric).bound() + ")");
      }
      return this;
    }

    /**
     * Records a fixed parent version in the lineage instead of the version an alias points to.
     *
     * @param value the version new versions are retrained from
     * @return this builder
     * @throws IllegalArgumentException if the version is not positive
     * @throws IllegalStateException if a parent version or parent alias was already set
     * @since 0.1
     */
    public Builder parentVersion(int value) {
      NameRules.checkVersion(modelName, value);
      if (parentAlias != null) {
        throw new IllegalStateException("parentAlias was already set to '" + parentAlias
            + "'; set either a parent version or a parent alias");
      }
      parentVersion = SetOnce.value("parentVersion", parentVersion, value);
      return this;
    }

    /**
     * Sets the alias whose version, when a run starts, is recorded as the parent of the new
     * version; the default is {@value TrainingPipeline#DEFAULT_PARENT_ALIAS}. A model or alias
     * that does not exist yet means no parent.
     *
     * @param value the alias
     * @return this builder
     * @throws dev.mlops.registry.InvalidNameException if the alias breaks {@link NameRules}
     * @throws IllegalStateException if a parent version or parent alias was already set
     * @since 0.1
     */
    public Builder parentAlias(String value) {
      NameRules.checkAlias(value);
      if (parentVersion != null) {
        throw new IllegalStateException("parentVersion was already set to " + parentVersion
            + "; set either a parent version or a parent alias");
      }
      parentAlias = SetOnce.value("parentAlias", parentAlias, value);
      return this;
    }

    /**
     * Sets the code version recorded in the lineage. Without it the pipeline uses, in order: the
     * {@code Implementation-Version} of the jar manifest of {@link #codeVersionFrom the anchor
     * class} (by default the trainer's class); the output of {@code git describe --always
     * --dirty} if the working directory is inside a git work tree; {@code unknown}. That search
     * runs once per pipeline, at its first run.
     *
     * @param value such as a build version or a commit
     * @return this builder
     * @throws IllegalArgumentException if the value is blank
     * @throws IllegalStateException if the code version was already set
     * @since 0.1
     */
    public Builder codeVersion(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("codeVersion must not be blank");
      }
      codeVersion = SetOnce.value("codeVersion", codeVersion, value);
      return this;
    }

    /**
     * Sets the class whose jar manifest's {@code Implementation-Version} is the code version when
     * none is set explicitly, such as the application's main class; the default is the trainer's
     * class.
     *
     * @param value the anchor class
     * @return this builder
     * @throws IllegalStateException if the anchor was already set
     * @since 0.1
     */
    public Builder codeVersionFrom(Class<?> value) {
      codeVersionAnchor = SetOnce.value("codeVersionFrom", codeVersionAnchor, value);
      return this;
    }

    /**
     * Sets the description of registered versions.
     *
     * @param value a note for people
     * @return this builder
     * @throws IllegalStateException if the description was already set
     * @since 0.1
     */
    public Builder description(String value) {
      description = SetOnce.value("description", description, value);
      return this;
    }

    /**
     * Adds a tag to every registered version.
     *
     * @param key the tag key
     * @param value its value
     * @return this builder
     * @throws dev.mlops.registry.InvalidNameException if the key breaks {@link NameRules} or the
     *     value is too long
     * @throws IllegalStateException if the tag was already set
     * @since 0.1
     */
    public Builder tag(String key, String value) {
      NameRules.checkTagValue(key, value);
      tags.put(NameRules.checkTagKey(key), SetOnce.value("tag '" + key + "'", tags.get(key), value));
      return this;
    }

    /**
     * Sets the clock that times runs and training; the default is {@link Clock#systemUTC()}.
     *
     * @param value the clock
     * @return this builder
     * @throws IllegalStateException if the clock was already set
     * @since 0.1
     */
    public Builder clock(Clock value) {
      clock = SetOnce.value("clock", clock, value);
      return this;
    }

    /**
     * Sets the log runs are recorded in; the default is {@link TrainingRunLog#inMemory()}.
     *
     * @param value the run log
     * @return this builder
     * @throws IllegalStateException if the run log was already set
     * @since 0.1
     */
    public Builder runLog(TrainingRunLog value) {
      runLog = SetOnce.value("runLog", runLog, value);
      return this;
    }

    /**
     * Sets the directory in which each run creates (and deletes) its temporary directory; the
     * default is the system's temporary directory ({@code java.io.tmpdir}).
     *
     * @param value the directory; created if missing
     * @return this builder
     * @throws IllegalStateException if the directory was already set
     * @since 0.1
     */
    public Builder workDirectory(Path value) {
      workDirectory = SetOnce.value("workDirectory", workDirectory, value);
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @return the pipeline
     * @throws NullPointerException if the data source or trainer is missing, saying which
     * @since 0.1
     */
    public TrainingPipeline build() {
      return new TrainingPipeline(this);
    }
  }
}
