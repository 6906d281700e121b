package dev.mlops.core.monitor;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.observe.MlopsObservations;
import dev.mlops.core.observe.ObservedCall;
import dev.mlops.drift.DriftReport;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.monitor.spi.WindowPartial;
import dev.mlops.predict.Prediction;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a monitor aggregates: the panes of every version, the join buffer and the closed
 * windows. Not thread-safe: the monitor calls it only while holding its fold lock.
 *
 * <p>Time is cut into panes of one step; the window ending at pane index {@code e} spans panes
 * {@code [e - panesPerWindow, e)}. All windows ending at or before {@code closedThrough} are
 * closed; an observation that arrives for a pane of a closed window (a thread that read the clock
 * before a close and appended after it) counts in the first pane of the open windows.
 *
 * <p>A monitor that shares a store (a fleet) hands its sampled predictions to a {@link FleetLink}
 * instead of the join buffer, and its changed panes to the store as partials; outcomes are then
 * joined through the store, and the closed windows' gauges show the fleet's figures, not this
 * instance's.
 */
final class MonitorState {

  private static final Logger LOG = LoggerFactory.getLogger(MonitorState.class);
  /** What late panes' partials add to the instance's name in the store. */
  static final String LATE_SUFFIX = "~late";

  private record LateKey(int version, long index) {}

  private final String model;
  private final MonitorSettings settings;
  private final VersionSources sources;
  private final MeterRegistry registry;
  private final Map<Integer, VersionState> versions = new HashMap<>();
  private final JoinBuffer joins;
  private final @Nullable FleetLink fleet;
  private final List<Pane> dirty = new ArrayList<>();
  /** Late panes by version and index: duplicates for panes this instance no longer keeps. */
  private final Map<LateKey, Pane> late = new HashMap<>();
  private final ArrayDeque<ClosedWindow> closed = new ArrayDeque<>();
  private long closedThrough;
  private int servingVersion;

  MonitorState(String model, MonitorSettings settings, VersionSources sources,
      MeterRegistry registry, long nowMillis, @Nullable FleetLink fleet) {
    this.model = model;
    this.settings = settings;
    this.sources = sources;
    this.registry = registry;
    this.fleet = fleet;
    this.joins = new JoinBuffer(settings.maxPendingOutcomes(), settings.outcomeTimeToLiveMillis());
    this.closedThrough = Math.floorDiv(nowMillis, settings.stepMillis());
  }

  String model() {
    return model;
  }

  /** Makes a version the one serving now, loading what the monitor needs to know about it. */
  void serving(int version) {
    version(version);
    servingVersion = version;
  }

  int servingVersion() {
    return servingVersion;
  }

  void fold(Observation observation, Sampler sampler) {
    List<Prediction> batch = observation.batchPredictions();
    if (batch != null) {
      foldBatch(observation, batch, sampler);
      return;
    }
    Prediction prediction = observation.prediction();
    if (prediction == null) {
      VersionState state = version(observation.version());
      servingVersion = observation.version();
      Pane pane = pane(state, observation.timeMillis());
      pane.predictions += observation.failedRows();
      pane.errors += observation.failedRows();
      changed(pane);
      state.meters.failure(observation.failedRows(), observation.invalidInput());
      return;
    }
    VersionState state = version(prediction.version());
    servingVersion = prediction.version();
    Pane pane = pane(state, observation.timeMillis());
    changed(pane);
    foldRow(state, pane, prediction, observation.input(), observation.sampled(),
        observation.timeMillis());
    state.meters.predictions(1);
  }

  /**
   * Folds a batch row by row, as if each row had been recorded on its own at the batch's time;
   * the pane and version are looked up again only when a row's version differs from the last.
   */
  private void foldBatch(Observation observation, List<Prediction> batch, Sampler sampler) {
    List<Map<String, ?>> inputs = observation.batchInputs();
    long time = observation.timeMillis();
    @Nullable VersionState state = null;
    @Nullable Pane pane = null;
    int count = 0;
    for (int i = 0; i < batch.size(); i++) {
      Prediction prediction = batch.get(i);
      // pane is null exactly when state is: the test of both tells the checker so.
      if (state == null || pane == null || state.version != prediction.version()) {
        if (state != null) {
          state.meters.predictions(count);
          count = 0;
        }
        state = version(prediction.version());
        servingVersion = prediction.version();
        pane = pane(state, time);
        changed(pane);
      }
      @Nullable Map<String, ?> row = inputs != null && i < inputs.size()
          && sampler.sampled(observation.firstRow() + i) ? inputs.get(i) : null;
      foldRow(state, pane, prediction, row, row != null, time);

      count++;
    }
    if (state != null) {
      state.meters.predictions(count);
    }
  }

