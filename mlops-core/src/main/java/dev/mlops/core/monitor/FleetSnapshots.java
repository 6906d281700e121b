package dev.mlops.core.monitor;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.drift.DriftReport;
import dev.mlops.internal.SetOnce;
import dev.mlops.monitor.EstimatedPerformance;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.PaneOutcomes;
import dev.mlops.monitor.spi.StoredPrediction;
import dev.mlops.monitor.spi.WindowPartial;
import dev.mlops.registry.ModelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet's monitoring of a model, read from the {@link MonitorStore} its monitors share: each
 * window's snapshot is the merge of every instance's partials of the window's panes, with the
 * performance metrics of every outcome any instance joined. It equals the snapshot one monitor
 * fed the whole fleet's traffic and outcomes would take, exactly for traffic, errors, sampled
 * rows, outcome counts, latency count and maximum and the performance metrics (up to the order of
 * floating-point sums), and within the sketches' error for latency percentiles and drift once a
 * window holds more values than a sketch keeps exactly ({@code docs/monitoring.md}).
 *
 * <pre>{@code
 * FleetSnapshots fleet = FleetSnapshots.builder(store).registry(registry).build();
 * for (MonitorSnapshot s : fleet.currentAndLastClosed("churn")) { ... }
 * }</pre>
 *
 * <p>The windows are those the model's monitors recorded in the store. A closed window is final
 * once every instance wrote its last partial of it, one flush interval after its end (monitors
 * wait their settle delay before judging it). Thread-safe.
 *
 * @since 0.1
 */
public final class FleetSnapshots {

  private static final Logger LOG = LoggerFactory.getLogger(FleetSnapshots.class);

  private final MonitorStore store;
  private final Clock clock;
  private final DriftAnalyzer analyzer;
  private final long minRowsForDrift;
  /** The threshold given, NaN for the default; null to use the one the monitors recorded. */
  private final @Nullable Double decisionThreshold;
  private final @Nullable ModelRegistry registry;
  private final @Nullable VersionSources sources;
  private final Map<String, VersionInfo> infos = new ConcurrentHashMap<>();

  private FleetSnapshots(Builder b) {
    this(b.store, b.clock, b.analyzer, b.minRowsForDrift, b.decisionThreshold, b.registry, null);
  }

  /** The reader of a monitor, sharing what the monitor knows of its versions. */
  FleetSnapshots(MonitorStore store, Clock clock, DriftAnalyzer analyzer, long minRowsForDrift,
      @Nullable Double decisionThreshold, @Nullable ModelRegistry registry,
      @Nullable VersionSources sources) {
    this.store = store;
    this.clock = clock;
    this.analyzer = analyzer;
    this.minRowsForDrift = minRowsForDrift;
    this.decisionThreshold = decisionThreshold;
    this.registry = registry;
    this.sources = sources;
  }

