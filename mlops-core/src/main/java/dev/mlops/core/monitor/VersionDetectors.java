package dev.mlops.core.monitor;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import dev.mlops.monitor.StreamDetection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming detectors of one version, one instance of each attached detector. Detectors are
 * not thread-safe: the monitor feeds them only while holding its fold lock, off the prediction
 * path (scores when it folds the recorded calls, errors when an outcome joins).
 */
final class VersionDetectors {

  private static final Logger LOG = LoggerFactory.getLogger(VersionDetectors.class);

  private static final class Running {
    final AttachedDetector attached;
    final StreamDriftDetector detector;
    boolean warned;

    Running(AttachedDetector attached) {
      this.attached = attached;
      this.detector = attached.create();
    }
  }

  private final String model;
  private final int version;
  private final List<Running> errors = new ArrayList<>();
  private final List<Running> scores = new ArrayList<>();

  VersionDetectors(String model, int version, List<AttachedDetector> attached) {
    this.model = model;
    this.version = version;
    for (AttachedDetector a : attached) {
      (a.source() == StreamDetection.Source.ERRORS ? errors : scores).add(new Running(a));
    }
  }

  boolean watchesScores() {
    return !scores.isEmpty();
  }

  boolean watchesErrors() {
    return !errors.isEmpty();
  }

  /** Feeds a sampled prediction's score; a detection goes to the prediction's pane. */
  void score(double value, long timeMillis, Pane pane) {
    feed(scores, value, timeMillis, () -> pane);
  }

  /**
   * Feeds a joined prediction's error; a detection goes to the pane open at the join, looked up
   * only then, so that outcomes alone do not open panes.
   */
  void error(double value, long timeMillis, Supplier<Pane> openPane) {
    feed(errors, value, timeMillis, openPane);
  }

  private void feed(List<Running> running, double value, long timeMillis, Supplier<Pane> pane) {
    for (Running r : running) {
      @Nullable DetectorState state = update(r, value);
      if (state == DetectorState.DRIFT) {
        pane.get().detection(new StreamDetection(r.attached.name(), r.detector.name(),
            r.attached.source(), r.detector.count(), Instant.ofEpochMilli(timeMillis)));
      }
    }
  }

  /** Updates a detector; a value it does not take (out of its range) is logged once and skipped. */
  private @Nullable DetectorState update(Running r, double value) {
    try {
      return r.detector.update(value);
    } catch (IllegalArgumentException e) {
      if (!r.warned) {
        r.warned = true;
        LOG.warn("Model '{}' version {}: stream detector '{}' does not take the value {} and"
            + " skips it (further such values are skipped silently): {}", model, version,
            r.attached.name(), value, e.getMessage());
      }
      return null;
    }
  }
}