  private void foldRow(VersionState state, Pane pane, Prediction prediction,
      @Nullable Map<String, ?> input, boolean sampled, long timeMillis) {
    pane.predictions++;
    long nanos = prediction.latency().toNanos();
    pane.latency.update(nanos);
    state.meters.latency(nanos);
    if (sampled) {
      WindowEstimates.add(pane.estimates, prediction.scores(), input);
      if (pane.scores != null) {
        OutputProfiles.addPrediction(pane.scores, state.info.classes(), prediction.scores());
      }
      if (profile(state, pane, input)) {
        pane.sampledRows++;
      }
      if (state.detectors.watchesScores()) {
        state.detectors.score(state.streamScore(prediction.scores()), timeMillis, pane);
      }
      if (fleet == null) {
        joins.add(prediction, pane, timeMillis);
      } else {
        fleet.awaitOutcome(prediction, pane.index, timeMillis);
      }
    }
  }

  /** Remembers a pane whose partial the store has not seen yet; free without a fleet. */
  private void changed(Pane pane) {
    if (fleet != null && !pane.dirty) {
      pane.dirty = true;
      dirty.add(pane);
    }
  }

  private Pane pane(VersionState state, long timeMillis) {
    return state.pane(Math.max(paneIndex(timeMillis), closedThrough));
  }

  /**
   * Checks an outcome against its prediction in the join buffer, changing nothing.
   *
   * @throws IllegalArgumentException if the outcome does not fit the prediction
   */
  void check(String predictionId, Object actual) {
    JoinBuffer.Entry entry = joins.get(predictionId);
    if (entry != null && !entry.pane.retired && !entry.joined) {
      entry.pane.outcomes.check(model, entry.version, predictionId, entry.scores, actual);
    }
  }

  /**
   * Joins an outcome to its prediction in the join buffer.
   *
   * @param joined receives the outcome when it joins, or null when no one listens
   * @throws IllegalArgumentException if the outcome does not fit the prediction; it stays pending
   */
  JoinResult join(String predictionId, Object actual, long nowMillis,
      @Nullable List<JoinedOutcome> joined) {
    JoinBuffer.Entry entry = joins.get(predictionId);
    if (entry == null || entry.pane.retired) {
      countUnknown(nowMillis, 1);
      return JoinResult.NOT_FOUND;
    }
    Pane pane = entry.pane;
    if (entry.joined) {
      pane.duplicates++;
      pane.meters.outcome("duplicate");
      return JoinResult.ALREADY_JOINED;
    }
    pane.outcomes.check(model, entry.version, predictionId, entry.scores, actual);
    pane.outcomes.add(entry.scores, actual);
    if (pane.targets != null) {
      OutputProfiles.addTarget(pane.targets, actual);
    }
    VersionState owner = version(entry.version);
    if (owner.lastClosed != null && owner.lastClosed.panes.contains(pane)) {
      owner.lastClosedOutcomes = true;
    }
    if (owner.detectors.watchesErrors()) {
      // A detection belongs to the window open when the outcome arrived, not the prediction's.
      owner.detectors.error(owner.streamError(entry.scores, actual), nowMillis,
          () -> pane(owner, nowMillis));
    }
    entry.joined = true;
    if (joined != null) {
      joined.add(JoinedOutcome.of(predictionId, entry.version, entry.scores, actual));
    }
    pane.pending--;
    pane.joined++;
    pane.meters.outcome("joined");
    pane.meters.pending(-1);
    return JoinResult.JOINED;
  }