  /**
   * Starts configuring a reader of a store.
   *
   * @param store the store the fleet's monitors write to
   * @return a builder
   */
  public static Builder builder(MonitorStore store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Whether any monitor of the model wrote to the store (it recorded its windows).
   *
   * @param model the model name
   * @return true if the fleet monitors the model
   * @throws dev.mlops.MlopsException if the store cannot be read
   */
  public boolean isMonitored(String model) {
    return WindowGeometry.read(store, model).isPresent();
  }

  /**
   * The open window and the last closed window of every version the fleet saw in them, as of
   * now: for each version, its open window (if it had activity) then its last closed window (if
   * it had activity), versions in ascending order.
   *
   * @param model the model name
   * @return the snapshots; empty when the model is not monitored or had no recent activity
   * @throws dev.mlops.MlopsException if the store cannot be read
   */
  public List<MonitorSnapshot> currentAndLastClosed(String model) {
    Optional<WindowGeometry> geometry = WindowGeometry.read(store, model);
    if (geometry.isEmpty()) {
      return List.of();
    }
    WindowGeometry g = geometry.get();
    long now = clock.millis();
    long openEnd = Math.floorDiv(now, g.stepMillis()) + 1;
    long closedEnd = openEnd - 1;
    Panes panes = read(model, g, closedEnd - g.panesPerWindow(), openEnd);
    List<MonitorSnapshot> result = new ArrayList<>();
    for (int version : panes.versions()) {
      open(panes, model, version, g, openEnd, now).ifPresent(result::add);
      panes.window(version, closedEnd - g.panesPerWindow(), closedEnd)
          .map(w -> w.snapshot(this, g, model, version, instant(g, closedEnd - g.panesPerWindow()),
              instant(g, closedEnd), true))
          .ifPresent(result::add);
    }
    return result;
  }

  /**
   * The closed windows that ended in {@code (after, through]}, of every version that had activity
   * in them, ordered by end and then version. Windows that end after now (by the clock) are left
   * out.
   *
   * @param model the model name
   * @param after windows ending at or before this are left out
   * @param through the latest window end to include
   * @return the snapshots, each {@code closed}
   * @throws dev.mlops.MlopsException if the store cannot be read
   */
  public List<MonitorSnapshot> closedWindows(String model, Instant after, Instant through) {
    Optional<WindowGeometry> geometry = WindowGeometry.read(store, model);
    if (geometry.isEmpty()) {
      return List.of();
    }
    WindowGeometry g = geometry.get();
    long firstEnd = Math.floorDiv(after.toEpochMilli(), g.stepMillis()) + 1;
    long lastEnd = Math.floorDiv(Math.min(through.toEpochMilli(), clock.millis()), g.stepMillis());
    if (lastEnd < firstEnd) {
      return List.of();
    }
    return closed(read(model, g, firstEnd - g.panesPerWindow(), lastEnd), model, g, firstEnd,
        lastEnd);
  }

  /** The closed windows ending at panes {@code firstEnd} to {@code lastEnd}, by end and version. */
  private List<MonitorSnapshot> closed(Panes panes, String model, WindowGeometry g, long firstEnd,
      long lastEnd) {
    List<MonitorSnapshot> result = new ArrayList<>();
    for (long end = firstEnd; end <= lastEnd; end++) {
      long start = end - g.panesPerWindow();
      for (int version : panes.versions()) {
        long windowEnd = end;
        panes.window(version, start, end)
            .map(w -> w.snapshot(this, g, model, version, instant(g, start), instant(g, windowEnd),
                true))
            .ifPresent(result::add);
      }
    }
    return result;
  }

  /** The open window of a version ending at pane {@code openEnd}, as of {@code now}. */
  private Optional<MonitorSnapshot> open(Panes panes, String model, int version, WindowGeometry g,
      long openEnd, long now) {
    Instant openStart = instant(g, openEnd - g.panesPerWindow());
    Instant at = Instant.ofEpochMilli(now);
    return panes.window(version, openEnd - g.panesPerWindow(), openEnd)
        .map(w -> w.snapshot(this, g, model, version, openStart,
            at.isBefore(openStart) ? openStart : at, false));
  }

  /**
   * The windows over a recent span, as a console charts them: the closed windows that ended in
   * the span before now (by the clock), then the open window, each of every version that had
   * activity in it, ordered by end and then version, the open windows last. All are read at one
   * instant, so no window is both closed and open or left out between the two.
   *
   * @param model the model name
   * @param span how far back the closed windows' ends reach; positive
   * @return the snapshots; empty when the model is not monitored
   * @throws IllegalArgumentException if span is not positive
   * @throws dev.mlops.MlopsException if the store cannot be read
   * @since 0.1
   */
  public List<MonitorSnapshot> recentWindows(String model, Duration span) {
    if (span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException("span must be positive but was " + span);
    }
    Optional<WindowGeometry> geometry = WindowGeometry.read(store, model);
    if (geometry.isEmpty()) {
      return List.of();
    }
    WindowGeometry g = geometry.get();
    long now = clock.millis();
    long openEnd = Math.floorDiv(now, g.stepMillis()) + 1;
    long firstEnd = Math.floorDiv(now - span.toMillis(), g.stepMillis()) + 1;
    Panes panes = read(model, g, firstEnd - g.panesPerWindow(), openEnd);
    List<MonitorSnapshot> result = new ArrayList<>(closed(panes, model, g, firstEnd, openEnd - 1));
    for (int version : panes.versions()) {
      open(panes, model, version, g, openEnd, now).ifPresent(result::add);
    }
    return result;
  }

  /**
   * The last closed window of each version that had activity in it, among windows that ended by
   * the given time.
   *
   * @param model the model name
   * @param through the latest window end to consider
   * @return the snapshots, by version
   * @throws dev.mlops.MlopsException if the store cannot be read
   */
  public List<MonitorSnapshot> lastClosed(String model, Instant through) {
    Optional<WindowGeometry> geometry = WindowGeometry.read(store, model);
    if (geometry.isEmpty()) {
      return List.of();
    }
    long step = geometry.get().stepMillis();
    Instant after = Instant.ofEpochMilli((Math.floorDiv(through.toEpochMilli(), step) - 1) * step);
    return closedWindows(model, after, through);
  }

  private Panes read(String model, WindowGeometry g, long fromPane, long toPane) {
    Instant from = instant(g, fromPane);
    Instant to = instant(g, toPane);
    Panes panes = new Panes(g);
    for (WindowPartial partial : store.readPartials(model, from, to)) {
      if (partial.paneLength().toMillis() != g.stepMillis()) {
        continue;
      }
      try {
        panes.add(partial);
      } catch (IllegalArgumentException e) {
        LOG.warn("Skipping the partial of {} written by {}: {}", partial.paneStart(),
            partial.instance(), e.getMessage());
      }
    }
    for (PaneOutcomes outcomes : store.readOutcomes(model, from, to)) {
      if (outcomes.paneLength().toMillis() == g.stepMillis()) {
        panes.add(outcomes);
      }
    }
    return panes;
  }

  /** The threshold given to this reader, else the one the monitors recorded with the windows. */
  private double threshold(WindowGeometry g) {
    return decisionThreshold != null ? decisionThreshold : g.decisionThreshold();
  }

  private VersionInfo info(String model, int version, double threshold) {
    VersionSources monitors = sources;
    if (monitors != null) {
      return infos.computeIfAbsent(model + "/" + version, k -> monitors.load(model, version));
    }
    // The estimators depend on the threshold, which the monitors' record may change.
    return infos.computeIfAbsent(model + "/" + version + "@" + threshold, k ->
        new VersionSources(registry, Map.of(), Map.of(), threshold).load(model, version));
  }

  private static Instant instant(WindowGeometry g, long pane) {
    return Instant.ofEpochMilli(pane * g.stepMillis());
  }

  /** The partials and outcomes read, by version and pane index. */
  private static final class Panes {
    private final WindowGeometry geometry;
    private final Map<Integer, TreeMap<Long, Figures>> byVersion = new HashMap<>();

    Panes(WindowGeometry geometry) {
      this.geometry = geometry;
    }

    void add(WindowPartial partial) {
      figures(partial.version(), partial.paneStart()).partial.merge(
          PanePartial.decode(partial.data()));
    }

    void add(PaneOutcomes outcomes) {
      Figures f = figures(outcomes.version(), outcomes.paneStart());
      f.joined.addAll(outcomes.joined());
      f.pending += outcomes.pending();
      f.expired += outcomes.expired();
    }

    TreeSet<Integer> versions() {
      return new TreeSet<>(byVersion.keySet());
    }

    Optional<Figures> window(int version, long fromPane, long toPane) {
      TreeMap<Long, Figures> panes = byVersion.get(version);
      if (panes == null) {
        return Optional.empty();
      }
      var spanned = panes.subMap(fromPane, toPane).values();
      if (spanned.isEmpty()) {
        return Optional.empty();
      }
      Figures merged = new Figures();
      for (Figures f : spanned) {
        merged.partial.merge(f.partial);
        merged.joined.addAll(f.joined);
        merged.pending += f.pending;
        merged.expired += f.expired;
      }
      return Optional.of(merged);
    }

    private Figures figures(int version, Instant paneStart) {
      long index = Math.floorDiv(paneStart.toEpochMilli(), geometry.stepMillis());
      return byVersion.computeIfAbsent(version, v -> new TreeMap<>())
          .computeIfAbsent(index, i -> new Figures());
    }
  }

  /** The merged figures of one version over some panes. */
  private static final class Figures {
    final PanePartial partial = new PanePartial();
    final List<StoredPrediction> joined = new ArrayList<>();
    long pending;
    long expired;

    MonitorSnapshot snapshot(FleetSnapshots reader, WindowGeometry g, String model, int version,
        Instant start, Instant end, boolean closed) {
      double threshold = reader.threshold(g);
      VersionInfo info = reader.info(model, version, threshold);
      OutcomeMetrics metrics = OutcomeMetrics.forClasses(info.classes(), threshold);
      // A fixed order (by prediction time, then id) makes the sums repeatable however the store
      // returned the rows.
      joined.sort(Comparator.comparing(StoredPrediction::predictedAt)
          .thenComparing(StoredPrediction::predictionId));
      DatasetProfile targets = info.emptyTargets();
      for (StoredPrediction p : joined) {
        try {
          Object actual = metrics.decode(Objects.requireNonNull(p.outcome()));
          metrics.add(p.scores(), actual);
          if (targets != null) {
            OutputProfiles.addTarget(targets, actual);
          }
        } catch (IllegalArgumentException e) {
          LOG.warn("Model '{}' version {}: outcome of prediction {} left out of the metrics: {}",
              model, version, p.predictionId(), e.getMessage());
        }
      }
      return new MonitorSnapshot(model, version, start, end, closed, partial.predictions,
          partial.errors, partial.sampledRows, partial.latency.summary(),
          drift(reader, model, version, info), metrics.report(), info.trainingMetrics(),
          new OutcomeCounts(joined.size(), partial.duplicates, partial.unknown, expired, pending),
          estimated(model, version, info),
          OutputProfiles.drift(reader.analyzer, reader.minRowsForDrift, info.scoreReference(),
              partial.scores),
          OutputProfiles.drift(reader.analyzer, reader.minRowsForDrift, info.targetReference(),
              targets));
    }

    /** The merge of every instance's estimate accumulators of the window's panes. */
    private EstimatedPerformance estimated(String model, int version, VersionInfo info) {
      WindowEstimator estimator = info.estimator();
      List<PaneEstimates> parts = new ArrayList<>();
      if (estimator != null) {
        for (byte[] bytes : partial.estimates) {
          try {
            parts.add(estimator.read(bytes));
          } catch (IllegalArgumentException e) {
            LOG.warn("Model '{}' version {}: a partial's estimates left out: {}", model, version,
                e.getMessage());
          }
        }
      }
      return WindowEstimates.of(info, parts);
    }

    private @Nullable DriftReport drift(FleetSnapshots reader, String model, int version,
        VersionInfo info) {
      DatasetProfile reference = info.reference();
      DatasetProfile current = info.emptyWindowProfile();
      if (reference == null || current == null || partial.profile == null) {
        return null;
      }
      try {
        current.merge(partial.profile);
        if (current.rows() < reader.minRowsForDrift) {
          return null;
        }
        return reader.analyzer.analyze(reference, current);
      } catch (IllegalArgumentException e) {
        LOG.warn("No fleet drift report for model '{}' version {}: {}", model, version,
            e.getMessage());
        return null;
      }
    }
  }

  /**
   * Configures {@link FleetSnapshots}. Each setting may be given once.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final MonitorStore store;
    private Clock clock = Clock.systemUTC();
    private DriftAnalyzer analyzer = DriftAnalyzer.withDefaults();
    private long minRowsForDrift = 100;
    private @Nullable Double decisionThreshold;
    private @Nullable ModelRegistry registry;
    private final Set<String> given = new HashSet<>();

    private Builder(MonitorStore store) {
      this.store = store;
    }

    /**
     * The registry to read each version's reference profile, output classes and training metrics
     * from, as the monitors do. Without one, snapshots have no drift and regression metrics.
     *
     * @param value the registry
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder registry(ModelRegistry value) {
      this.registry = SetOnce.value("registry", registry, value);
      return this;
    }

    /**
     * The clock that says which window is open. The default is the system UTC clock.
     *
     * @param value the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock value) {
      Objects.requireNonNull(value, "clock");
      SetOnce.mark(given, "clock");
      this.clock = value;
      return this;
    }

    /**
     * The analyzer comparing a window with the reference; use the monitors'. The default is
     * {@link DriftAnalyzer#withDefaults()}.
     *
     * @param value the analyzer
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder driftAnalyzer(DriftAnalyzer value) {
      Objects.requireNonNull(value, "driftAnalyzer");
      SetOnce.mark(given, "driftAnalyzer");
      this.analyzer = value;
      return this;
    }

    /**
     * The fewest profiled rows a window needs for a drift report; use the monitors'. The default
     * is 100.
     *
     * @param rows at least 1
     * @return this builder
     * @throws IllegalArgumentException if rows is below 1
     * @throws IllegalStateException if already set
     */
    public Builder minRowsForDrift(long rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("minRowsForDrift must be at least 1 but was " + rows);
      }
      SetOnce.mark(given, "minRowsForDrift");
      this.minRowsForDrift = rows;
      return this;
    }

    /**
     * A binary classifier's decision threshold on its positive class's probability. The default
     * is the threshold the model's monitors recorded in the store with their windows (that of
     * the monitor that started last), or 0.5 when they were given none, so that readers agree
     * with the monitors without being told.
     *
     * @param threshold in {@code [0, 1]}
     * @return this builder
     * @throws IllegalArgumentException if outside {@code [0, 1]}
     * @throws IllegalStateException if already set
     */
    public Builder decisionThreshold(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException(
            "decisionThreshold must be in [0, 1] but was " + threshold);
      }
      SetOnce.mark(given, "decisionThreshold");
      this.decisionThreshold = threshold;
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     */
    public FleetSnapshots build() {
      return new FleetSnapshots(this);
    }
  }
}
