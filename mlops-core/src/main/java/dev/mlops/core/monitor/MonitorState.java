package dev.mlops.core.monitor;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.observe.MlopsObservations;
import dev.mlops.core.observe.ObservedCall;
import dev.mlops.drift.DriftReport;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.predict.Prediction;
import io.micrometer.core.instrument.MeterRegistry;
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
 */
final class MonitorState {

  private static final Logger LOG = LoggerFactory.getLogger(MonitorState.class);

  private final String model;
  private final MonitorSettings settings;
  private final VersionSources sources;
  private final MeterRegistry registry;
  private final Map<Integer, VersionState> versions = new HashMap<>();
  private final JoinBuffer joins;
  private final ArrayDeque<ClosedWindow> closed = new ArrayDeque<>();
  private long closedThrough;
  private int servingVersion;

  MonitorState(String model, MonitorSettings settings, VersionSources sources,
      MeterRegistry registry, long nowMillis) {
    this.model = model;
    this.settings = settings;
    this.sources = sources;
    this.registry = registry;
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
      state.meters.failure(observation.failedRows(), observation.invalidInput());
      return;
    }
    VersionState state = version(prediction.version());
    servingVersion = prediction.version();
    Pane pane = pane(state, observation.timeMillis());
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
      if (profile(state, pane, input)) {
        pane.sampledRows++;
      }
      joins.add(prediction, pane, timeMillis);
    }
  }

  private Pane pane(VersionState state, long timeMillis) {
    return state.pane(Math.max(paneIndex(timeMillis), closedThrough));
  }

  /**
   * Joins an outcome to its prediction.
   *
   * @throws IllegalArgumentException if the outcome does not fit the prediction; it stays pending
   */
  void join(String predictionId, Object actual, long nowMillis) {
    JoinBuffer.Entry entry = joins.get(predictionId);
    if (entry == null || entry.pane.retired) {
      Pane pane = version(servingVersion).pane(Math.max(paneIndex(nowMillis), closedThrough));
      pane.unknown++;
      pane.meters.outcome("unknown");
      return;
    }
    Pane pane = entry.pane;
    if (entry.joined) {
      pane.duplicates++;
      pane.meters.outcome("duplicate");
      return;
    }
    pane.outcomes.check(model, entry, actual);
    pane.outcomes.add(entry, actual);
    entry.joined = true;
    pane.pending--;
    pane.joined++;
    pane.meters.outcome("joined");
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
      window.version.meters.windowClosed(window.atClose);
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
          outcomes(window.panes)));
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
          new VersionMeters(registry, model, version, settings.latencyBuckets()));
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
        state.info.trainingMetrics(), outcomes(panes));
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
    OutcomeMetrics merged = OutcomeMetrics.forClasses(state.info.classes());
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