  /**
   * Sets the performance gauges of every version whose last closed window was joined by outcomes
   * since its gauges were set: labels usually arrive after the window closed.
   */
  void refreshLateOutcomes() {
    for (VersionState state : versions.values()) {
      if (state.lastClosedOutcomes && state.lastClosed != null) {
        state.lastClosedOutcomes = false;
        state.meters.performance(metrics(state, state.lastClosed.panes));
      }
    }
  }

  /** Counts outcomes whose prediction is not known, in the serving version's open pane. */
  void countUnknown(long nowMillis, long count) {
    if (count == 0) {
      return;
    }
    Pane pane = version(servingVersion).pane(Math.max(paneIndex(nowMillis), closedThrough));
    pane.unknown += count;
    pane.meters.outcome("unknown", count);
    changed(pane);
  }

  /**
   * Counts outcomes that came again for a fleet prediction, in the prediction's pane: this
   * instance's own pane while it keeps one, otherwise a late pane kept for as long as the store
   * keeps the pane, so that repeated duplicates add up instead of replacing each other.
   */
  void countDuplicate(int version, long paneIndex) {
    VersionState state = version(version);
    Pane pane = state.panes.get(paneIndex);
    if (pane == null) {
      pane = late.computeIfAbsent(new LateKey(version, paneIndex), key -> {
        Pane created = new Pane(version, paneIndex, state.meters, null, state.outcomeMetrics(),
            null, null, null);
        created.late = true;
        return created;
      });
    }
    pane.duplicates++;
    pane.meters.outcome("duplicate");
    changed(pane);
  }

  /** Counts outcomes the store joined, on the meters of their version. */
  void countJoined(int version, long count) {
    version(version).meters.outcome("joined", count);
  }

  /** An empty performance accumulator of a version, to check and encode outcomes with. */
  OutcomeMetrics outcomeMetrics(int version) {
    return version(version).outcomeMetrics();
  }

  /** Sets a version's gauges to the fleet's figures of a closed window. */
  void fleetWindowClosed(MonitorSnapshot snapshot) {
    version(snapshot.version()).meters.windowClosed(snapshot);
  }

  /** Sets every known version's pending-outcome gauge to the fleet's count. */
  void fleetPending(Map<Integer, Long> pending) {
    pending.keySet().forEach(this::version);
    versions.forEach((v, state) -> state.meters.pendingNow(pending.getOrDefault(v, 0L)));
  }

  /** The partials of the panes changed since the last call, for the store. */
  List<WindowPartial> takeChangedPartials(String instance, long nowMillis) {
    if (dirty.isEmpty()) {
      return List.of();
    }
    Duration step = Duration.ofMillis(settings.stepMillis());
    Duration window = step.multipliedBy(settings.panesPerWindow());
    Instant now = Instant.ofEpochMilli(nowMillis);
    List<WindowPartial> partials = new ArrayList<>(dirty.size());
    for (Pane pane : dirty) {
      pane.dirty = false;
      partials.add(new WindowPartial(model, pane.version, instant(pane.index), step, window,
          pane.late ? instance + LATE_SUFFIX : instance, now, PanePartial.encode(pane)));
    }
    dirty.clear();
    return partials;
  }

  void expire(long nowMillis) {
    joins.expire(nowMillis);
  }

  /** Closes every window that ended by now, oldest first, and returns their snapshots. */
  List<MonitorSnapshot> closeElapsed(long nowMillis) {
    long through = paneIndex(nowMillis);
    if (through <= closedThrough) {
      return List.of();
    }
    int span = settings.panesPerWindow();
    List<ClosedWindow> ended = new ArrayList<>();
    for (VersionState state : versions.values()) {
      TreeSet<Long> ends = new TreeSet<>();
      for (long pane : state.panes.keySet()) {
        long last = Math.min(pane + span, through);
        for (long end = Math.max(pane + 1, closedThrough + 1); end <= last; end++) {
          ends.add(end);
        }
      }
      for (long end : ends) {
        List<Pane> panes = new ArrayList<>(state.panes.subMap(end - span, end).values());
        MonitorSnapshot snapshot = snapshot(state, panes, instant(end - span), instant(end), true);
        ended.add(new ClosedWindow(state, end, snapshot, panes));
      }
    }
    closedThrough = through;
    ended.sort(Comparator.comparingLong((ClosedWindow w) -> w.endPane)
        .thenComparingInt(w -> w.version.version));
    List<MonitorSnapshot> snapshots = new ArrayList<>();
    for (ClosedWindow window : ended) {
      closed.addLast(window);
      window.version.lastClosed = window;
      if (fleet == null) {
        // A fleet's gauges show the fleet's windows, set by the store writer.
        window.version.meters.windowClosed(window.atClose);
      }
      snapshots.add(window.atClose);
    }
    while (closed.size() > settings.keptWindows()) {
      closed.removeFirst();
    }
    retireUnusedPanes();
    return snapshots;
  }

