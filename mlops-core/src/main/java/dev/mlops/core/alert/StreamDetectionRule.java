package dev.mlops.core.alert;

import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.StreamDetection;
import java.util.List;
import java.util.Optional;

/**
 * Fires when a streaming detector attached to the monitor ({@code
 * ModelMonitor.Builder.errorStreamDetector} or {@code scoreStreamDetector}) signalled a change in
 * the window ({@link MonitorSnapshot#detections()}, {@link AlertRules#streamDetection}). Every
 * window can be judged: one without a detection of the detector resolves the rule. Instances are
 * immutable.
 *
 * <p>Message: {@code stream detector error-adwin (adwin, ERRORS) fired after 1,204 elements at
 * 2026-01-01T10:15:00Z, model churn v3}.
 *
 * @since 0.1
 */
public final class StreamDetectionRule extends BuiltInAlertRule<StreamDetectionRule> {

  private final String detector;

  StreamDetectionRule(RuleHeader header, String detector) {
    super(header);
    this.detector = detector;
  }

  @Override
  StreamDetectionRule withHeader(RuleHeader newHeader) {
    return new StreamDetectionRule(newHeader, detector);
  }

  @Override
  public boolean canJudge(MonitorSnapshot snapshot) {
    return true;
  }

  @Override
  public Optional<String> check(MonitorSnapshot snapshot) {
    List<StreamDetection> mine = snapshot.detections().stream()
        .filter(d -> d.detector().equals(detector)).toList();
    if (mine.isEmpty()) {
      return Optional.empty();
    }
    StreamDetection first = mine.get(0);
    return Optional.of("stream detector " + detector + " (" + first.algorithm() + ", "
        + first.source() + ") fired after " + Figures.count(first.elementsSeen())
        + " elements at " + first.detectedAt()
        + (mine.size() > 1 ? " and " + (mine.size() - 1) + " more time(s)" : "") + ", "
        + Figures.model(snapshot.modelName(), snapshot.version()));
  }

  @Override
  public String toString() {
    return "StreamDetectionRule[" + header() + ", detector=" + detector + "]";
  }
}
