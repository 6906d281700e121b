package dev.mlops.core.monitor;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Subscription;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a model in production, in-process: wrap a predictor or a deployment and the monitor
 * records, per model version and per time window, the traffic, errors and latency of every call, a
 * bounded-memory profile of the inputs (compared with the version's training-data profile for
 * drift), and the predictions' scores, to which ground-truth outcomes reported later with {@link
 * #recordOutcome} are joined for performance metrics. What it saw is read as immutable {@link
 * MonitorSnapshot}s and published as Micrometer meters ({@link MonitorMeterNames}).
 *
 * <pre>{@code
 * ModelMonitor monitor = ModelMonitor.builder()
 *     .tumblingWindow(Duration.ofMinutes(15))
 *     .registry(registry)                      // reference profiles, classes, training metrics
 *     .meterRegistry(prometheusRegistry)
 *     .build();
 * Deployment<Map<String, Object>, Prediction> churn = monitor.wrap(deployment);
 * Prediction p = churn.predict(row);
 * // ... days later
 * monitor.recordOutcome(p.predictionId(), "yes");
 * monitor.onWindowClosed(snapshot -> retrainPolicy.decide(...));
 * }</pre>
 *
 * <h2>Windows</h2>
 * Windows are aligned to the epoch: tumbling windows of length {@code L} are {@code [kL, (k+1)L)};
 * sliding windows of length {@code L} and step {@code S} end at every multiple of {@code S} and
 * span {@code L}. A window closes once the clock passes its end (checked on every recording call
 * and by {@link #closeElapsedWindows()}); a window in which a version had no activity at all is not
 * recorded. An outcome counts in the window of its prediction, also after the window closed while
 * it is {@linkplain Builder#keptWindows kept}: {@link #closedWindows()} shows the latest metrics
 * and outcome counts, while traffic, latency and drift are final at close.
 *
 * <h2>Cost and memory</h2>
 * A prediction thread only reads the clock and appends a small record to a bounded lock-free ring,
 * one record per call (a batch is one record, however many rows it has); whoever next holds the
 * monitor's lock (a snapshot, an outcome, a window boundary, a ring a
 * quarter full, or a second of clock time) folds the records into the windows. When the ring is
 * full the caller folds it itself, so no prediction is ever lost. A window profile takes about 14
 * KiB per numeric feature (KLL, {@code k} = 600) and up to 1000 counted categories per categorical
 * feature; latency takes at most about 6 KiB per step; performance metrics keep the scores of the joined
 * outcomes (exact ROC AUC), 8 bytes per class and outcome. Latency percentiles are within {@value
 * #LATENCY_RANK_ERROR_PERCENT}% of the true rank (99% confidence).
 *
 * <p>The monitor reads each sampled input map when it folds the record, shortly after the call
 * returns: do not modify an input map after passing it to a monitored predictor.
 *
 * <p>Thread-safe. Closing the monitor stops recording and removes its meters; wrapped predictors
 * keep working.
 *
 * @since 0.1
 */
public final class ModelMonitor implements AutoCloseable {

  /**
   * The rank error of the latency percentiles in percent, 99% confidence: KLL sketches with {@code
   * k} = 200.
   */
  public static final double LATENCY_RANK_ERROR_PERCENT = 1.33;

  private static final Logger LOG = LoggerFactory.getLogger(ModelMonitor.class);
  private static final int RING_CAPACITY = 1 << 14;
  private static final int FOLD_THRESHOLD = RING_CAPACITY / 4;
  private static final long FOLD_INTERVAL_MILLIS = 1000;

  private final Clock clock;
  private final MonitorSettings settings;
  private final Sampler sampler;
  private final MeterRegistry meterRegistry;
  private final VersionSources sources;
  private final RecordBuffer ring = new RecordBuffer(RING_CAPACITY);
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Consumer<MonitorSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private final Queue<MonitorSnapshot> deliveries = new ConcurrentLinkedQueue<>();
  private final Object deliveryOrder = new Object();
  private @Nullable MonitorState state;
  private volatile long nextFoldMillis = Long.MIN_VALUE;
  private volatile boolean closed;

  private ModelMonitor(Builder builder) {
    this.clock = builder.clock;
    this.settings = builder.settings();
    this.sampler = new Sampler(builder.samplingRate, builder.seed);
    this.meterRegistry = builder.meterRegistry;
    this.sources = new VersionSources(builder.registry, builder.profiles);
  }

  /**
   * Starts configuring a monitor.
   *
   * @return a builder with the defaults: one-hour tumbling windows, every row sampled, the system
   *     UTC clock, a {@link SimpleMeterRegistry}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Wraps a predictor so that every call is monitored. The returned predictor behaves as the given
   * one: same results, same exceptions (counted as errors, then rethrown unchanged); closing it
   * closes the given predictor.
   *
   * @param predictor the predictor of tabular rows
   * @return the monitored predictor
   * @throws IllegalArgumentException if the predictor serves another model than one wrapped
   *     before; one monitor watches one model
   * @throws IllegalStateException if the monitor is closed
   */
  public Predictor<Map<String, Object>, Prediction> wrap(
      Predictor<Map<String, Object>, Prediction> predictor) {
    versionServing(predictor.modelVersion());
    return new MonitoredPredictor(predictor, this);
  }

  /**
   * Wraps a deployment so that every call is monitored under the version that computed it; the
   * monitor follows the deployment's swaps. Target, rollback and listeners are the deployment's.
   *
   * @param deployment the deployment of tabular rows
   * @return the monitored deployment
   * @throws IllegalArgumentException if the deployment serves another model than one wrapped
   *     before
   * @throws IllegalStateException if the monitor is closed
   */
  public Deployment<Map<String, Object>, Prediction> wrap(
      Deployment<Map<String, Object>, Prediction> deployment) {
    versionServing(deployment.modelVersion());
    return new MonitoredDeployment(deployment, this);
  }

  /**
   * Joins a ground-truth outcome to the prediction it belongs to. The outcome counts in the window
   * of the prediction; a second outcome for the same prediction counts as a duplicate (the first
   * one stays), and an outcome whose prediction is unknown, was not sampled or left the join buffer
   * counts as unknown in the open window of the version serving most recently.
   *
   * @param predictionId the id of the prediction, from {@link Prediction#predictionId()}
   * @param actual the actual class name ({@code String}) for a classifier, the actual value (a
   *     {@code Number}) for a regression model
   * @throws IllegalArgumentException if the outcome does not fit the model (a number for a
   *     classifier, an unknown class, scores that are not probabilities); the prediction keeps
   *     waiting for a valid outcome
   * @throws IllegalStateException if no predictor was wrapped yet, or the monitor is closed
   */
  public void recordOutcome(String predictionId, Object actual) {
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(actual, "actual");
    lock.lock();
    try {
      long now = clock.millis();
      MonitorState s = maintain(now);
      s.join(predictionId, actual, now);
    } finally {
      unlock();
    }
  }

  /**
   * The open window of the version that served most recently, as of now, with every recorded call
   * folded in. With sliding windows it is the open window that ends first.
   *
   * @return the snapshot; its {@code windowEnd} is now
   * @throws IllegalStateException if no predictor was wrapped yet, or the monitor is closed
   */
  public MonitorSnapshot snapshot() {
    lock.lock();
    try {
      long now = clock.millis();
      MonitorState s = maintain(now);
      return s.openSnapshot(s.servingVersion(), now);
    } finally {
      unlock();
    }
  }

  /**
   * The open window of one version, as of now.
   *
   * @param version the version
   * @return the snapshot
   * @throws IllegalArgumentException if the version was never monitored, naming those that were
   * @throws IllegalStateException if no predictor was wrapped yet, or the monitor is closed
   */
  public MonitorSnapshot snapshot(int version) {
    lock.lock();
    try {
      long now = clock.millis();
      return maintain(now).openSnapshot(version, now);
    } finally {
      unlock();
    }
  }

  /**
   * The closed windows kept, of every version, oldest first. Outcomes that arrived after a window
   * closed are included.
   *
   * @return the snapshots, at most {@link Builder#keptWindows} of them
   * @throws IllegalStateException if no predictor was wrapped yet, or the monitor is closed
   */
  public List<MonitorSnapshot> closedWindows() {
    lock.lock();
    try {
      return maintain(clock.millis()).closedSnapshots();
    } finally {
      unlock();
    }
  }

  /**
   * Folds the recorded calls and closes every window whose end has passed by the clock; listeners
   * hear of each closed window before this method returns. Recording calls do this too, so an
   * application with steady traffic need not call it; one with idle periods may call it on a
   * schedule.
   *
   * @return the windows closed now, oldest first
   * @throws IllegalStateException if no predictor was wrapped yet, or the monitor is closed
   */
  public List<MonitorSnapshot> closeElapsedWindows() {
    lock.lock();
    try {
      long now = clock.millis();
      return foldAndClose(state(now), now);
    } finally {
      unlock();
    }
  }

  /**
   * Adds a listener for closed windows. It is called once per closed window, in order, on the
   * thread that closed it (a recording call or a query), after the monitor's lock is released; an
   * exception it throws is logged.
   *
   * @param listener receives the snapshot of each window as it closes
   * @return the subscription; close it to stop listening
   */
  public Subscription onWindowClosed(Consumer<MonitorSnapshot> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Stops recording, folds what was recorded and removes the monitor's meters from the meter
   * registry. Wrapped predictors keep serving, unmonitored. Idempotent.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (state != null) {
        fold(state);
        state.removeMeters();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The merged input profile of a version's open window, for tests of the memory bound. */
  @Nullable DatasetProfile openWindowProfile(int version) {
    lock.lock();
    try {
      long now = clock.millis();
      return maintain(now).openWindowProfile(version, now);
    } finally {
      unlock();
    }
  }

  /** Records one successful row; the hot path. */
  void recordPrediction(Map<String, ?> input, Prediction prediction) {
    if (closed) {
      return;
    }
    long now = clock.millis();
    append(Observation.success(now, prediction, input, sampler.sample()), now);
  }

  /**
   * Records a successful batch as one record: one clock read and one append for the whole call;
   * the rows are profiled, timed and buffered for outcomes when the record is folded.
   */
  void recordBatch(List<? extends Map<String, ?>> inputs, List<Prediction> predictions) {
    if (closed || predictions.isEmpty()) {
      return;
    }
    // Copies of the lists (not of the rows): the caller may reuse its lists once the call returns.
    List<Prediction> batch = List.copyOf(predictions);
    @Nullable List<Map<String, ?>> rows = sampler.none() ? null : new ArrayList<>(inputs);
    long firstRow = sampler.claim(batch.size());
    long now = clock.millis();
    append(Observation.batch(now, batch, rows, firstRow), now);
  }

  /** Records a failed call of the given number of rows. */
  void recordFailure(Predictor<?, ?> predictor, int rows, boolean invalidInput) {
    if (closed) {
      return;
    }
    int version;
    try {
      version = predictor.modelVersion().version();
    } catch (RuntimeException e) {
      // A closed predictor cannot say which version failed; the caller gets its exception anyway.
      LOG.debug("Failure not recorded: the predictor cannot name its version", e);
      return;
    }
    long now = clock.millis();
    append(Observation.failure(now, version, rows, invalidInput), now);
  }

  /** Learns of a deployment's swap; a closed monitor ignores it. */
  void swapped(ModelVersion version) {
    if (!closed) {
      try {
        versionServing(version);
      } catch (IllegalStateException e) {
        LOG.debug("Swap to {} not recorded: the monitor closed meanwhile", version.uri());
      }
    }
  }

  /** Learns that a version serves now (a wrap or a deployment's swap). */
  void versionServing(ModelVersion version) {
    sources.served(version);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("The monitor is closed; build a new one");
      }
      if (state == null) {
        state = new MonitorState(version.name(), settings, sources, meterRegistry, clock.millis());
        nextFoldMillis = Math.min(state.nextCloseMillis(), clock.millis() + FOLD_INTERVAL_MILLIS);
      } else if (!state.model().equals(version.name())) {
        throw new IllegalArgumentException("This monitor watches model '" + state.model()
            + "' and cannot also watch '" + version.name() + "'; build one monitor per model");
      }
      fold(state);
      state.serving(version.version());
    } finally {
      unlock();
    }
  }

  private void append(Observation observation, long now) {
    if (!ring.offer(observation)) {
      lock.lock();
      try {
        MonitorState s = Objects.requireNonNull(state);
        fold(s);
        s.fold(observation, sampler);
      } finally {
        unlock();
      }
      return;
    }
    // A batch stands for many rows: fold sooner, so that the ring holds about as many rows (and
    // input maps) as with single rows.
    long pending = ring.size() * (long) observation.rows();
    if ((now >= nextFoldMillis || pending >= FOLD_THRESHOLD) && lock.tryLock()) {
      try {
        if (!closed) {
          maintain(now);
        }
      } finally {
        unlock();
      }
    }
  }

  /** Folds, expires and closes; the caller holds the lock. */
  private MonitorState maintain(long now) {
    MonitorState s = state(now);
    foldAndClose(s, now);
    return s;
  }

  private List<MonitorSnapshot> foldAndClose(MonitorState s, long now) {
    fold(s);
    s.expire(now);
    List<MonitorSnapshot> ended = s.closeElapsed(now);
    deliveries.addAll(ended);
    nextFoldMillis = Math.min(s.nextCloseMillis(), now + FOLD_INTERVAL_MILLIS);
    return ended;
  }

  private MonitorState state(long now) {
    if (closed) {
      throw new IllegalStateException("The monitor is closed; build a new one");
    }
    if (state == null) {
      throw new IllegalStateException(
          "Nothing is monitored yet: wrap a predictor or a deployment first");
    }
    return state;
  }

  private void fold(MonitorState s) {
    ring.drain(observation -> s.fold(observation, sampler));
  }

  private void unlock() {
    lock.unlock();
    if (deliveries.isEmpty()) {
      return;
    }
    synchronized (deliveryOrder) {
      MonitorSnapshot snapshot;
      while ((snapshot = deliveries.poll()) != null) {
        for (Consumer<MonitorSnapshot> listener : listeners) {
          try {
            listener.accept(snapshot);
          } catch (RuntimeException e) {
            LOG.warn("A window listener of model '{}' failed on the window ending {}",
                snapshot.modelName(), snapshot.windowEnd(), e);
          }
        }
      }
    }
  }

  /**
   * Configures a {@link ModelMonitor}. Each setting may be given once. Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {

    private Clock clock = Clock.systemUTC();
    private @Nullable Duration windowLength;
    private @Nullable Duration windowStep;
    private double samplingRate = 1.0;
    private long seed;
    private MeterRegistry meterRegistry = new SimpleMeterRegistry();
    private @Nullable ModelRegistry registry;
    private final Map<Integer, DatasetProfile> profiles = new HashMap<>();
    private DriftAnalyzer analyzer = DriftAnalyzer.withDefaults();
    private long minRowsForDrift = 100;
    private int maxPendingOutcomes = 100_000;
    private Duration outcomeTimeToLive = Duration.ofDays(1);
    private int keptWindows = 48;
    private LatencyBuckets latencyBuckets = LatencyBuckets.defaults();
    private @Nullable ObservationRegistry observations;
    private final Set<String> given = new HashSet<>();

    private Builder() {}

    /**
     * The buckets of the {@code mlops.monitor.latency} histogram (Prometheus {@code
     * mlops_monitor_latency_seconds_bucket}), published besides its percentiles. The default is
     * {@link LatencyBuckets#defaults()}.
     *
     * @param buckets the bucket layout
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder latencyBuckets(LatencyBuckets buckets) {
      once("latencyBuckets");
      this.latencyBuckets = Objects.requireNonNull(buckets, "latencyBuckets");
      return this;
    }

    /**
     * Where to report the observation {@code mlops.drift.report}, made when a closed window is
     * compared with the version's reference profile (model, version, outcome {@code drift},
     * {@code no_drift} or {@code failure}). None by default.
     *
     * @param registry the observation registry
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      once("observationRegistry");
      this.observations = Objects.requireNonNull(registry, "observationRegistry");
      return this;
    }

    /**
     * The clock that places calls in windows and closes them. The default is the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if the clock was already set
     */
    public Builder clock(Clock clock) {
      once("clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Tumbling windows: consecutive, non-overlapping windows of one length. The default is one
     * hour.
     *
     * @param length the window length, at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if the length is not positive
     * @throws IllegalStateException if windows were already configured
     */
    public Builder tumblingWindow(Duration length) {
      once("window");
      this.windowLength = positive("window length", length);
      this.windowStep = length;
      return this;
    }

    /**
     * Sliding windows: a window of the given length ends at every multiple of the step, so
     * consecutive windows overlap. The length must be a whole number of steps.
     *
     * @param length the window length
     * @param step how often a window ends, at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if a duration is not positive or the length is not a
     *     multiple of the step
     * @throws IllegalStateException if windows were already configured
     */
    public Builder slidingWindow(Duration length, Duration step) {
      once("window");
      positive("window length", length);
      positive("window step", step);
      if (length.toMillis() % step.toMillis() != 0 || length.toMillis() < step.toMillis()) {
        throw new IllegalArgumentException("The window length " + length
            + " must be a whole number of steps of " + step);
      }
      this.windowLength = length;
      this.windowStep = step;
      return this;
    }

    /**
     * The share of rows whose inputs are profiled and whose predictions wait for outcomes; every
     * row is counted in traffic, errors and latency. Rows are chosen by a seeded hash of their
     * order. The default is 1 (every row).
     *
     * @param rate from 0 to 1
     * @return this builder
     * @throws IllegalArgumentException if the rate is outside [0, 1]
     * @throws IllegalStateException if the rate was already set
     */
    public Builder samplingRate(double rate) {
      once("samplingRate");
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("samplingRate must be in [0, 1] but was " + rate);
      }
      this.samplingRate = rate;
      return this;
    }

    /**
     * The seed of the sampler; the same seed and order of calls sample the same rows. The default
     * is 0.
     *
     * @param seed the seed
     * @return this builder
     * @throws IllegalStateException if the seed was already set
     */
    public Builder seed(long seed) {
      once("seed");
      this.seed = seed;
      return this;
    }

    /**
     * Where the meters go. The default is a private {@link SimpleMeterRegistry}.
     *
     * @param meterRegistry the registry, such as a Prometheus one
     * @return this builder
     * @throws IllegalStateException if the meter registry was already set
     */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      once("meterRegistry");
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * The model registry to read each version's reference profile ({@value
     * ReferenceProfiles#FILE_NAME}, through {@link ReferenceProfiles#read(ModelRegistry, String,
     * int)}), output classes and training metrics from, once per version. Without one, the
     * monitor uses what the wrapped predictors report and the profiles given with {@link
     * #referenceProfile}.
     *
     * @param registry the registry holding the monitored model
     * @return this builder
     * @throws IllegalStateException if the registry was already set
     */
    public Builder registry(ModelRegistry registry) {
      once("registry");
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * The reference profile of one version, overriding the registry's.
     *
     * @param version the version
     * @param profile the profile of its training data; copied
     * @return this builder
     * @throws IllegalStateException if a profile was already given for the version
     */
    public Builder referenceProfile(int version, DatasetProfile profile) {
      once("referenceProfile " + version);
      profiles.put(version, profile.copy());
      return this;
    }

    /**
     * The analyzer that compares a window's profile with the reference. The default is {@link
     * DriftAnalyzer#withDefaults()}.
     *
     * @param analyzer the analyzer
     * @return this builder
     * @throws IllegalStateException if the analyzer was already set
     */
    public Builder driftAnalyzer(DriftAnalyzer analyzer) {
      once("driftAnalyzer");
      this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
      return this;
    }

    /**
     * The fewest profiled rows a window needs before drift is measured; a window with fewer has
     * no drift report. The default is 100.
     *
     * @param rows at least 1
     * @return this builder
     * @throws IllegalArgumentException if rows is below 1
     * @throws IllegalStateException if the minimum was already set
     */
    public Builder minRowsForDrift(long rows) {
      once("minRowsForDrift");
      if (rows < 1) {
        throw new IllegalArgumentException("minRowsForDrift must be at least 1 but was " + rows);
      }
      this.minRowsForDrift = rows;
      return this;
    }

    /**
     * Bounds the join buffer of predictions waiting for outcomes: at most {@code maxPending}
     * predictions (the oldest leaves when full) for at most {@code timeToLive} each. A prediction
     * that leaves unjoined counts as expired. The defaults are 100,000 and one day.
     *
     * @param maxPending at least 1
     * @param timeToLive positive
     * @return this builder
     * @throws IllegalArgumentException if a bound is not positive
     * @throws IllegalStateException if the buffer was already configured
     */
    public Builder joinBuffer(int maxPending, Duration timeToLive) {
      once("joinBuffer");
      if (maxPending < 1) {
        throw new IllegalArgumentException("maxPending must be at least 1 but was " + maxPending);
      }
      this.maxPendingOutcomes = maxPending;
      this.outcomeTimeToLive = positive("timeToLive", timeToLive);
      return this;
    }

    /**
     * How many closed windows (of all versions together) the monitor keeps for {@link
     * #closedWindows()} and for outcomes that arrive after a window closed. The default is 48.
     *
     * @param windows at least 1
     * @return this builder
     * @throws IllegalArgumentException if windows is below 1
     * @throws IllegalStateException if the number was already set
     */
    public Builder keptWindows(int windows) {
      once("keptWindows");
      if (windows < 1) {
        throw new IllegalArgumentException("keptWindows must be at least 1 but was " + windows);
      }
      this.keptWindows = windows;
      return this;
    }

    /**
     * Builds the monitor.
     *
     * @return a monitor; wrap a predictor to start
     */
    public ModelMonitor build() {
      return new ModelMonitor(this);
    }

    private MonitorSettings settings() {
      Duration length = windowLength == null ? Duration.ofHours(1) : windowLength;
      Duration step = windowStep == null ? length : windowStep;
      return new MonitorSettings(step.toMillis(), (int) (length.toMillis() / step.toMillis()),
          minRowsForDrift, analyzer, maxPendingOutcomes, outcomeTimeToLive.toMillis(),
          keptWindows, latencyBuckets, observations);
    }

    private void once(String setting) {
      if (!given.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    private static Duration positive(String what, Duration value) {
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException(what + " must be at least 1 ms but was " + value);
      }
      return value;
    }
  }
}