  /** The open window of a version that ends next, as of now. */
  MonitorSnapshot openSnapshot(int version, long nowMillis) {
    VersionState state = versions.get(version);
    if (state == null) {
      throw new IllegalArgumentException("Model '" + model + "' has no version " + version
          + " monitored; monitored versions: " + new TreeSet<>(versions.keySet()));
    }
    long end = Math.max(paneIndex(nowMillis), closedThrough) + 1;
    long start = end - settings.panesPerWindow();
    List<Pane> panes = new ArrayList<>(state.panes.subMap(start, end).values());
    Instant startTime = instant(start);
    Instant now = Instant.ofEpochMilli(nowMillis);
    return snapshot(state, panes, startTime, now.isBefore(startTime) ? startTime : now, false);
  }

  /** The merged input profile of a version's open window, or null without a reference. */
  @Nullable DatasetProfile openWindowProfile(int version, long nowMillis) {
    VersionState state = versions.get(version);
    if (state == null) {
      return null;
    }
    long end = Math.max(paneIndex(nowMillis), closedThrough) + 1;
    return merged(state, state.panes.subMap(end - settings.panesPerWindow(), end).values());
  }

  /** The kept closed windows, oldest first, with the outcomes that arrived since they closed. */
  List<MonitorSnapshot> closedSnapshots() {
    List<MonitorSnapshot> snapshots = new ArrayList<>(closed.size());
    for (ClosedWindow window : closed) {
      MonitorSnapshot atClose = window.atClose;
      snapshots.add(new MonitorSnapshot(atClose.modelName(), atClose.version(),
          atClose.windowStart(), atClose.windowEnd(), true, atClose.predictions(),
          atClose.errors(), atClose.sampledRows(), atClose.latency(), atClose.drift(),
          metrics(window.version, window.panes), atClose.trainingMetrics(),
          outcomes(window.panes), atClose.estimated(), atClose.scoreDrift(),
          targetDrift(window.version, window.panes), atClose.detections()));
    }
    return snapshots;
  }

  /** The earliest time at which a window may close. */
  long nextCloseMillis() {
    return (closedThrough + 1) * settings.stepMillis();
  }

  void removeMeters() {
    versions.values().forEach(state -> state.meters.remove());
  }

  private VersionState version(int version) {
    VersionState state = versions.get(version);
    if (state == null) {
      state = new VersionState(version, sources.load(model, version),
          new VersionMeters(registry, model, version, settings.latencyBuckets()),
          settings.decisionThreshold(),
          new VersionDetectors(model, version, settings.detectors()));
      versions.put(version, state);
    }
    return state;
  }

  private boolean profile(VersionState state, Pane pane, @Nullable Map<String, ?> input) {
    if (pane.profile == null || input == null) {
      return true;
    }
    try {
      pane.profile.update(input);
      return true;
    } catch (IllegalArgumentException e) {
      if (!state.warnedAboutRows) {
        state.warnedAboutRows = true;
        LOG.warn("Model '{}' version {}: an input does not fit the reference profile and is left"
            + " out of drift (further such rows are left out silently): {}", model,
            state.version, e.getMessage());
      }
      return false;
    }
  }

