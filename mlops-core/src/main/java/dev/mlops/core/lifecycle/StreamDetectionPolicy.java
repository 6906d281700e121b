package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import dev.mlops.monitor.StreamDetection;
import java.util.Locale;
import java.util.Optional;

/** Retrains when a named streaming detector fired in the current window. */
final class StreamDetectionPolicy implements RetrainPolicy {

  private final String detector;

  StreamDetectionPolicy(String detector) {
    this.detector = detector;
  }

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    Optional<StreamDetection> fired = context.streamDetections().stream()
        .filter(d -> d.detector().equals(detector)).findFirst();
    return fired
        .map(d -> RetrainDecision.retrain("stream detector " + detector + " (" + d.algorithm()
            + ") detected a change in the " + d.source().name().toLowerCase(Locale.ROOT)
            + " after " + d.elementsSeen() + " elements at " + d.detectedAt()))
        .orElseGet(() -> RetrainDecision.skip("stream detector " + detector
            + ": no detection in the current window"));
  }

  @Override
  public String toString() {
    return "onStreamDetection(" + detector + ")";
  }
}
