package dev.mlops.core.monitor;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.core.estimation.BinaryPerformanceEstimator;
import dev.mlops.core.estimation.DirectLossEstimator;
import dev.mlops.core.estimation.MulticlassPerformanceEstimator;
import dev.mlops.core.estimation.ReferenceScores;
import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.drift.StreamDriftDetector;
import dev.mlops.internal.SetOnce;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.StreamDetection;
import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.StoredPrediction;
import dev.mlops.monitor.spi.WindowPartial;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Subscription;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a model in production, in-process: wrap a predictor or a deployment and the monitor
 * records, per model version and per time window, the traffic, errors and latency of every call, a
 * bounded-memory profile of the inputs (compared with the version's training-data profile for
 * drift), and the predictions' scores, to which ground-truth outcomes reported later with {@link
 * #recordOutcome} are joined for performance metrics. Before the outcomes arrive, a classifier's
 * windows carry performance estimated from the scores (CBPE, one-vs-rest for more than two
 * classes, fitted on the version's {@linkplain ReferenceScores reference scores}). What it saw is
 * read as immutable {@link MonitorSnapshot}s and published as Micrometer meters ({@link
 * MonitorMeterNames}).
 *
 * <pre>{@code
 * ModelMonitor monitor = ModelMonitor.builder()
 *     .tumblingWindow(Duration.ofMinutes(15))
 *     .registry(registry)                      // reference profiles and scores, classes, metrics
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
 * <h2>Streaming detectors</h2>
 * {@link Builder#errorStreamDetector} and {@link Builder#scoreStreamDetector} attach {@link
 * StreamDriftDetector}s, one instance per version, fed each joined prediction's error or each
 * sampled prediction's score under the monitor's lock; their detections are recorded in the
 * window in which they fired ({@link MonitorSnapshot#detections()}). Not available with a store.
 *
 * <h2>Fleets</h2>
 * With a {@linkplain Builder#store shared store}, every instance of an application writes what it
 * observed there: its panes as partials and its sampled predictions waiting for outcomes, in
 * batches on a thread of the monitor's own, never on the prediction path. Outcomes are then
 * joined through the store, so {@link #recordOutcome} works on any instance, for predictions of
 * any other, also after restarts; {@link #fleet()} reads the fleet's windows, and the gauges show
 * the fleet's last closed window. This monitor's own snapshots keep showing what this instance
 * served (traffic, latency, drift), without performance metrics, which exist only fleet-wide.
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
  private final List<Consumer<JoinedOutcome>> outcomeListeners = new CopyOnWriteArrayList<>();
  private final Queue<MonitorSnapshot> deliveries = new ConcurrentLinkedQueue<>();
  private final Object deliveryOrder = new Object();
  private final @Nullable MonitorStore store;
  private final @Nullable FleetSettings fleetSettings;
  private final @Nullable FleetSnapshots fleetSnapshots;
  private @Nullable MonitorState state;
  private @Nullable StoreWriter writer;
  private volatile long nextFoldMillis = Long.MIN_VALUE;
  private volatile boolean closed;
  private volatile boolean geometryRecorded;

  private ModelMonitor(Builder builder) {
    this.clock = builder.clock;
    this.settings = builder.settings();
    this.sampler = new Sampler(builder.samplingRate, builder.seed);
    this.meterRegistry = builder.meterRegistry;
    this.sources = new VersionSources(builder.registry, builder.profiles, builder.estimators,
        settings.decisionThreshold());
    this.store = builder.store;
    this.fleetSettings = builder.fleetSettings(settings);
    this.fleetSnapshots = store == null ? null : new FleetSnapshots(store, clock,
        settings.analyzer(), settings.minRowsForDrift(), settings.decisionThreshold(),
        builder.registry, sources);
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
   * counts as unknown in the open window of the version serving most recently. With a shared
   * store, the outcome is joined through the store, to a prediction any instance made.
   *
   * @param predictionId the id of the prediction, from {@link Prediction#predictionId()}
   * @param actual the actual class name ({@code String}) for a classifier, the actual value (a
   *     {@code Number}) for a regression model
   * @return whether it joined, was a duplicate or was unknown
   * @throws IllegalArgumentException if the outcome does not fit the model (a number for a
   *     classifier, an unknown class, scores that are not probabilities); the prediction keeps
   *     waiting for a valid outcome
   * @throws IllegalStateException if no predictor was wrapped yet, or the monitor is closed
   * @throws dev.mlops.MlopsException if the shared store cannot be reached; nothing was joined
   */
  public JoinResult recordOutcome(String predictionId, Object actual) {
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(actual, "actual");
    OutcomeReceipt receipt = recordOutcomes(Map.of(predictionId, actual));
    return receipt.joined() == 1 ? JoinResult.JOINED
        : receipt.duplicates() == 1 ? JoinResult.ALREADY_JOINED : JoinResult.NOT_FOUND;
  }

  /**
   * Joins ground-truth outcomes to their predictions, as {@link #recordOutcome} does for one, all
   * or none: every outcome is checked before any is joined.
   *
   * @param outcomes the actual class name or value by prediction id
   * @return how many joined, were duplicates, were unknown
   * @throws IllegalArgumentException if an outcome does not fit its prediction, naming it; none is
   *     joined then
   * @throws IllegalStateException if no predictor was wrapped yet, or the monitor is closed
   * @throws dev.mlops.MlopsException if the shared store cannot be reached; nothing was joined
   */
  public OutcomeReceipt recordOutcomes(Map<String, ?> outcomes) {
    outcomes.forEach((id, actual) -> {
      Objects.requireNonNull(id, "predictionId");
      Objects.requireNonNull(actual, () -> "the outcome of prediction " + id);
    });
    if (store != null) {
      return recordThroughStore(store, outcomes);
    }
    @Nullable List<JoinedOutcome> joined = outcomeListeners.isEmpty() ? null : new ArrayList<>();
    OutcomeReceipt receipt;
    lock.lock();
    try {
      long now = clock.millis();
      MonitorState s = maintain(now);
      outcomes.forEach(s::check);
      long[] counts = new long[3];
      outcomes.forEach((id, actual) -> counts[s.join(id, actual, now, joined).ordinal()]++);
      s.refreshLateOutcomes();
      receipt = new OutcomeReceipt(counts[0], counts[1], counts[2]);
    } finally {
      unlock();
    }
    if (joined != null) {
      deliver(joined);
    }
    return receipt;
  }

  /** Hands joined outcomes to the outcome listeners, outside the monitor's lock. */
  private void deliver(List<JoinedOutcome> joined) {
    for (JoinedOutcome outcome : joined) {
      for (Consumer<JoinedOutcome> listener : outcomeListeners) {
        try {
          listener.accept(outcome);
        } catch (RuntimeException e) {
          LOG.warn("An outcome listener of model '{}' failed on the outcome of prediction {}"
              + " (version {})", model(), outcome.predictionId(), outcome.version(), e);
        }
      }
    }
  }

  private OutcomeReceipt recordThroughStore(MonitorStore shared, Map<String, ?> outcomes) {
    // This instance's own recent predictions must be in the store before it joins to them:
    // folded out of the ring (which queues them for the store), then written.
    lock.lock();
    try {
      fold(state(clock.millis()));
    } finally {
      unlock();
    }
    writer().flushPredictions();
    String model = model();
    Map<String, StoredPrediction> found = shared.findPredictions(model, outcomes.keySet());
    Map<String, String> joinable = new HashMap<>();
    lock.lock();
    try {
      MonitorState s = maintain(clock.millis());
      found.forEach((id, prediction) -> {
        OutcomeMetrics kind = s.outcomeMetrics(prediction.version());
        // found holds only predictions whose ids were asked for, so each has an outcome.
        Object actual = Objects.requireNonNull(outcomes.get(id), id);
        kind.check(model, prediction.version(), id, prediction.scores(), actual);
        joinable.put(id, kind.encode(actual));
      });
    } finally {
      unlock();
    }
    Map<String, JoinResult> results = joinable.isEmpty() ? Map.of()
        : shared.joinOutcomes(model, joinable);
    long joined = 0;
    long duplicates = 0;
    List<JoinedOutcome> delivered = new ArrayList<>();
    lock.lock();
    try {
      MonitorState s = maintain(clock.millis());
      Map<Integer, Long> joinedByVersion = new HashMap<>();
      for (Map.Entry<String, JoinResult> result : results.entrySet()) {
        // The store answers only for the ids it was given, all of them found.
        StoredPrediction prediction =
            Objects.requireNonNull(found.get(result.getKey()), result.getKey());
        if (result.getValue() == JoinResult.JOINED) {
          joined++;
          joinedByVersion.merge(prediction.version(), 1L, Long::sum);
          if (!outcomeListeners.isEmpty()) {
            delivered.add(JoinedOutcome.of(result.getKey(), prediction.version(),
                prediction.scores(), Objects.requireNonNull(outcomes.get(result.getKey()))));
          }
        } else if (result.getValue() == JoinResult.ALREADY_JOINED) {
          duplicates++;
          s.countDuplicate(prediction.version(), Math.floorDiv(
              prediction.paneStart().toEpochMilli(), settings.stepMillis()));
        }
      }
      joinedByVersion.forEach(s::countJoined);
      s.countUnknown(clock.millis(), outcomes.size() - joined - duplicates);
    } finally {
      unlock();
    }
    deliver(delivered);
    return new OutcomeReceipt(joined, duplicates, outcomes.size() - joined - duplicates);
  }

  /**
   * Whether this monitor shares a store with the other instances of a fleet ({@link
   * Builder#store}), so that {@link #fleet()} and {@link #flush()} apply.
   *
   * @return true if built with a store
   * @since 0.1
   */
  public boolean sharesStore() {
    return store != null;
  }

  /**
   * The fleet's view of this monitor's model: the windows merged from every instance sharing the
   * store.
   *
   * @return the reader of the shared store
   * @throws IllegalStateException if the monitor has no shared store
   */
  public FleetSnapshots fleet() {
    if (fleetSnapshots == null) {
      throw new IllegalStateException("This monitor shares no store; build it with"
          + " store(...) to monitor a fleet");
    }
    return fleetSnapshots;
  }

  /**
   * Writes what waits for the shared store now, on the calling thread: the sampled predictions
   * queued and the panes changed since the last write. The monitor does this by itself every
   * flush interval; call it before reading the fleet's figures in a test, or before shutting
   * down.
   *
   * @throws IllegalStateException if the monitor has no shared store or nothing was wrapped yet
   * @throws dev.mlops.MlopsException if the store cannot be written; nothing is lost, the
   *     monitor retries
   */
  public void flush() {
    if (store == null) {
      throw new IllegalStateException("This monitor shares no store; there is nothing to flush");
    }
    lock.lock();
    try {
      fold(state(clock.millis()));
    } finally {
      unlock();
    }
    writer().flush();
    recordGeometry(store, model());
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
   * Adds a listener for joined outcomes. It is called once per outcome that {@link
   * #recordOutcome} or {@link #recordOutcomes} joins to its prediction (not for duplicates or
   * unknown predictions), late ones included, with the version that made the prediction; on the
   * thread that reported the outcome, after the monitor's lock is released, never on a prediction
   * call. With a store, an outcome reported to this instance reaches this instance's listeners
   * whichever instance made the prediction. An exception it throws is logged. Only sampled
   * predictions ({@link Builder#samplingRate}) wait for outcomes, so only their outcomes arrive.
   *
   * <pre>{@code
   * CanaryOutcomes canary = new CanaryOutcomes(List.of("no", "yes"));
   * monitor.onOutcomeJoined(canary::record);
   * }</pre>
   *
   * @param listener receives each joined outcome
   * @return the subscription; close it to stop listening
   * @since 0.1
   */
  public Subscription onOutcomeJoined(Consumer<JoinedOutcome> listener) {
    Objects.requireNonNull(listener, "listener");
    outcomeListeners.add(listener);
    return () -> outcomeListeners.remove(listener);
  }

  /**
   * Stops recording, folds what was recorded and removes the monitor's meters from the meter
   * registry. Wrapped predictors keep serving, unmonitored. Idempotent.
   */
  @Override
  public void close() {
    StoreWriter w;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (state != null) {
        fold(state);
      }
      w = writer;
    } finally {
      lock.unlock();
    }
    if (w != null) {
      // Outside the lock: the writer's last flush takes it to collect the changed panes.
      w.close();
    }
    lock.lock();
    try {
      if (state != null) {
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
        StoreWriter w = startWriter(version.name());
        state = new MonitorState(version.name(), settings, sources, meterRegistry, clock.millis(),
            w);
        writer = w;
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

  private @Nullable StoreWriter startWriter(String model) {
    if (store == null || fleetSettings == null) {
      return null;
    }
    return new StoreWriter(store, model, fleetSettings, settings.stepMillis(),
        settings.outcomeTimeToLiveMillis(), clock, meterRegistry, this::changedPartials,
        this::fleetHousekeeping);
  }

  /** The partials of the panes changed since the last call; the store writer's source. */
  private List<WindowPartial> changedPartials() {
    lock.lock();
    try {
      MonitorState s = Objects.requireNonNull(state);
      if (!closed) {
        fold(s);
      }
      return s.takeChangedPartials(Objects.requireNonNull(fleetSettings).instance(),
          clock.millis());
    } finally {
      unlock();
    }
  }

  /**
   * Records the windows in the store once, and sets the gauges to the fleet's last settled
   * window and pending outcomes; runs on the store writer's thread.
   */
  private void fleetHousekeeping() {
    MonitorStore shared = Objects.requireNonNull(store);
    FleetSnapshots fleet = Objects.requireNonNull(fleetSnapshots);
    String model = model();
    recordGeometry(shared, model);
    Instant settled = clock.instant().minus(Objects.requireNonNull(fleetSettings).settleDelay());
    List<MonitorSnapshot> last = fleet.lastClosed(model, settled);
    Map<Integer, Long> pending = shared.pendingCounts(model);
    lock.lock();
    try {
      MonitorState s = Objects.requireNonNull(state);
      if (!closed) {
        last.forEach(s::fleetWindowClosed);
        s.fleetPending(pending);
      }
    } finally {
      unlock();
    }
  }

  private void recordGeometry(MonitorStore shared, String model) {
    if (!geometryRecorded) {
      new WindowGeometry(settings.stepMillis(), settings.panesPerWindow(),
          settings.decisionThreshold()).record(shared, model);
      geometryRecorded = true;
    }
  }

  private String model() {
    lock.lock();
    try {
      if (state == null) {
        throw new IllegalStateException(
            "Nothing is monitored yet: wrap a predictor or a deployment first");
      }
      return state.model();
    } finally {
      lock.unlock();
    }
  }

  private StoreWriter writer() {
    lock.lock();
    try {
      state(clock.millis());
      return Objects.requireNonNull(writer);
    } finally {
      lock.unlock();
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
    private final Map<Integer, WindowEstimator> estimators = new HashMap<>();
    private DriftAnalyzer analyzer = DriftAnalyzer.withDefaults();
    private long minRowsForDrift = 100;
    private int maxPendingOutcomes = 100_000;
    private Duration outcomeTimeToLive = Duration.ofDays(1);
    private int keptWindows = 48;
    private double decisionThreshold = Double.NaN;
    private @Nullable MonitorStore store;
    private int storeBuffer = 100_000;
    private Duration storeFlushInterval = Duration.ofSeconds(1);
    private @Nullable Duration settleDelay;
    private @Nullable String instanceName;
    private LatencyBuckets latencyBuckets = LatencyBuckets.defaults();
    private @Nullable ObservationRegistry observations;
    private final List<AttachedDetector> detectors = new ArrayList<>();
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
     * int)}), reference scores ({@value ReferenceScores#FILE_NAME}, for estimated performance,
     * score drift and target drift), output classes and training metrics from, once per
     * version. Without one, the
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
     * The performance estimator of one version of a binary classifier, overriding the one the
     * monitor fits on the version's {@value ReferenceScores#FILE_NAME} in the registry (for more
     * classes, see {@link #performanceEstimator(int, MulticlassPerformanceEstimator)}). Every
     * window of a binary classifier with an estimator carries {@linkplain
     * MonitorSnapshot#estimated() estimated metrics} of its sampled predictions; a version of
     * another number of classes gets none, and its windows say why. Give every instance of a
     * fleet the same estimator, or their sums do not merge into one estimate.
     *
     * @param version the version
     * @param estimator CBPE fitted on the version's labelled reference scores, with the
     *     monitor's decision threshold
     * @return this builder
     * @throws IllegalStateException if an estimator was already given for the version
     * @since 0.1
     */
    public Builder performanceEstimator(int version, BinaryPerformanceEstimator estimator) {
      once("performanceEstimator " + version);
      estimators.put(version,
          WindowEstimator.binary(Objects.requireNonNull(estimator, "estimator")));
      return this;
    }

    /**
     * The performance estimator of one version of a classifier of more than two classes,
     * overriding the one the monitor fits on the version's {@value ReferenceScores#FILE_NAME} in
     * the registry. Every window of the version carries {@linkplain MonitorSnapshot#estimated()
     * estimated metrics} of its sampled predictions (accuracy and the macro averages of precision,
     * recall, F1 and ROC AUC, one-vs-rest), by the definitions of {@link
     * MulticlassPerformanceEstimator#estimate}. A version whose output names other classes than
     * the estimator, or two classes, gets none, and its windows say why. Give every instance of a
     * fleet the same estimator, or their sums do not merge into one estimate.
     *
     * @param version the version
     * @param estimator one-vs-rest CBPE fitted on the version's labelled reference scores, with
     *     its output's classes in their order
     * @return this builder
     * @throws IllegalStateException if an estimator was already given for the version
     * @since 0.1
     */
    public Builder performanceEstimator(int version, MulticlassPerformanceEstimator estimator) {
      once("performanceEstimator " + version);
      estimators.put(version,
          WindowEstimator.multiclass(Objects.requireNonNull(estimator, "estimator")));
      return this;
    }

    /**
     * The direct loss estimator of one version of a regression model (an output that names no
     * classes). Every window of the version carries {@linkplain MonitorSnapshot#estimated()
     * estimated} {@code mae} and {@code rmse} of its sampled predictions, with the bands of
     * {@link DirectLossEstimator#estimate}: the mean of the loss models' predicted absolute
     * errors and the square root of the mean of their predicted squared errors, the loss models
     * given each sampled prediction's input and predicted value (its first score). A classifier
     * version gets none, and its windows say why.
     *
     * <p>The loss models do not run per prediction: the monitor keeps each sampled row's input
     * with its prediction (at most {@value
     * dev.mlops.core.estimation.RegressionEstimateAccumulator#BATCH} per pane) and runs both loss
     * models on them as one batch under its lock, when a pane has that many waiting, when a
     * window's estimate is read (a snapshot, a window's close) and when a fleet instance writes
     * its partial (on the store writer's thread). The monitor folds recorded predictions on
     * whichever thread holds its lock next, so a batch can run on a thread that records a
     * prediction (about once a second, or when the monitor's ring is full): lower the sampling
     * rate to bound that cost. A batch the loss models fail on (a closed
     * estimator, a row without a feature they need) is left out of the estimate with a warning.
     * The monitor does not close the estimator: keep it open while the monitor runs, and give
     * every instance of a fleet the same one, or their sums do not merge into one estimate.
     *
     * @param version the version
     * @param estimator direct loss estimation fitted on the version's labelled reference rows
     *     and predictions
     * @return this builder
     * @throws IllegalStateException if an estimator was already given for the version
     * @since 0.1
     */
    public Builder performanceEstimator(int version, DirectLossEstimator estimator) {
      once("performanceEstimator " + version);
      estimators.put(version,
          WindowEstimator.regression(Objects.requireNonNull(estimator, "estimator")));
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
     * The decision threshold of a binary classifier: a row is predicted to be of the second
     * (positive) class when that class's probability is at least the threshold. It also applies
     * to a model whose output is a single probability, which is taken as the positive class's.
     * The default is 0.5. With a {@linkplain #store shared store}, the monitor records its
     * threshold there with its windows, so that readers of the store ({@link
     * FleetSnapshots#builder}, {@code mlops monitor status}) use it too; the record holds the
     * threshold of the monitor that started last.
     *
     * @param threshold in {@code [0, 1]}
     * @return this builder
     * @throws IllegalArgumentException if the threshold is outside {@code [0, 1]}
     * @throws IllegalStateException if the threshold was already set
     */
    public Builder decisionThreshold(double threshold) {
      once("decisionThreshold");
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException(
            "decisionThreshold must be in [0, 1] but was " + threshold);
      }
      this.decisionThreshold = threshold;
      return this;
    }

    /**
     * Shares a store with the other instances of the application, so that monitoring covers the
     * whole fleet: this monitor writes its panes and its sampled predictions there (every {@link
     * #storeFlushInterval}, on a thread of its own), and joins outcomes through it. The join
     * buffer's bounds ({@link #joinBuffer}) then apply to the fleet's pending predictions in the
     * store, and the store keeps a pane for {@code keptWindows} steps beyond the window length.
     * Without a store the monitor keeps everything in this process, as an embedded monitor does.
     *
     * @param store the store the fleet shares, such as {@code mlops-jdbc}'s
     * @return this builder
     * @throws IllegalStateException if the store was already set
     */
    public Builder store(MonitorStore store) {
      once("store");
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * How many sampled predictions may wait in memory to be written to the store; while the store
     * is unreachable and the buffer is full, further ones are dropped and counted ({@link
     * MonitorMeterNames#STORE_DROPPED}), never waited for. The default is 100,000.
     *
     * @param capacity at least 1
     * @return this builder
     * @throws IllegalArgumentException if the capacity is below 1
     * @throws IllegalStateException if the buffer was already set
     */
    public Builder storeBuffer(int capacity) {
      once("storeBuffer");
      if (capacity < 1) {
        throw new IllegalArgumentException("storeBuffer must be at least 1 but was " + capacity);
      }
      this.storeBuffer = capacity;
      return this;
    }

    /**
     * How often the monitor writes to its store. An outcome reported to another instance finds a
     * prediction once it is written, at most about this long after the call. The default is one
     * second.
     *
     * @param interval at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if the interval is not positive
     * @throws IllegalStateException if the interval was already set
     */
    public Builder storeFlushInterval(Duration interval) {
      once("storeFlushInterval");
      this.storeFlushInterval = positive("storeFlushInterval", interval);
      return this;
    }

    /**
     * How long after a window's end the fleet's figures of it are taken as final (every instance
     * wrote its last partial): the gauges show the fleet's last window that ended this long ago.
     * Allow the flush interval plus the clocks' disagreement. The default is five times the flush
     * interval.
     *
     * @param delay positive, longer than the flush interval
     * @return this builder
     * @throws IllegalArgumentException if the delay is not positive
     * @throws IllegalStateException if the delay was already set
     */
    public Builder settleDelay(Duration delay) {
      once("settleDelay");
      this.settleDelay = positive("settleDelay", delay);
      return this;
    }

    /**
     * Attaches a streaming drift detector to the model's error stream: as each outcome joins its
     * prediction, the detector of the prediction's version is fed the prediction's error, 0 (right)
     * or 1 (wrong) for a classifier (the predicted class is taken at the {@linkplain
     * #decisionThreshold decision threshold} for a binary one), the absolute error for a
     * regression model (feed those only to a detector that takes any finite value, such as
     * Page-Hinkley; values a detector refuses are skipped and logged once). When it signals a
     * change, the window open at that moment records a {@link
     * dev.mlops.monitor.StreamDetection} in its {@link MonitorSnapshot#detections()}. Each version
     * gets its own detector from the factory, fed under the monitor's lock.
     *
     * @param name the name its detections carry, unique among this monitor's detectors
     * @param factory makes a fresh detector, such as {@code Adwin::withDefaults}
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     * @throws IllegalStateException if a detector was already attached under the name
     * @since 0.1
     */
    public Builder errorStreamDetector(String name, Supplier<StreamDriftDetector> factory) {
      return attach(name, StreamDetection.Source.ERRORS, factory);
    }

    /**
     * Attaches a streaming drift detector to the model's score stream: every sampled prediction
     * feeds the detector of its version a binary classifier's positive-class probability, another
     * classifier's top probability, or a regression model's predicted value, when the monitor
     * folds the recorded calls (never on the prediction thread). A detection is recorded in the
     * window of the prediction that triggered it ({@link MonitorSnapshot#detections()}). Each
     * version gets its own detector from the factory, fed under the monitor's lock.
     *
     * @param name the name its detections carry, unique among this monitor's detectors
     * @param factory makes a fresh detector, such as {@code PageHinkley::withDefaults}
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     * @throws IllegalStateException if a detector was already attached under the name
     * @since 0.1
     */
    public Builder scoreStreamDetector(String name, Supplier<StreamDriftDetector> factory) {
      return attach(name, StreamDetection.Source.SCORES, factory);
    }

    private Builder attach(String name, StreamDetection.Source source,
        Supplier<StreamDriftDetector> factory) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(factory, "factory");
      if (name.isBlank()) {
        throw new IllegalArgumentException("A stream detector's name must not be blank");
      }
      once("stream detector '" + name + "'");
      detectors.add(new AttachedDetector(name, source, factory));
      return this;
    }

    /**
     * This monitor's name in the store, unique in the fleet for each run of the application. The
     * default is {@code PID@HOST} followed by a random suffix.
     *
     * @param name not blank
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     * @throws IllegalStateException if the name was already set
     */
    public Builder instanceName(String name) {
      once("instanceName");
      if (name.isBlank()) {
        throw new IllegalArgumentException("instanceName must not be blank");
      }
      this.instanceName = name;
      return this;
    }

    /**
     * Builds the monitor.
     *
     * @return a monitor; wrap a predictor to start
     * @throws IllegalStateException if store settings are given without a store, the settle
     *     delay is not longer than the flush interval, stream detectors are attached to a monitor
     *     with a store (not supported in fleets), or a detector factory returns null
     */
    public ModelMonitor build() {
      if (store != null && !detectors.isEmpty()) {
        throw new IllegalStateException("Stream detectors " + detectors.stream()
            .map(AttachedDetector::name).toList() + " are not supported on a monitor with a"
            + " shared store: a fleet's error and score streams are split across instances");
      }
      for (AttachedDetector detector : detectors) {
        try {
          detector.create();
        } catch (NullPointerException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
      if (store == null && (given.contains("storeBuffer") || given.contains("storeFlushInterval")
          || given.contains("settleDelay") || given.contains("instanceName"))) {
        throw new IllegalStateException("storeBuffer, storeFlushInterval, settleDelay and"
            + " instanceName apply to a monitor with a store; set store(...) too");
      }
      if (settleDelay != null && settleDelay.compareTo(storeFlushInterval) <= 0) {
        throw new IllegalStateException("settleDelay " + settleDelay
            + " must be longer than storeFlushInterval " + storeFlushInterval);
      }
      return new ModelMonitor(this);
    }

    private MonitorSettings settings() {
      Duration length = windowLength == null ? Duration.ofHours(1) : windowLength;
      Duration step = windowStep == null ? length : windowStep;
      return new MonitorSettings(step.toMillis(), (int) (length.toMillis() / step.toMillis()),
          minRowsForDrift, analyzer, maxPendingOutcomes, outcomeTimeToLive.toMillis(),
          keptWindows, decisionThreshold, latencyBuckets, observations, List.copyOf(detectors));
    }

    private @Nullable FleetSettings fleetSettings(MonitorSettings s) {
      if (store == null) {
        return null;
      }
      Duration step = Duration.ofMillis(s.stepMillis());
      Duration housekeeping = storeFlushInterval.multipliedBy(5);
      return new FleetSettings(instanceName == null ? defaultInstanceName() : instanceName,
          storeBuffer, storeFlushInterval, housekeeping, s.maxPendingOutcomes(),
          step.multipliedBy((long) s.keptWindows() + s.panesPerWindow()),
          settleDelay == null ? storeFlushInterval.multipliedBy(5) : settleDelay);
    }

    private static String defaultInstanceName() {
      // The runtime's name is PID@HOST; the suffix tells runs of one process apart.
      return ManagementFactory.getRuntimeMXBean().getName() + "-"
          + UUID.randomUUID().toString().substring(0, 8);
    }

    private void once(String setting) {
      SetOnce.mark(given, setting);
    }

    private static Duration positive(String what, Duration value) {
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException(what + " must be at least 1 ms but was " + value);
      }
      return value;
    }
  }
}