  private MonitorSnapshot snapshot(VersionState state, List<Pane> panes, Instant start,
      Instant end, boolean isClosed) {
    long predictions = 0;
    long errors = 0;
    long sampled = 0;
    LatencySketch latency = new LatencySketch();
    for (Pane pane : panes) {
      predictions += pane.predictions;
      errors += pane.errors;
      sampled += pane.sampledRows;
      pane.latency.mergeInto(latency);
    }
    return new MonitorSnapshot(model, state.version, start, end, isClosed, predictions, errors,
        sampled, latency.summary(), drift(state, panes, isClosed), metrics(state, panes),
        state.info.trainingMetrics(), outcomes(panes),
        WindowEstimates.of(state.info, panes.stream().map(pane -> pane.estimates).toList()),
        OutputProfiles.drift(settings.analyzer(), settings.minRowsForDrift(),
            state.info.scoreReference(),
            OutputProfiles.merged(panes.stream().map(pane -> pane.scores).toList())),
        targetDrift(state, panes),
        panes.stream().flatMap(pane -> pane.detections.stream()).toList());
  }

  /** Drift of the labels joined so far to a window's predictions; labels come late. */
  private @Nullable DriftReport targetDrift(VersionState state, List<Pane> panes) {
    return OutputProfiles.drift(settings.analyzer(), settings.minRowsForDrift(),
        state.info.targetReference(),
        OutputProfiles.merged(panes.stream().map(pane -> pane.targets).toList()));
  }

  /** The drift report of a window; that of a closed window is observed (one per window). */
  private @Nullable DriftReport drift(VersionState state, List<Pane> panes, boolean isClosed) {
    DatasetProfile reference = state.info.reference();
    DatasetProfile current = merged(state, panes);
    if (reference == null || current == null || current.rows() < settings.minRowsForDrift()) {
      return null;
    }
    ObservedCall call = ObservedCall.start(isClosed ? settings.observations() : null,
        MlopsObservations.DRIFT_REPORT, model, state.version);
    try {
      DriftReport report = settings.analyzer().analyze(reference, current);
      call.outcome(report.datasetDrifted() ? "drift" : "no_drift");
      return report;
    } catch (IllegalArgumentException e) {
      call.failed(e, "failure");
      LOG.warn("No drift report for model '{}' version {}: {}", model, state.version,
          e.getMessage());
      return null;
    } finally {
      call.close();
    }
  }

  private static @Nullable DatasetProfile merged(VersionState state, Collection<Pane> panes) {
    DatasetProfile merged = state.info.emptyWindowProfile();
    if (merged != null) {
      for (Pane pane : panes) {
        if (pane.profile != null) {
          merged.merge(pane.profile);
        }
      }
    }
    return merged;
  }

  private static Map<String, Double> metrics(VersionState state, List<Pane> panes) {
    OutcomeMetrics merged = state.outcomeMetrics();
    for (Pane pane : panes) {
      pane.outcomes.mergeInto(merged);
    }
    return merged.report();
  }

  private static OutcomeCounts outcomes(List<Pane> panes) {
    long joined = 0;
    long duplicates = 0;
    long unknown = 0;
    long expired = 0;
    long pending = 0;
    for (Pane pane : panes) {
      joined += pane.joined;
      duplicates += pane.duplicates;
      unknown += pane.unknown;
      expired += pane.expired;
      pending += pane.pending;
    }
    return new OutcomeCounts(joined, duplicates, unknown, expired, pending);
  }

  /** Drops the panes that no open window and no kept closed window spans. */
  private void retireUnusedPanes() {
    int span = settings.panesPerWindow();
    // Late panes live as long as the store keeps their pane (FleetSettings.retention).
    long storeKeeps = closedThrough + 1 - span - settings.keptWindows();
    late.keySet().removeIf(key -> key.index() < storeKeeps);
    for (VersionState state : versions.values()) {
      long needed = closedThrough + 1 - span;
      for (ClosedWindow window : closed) {
        if (window.version == state) {
          needed = Math.min(needed, window.endPane - span);
        }
      }
      var unused = state.panes.headMap(needed);
      unused.values().forEach(pane -> pane.retired = true);
      unused.clear();
    }
  }

  private long paneIndex(long millis) {
    return Math.floorDiv(millis, settings.stepMillis());
  }

  private Instant instant(long paneIndex) {
    return Instant.ofEpochMilli(paneIndex * settings.stepMillis());
  }
}
