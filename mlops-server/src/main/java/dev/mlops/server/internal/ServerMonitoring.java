package dev.mlops.server.internal;

import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.registry.ModelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a server monitors the models it serves: one {@link ModelMonitor} per model, reading
 * reference profiles, classes and training metrics from the registry, publishing to the server's
 * meters, and sharing a store with the rest of the fleet when one is given.
 *
 * @param registry where versions' reference profiles come from
 * @param meters the server's meters, which {@code /metrics} shows
 * @param store the fleet's store, or null to monitor in this process only
 * @param window the tumbling window length
 * @param decisionThreshold a binary classifier's threshold, or NaN for the default
 * @param latencyBuckets the bucket layout of the monitors' latency histograms
 * @param observations where the monitors' drift report observations go, or null for none
 * @since 0.1
 */
public record ServerMonitoring(ModelRegistry registry, MeterRegistry meters,
    @Nullable MonitorStore store, Duration window, double decisionThreshold,
    LatencyBuckets latencyBuckets, @Nullable ObservationRegistry observations) {

  /**
   * A monitor for one served model.
   *
   * @return a new monitor; wrap the model's predictor with it
   */
  public ModelMonitor newMonitor() {
    ModelMonitor.Builder builder = ModelMonitor.builder().registry(registry).meterRegistry(meters)
        .tumblingWindow(window).latencyBuckets(latencyBuckets);
    if (observations != null) {
      builder.observationRegistry(observations);
    }
    if (store != null) {
      builder.store(store);
    }
    if (!Double.isNaN(decisionThreshold)) {
      builder.decisionThreshold(decisionThreshold);
    }
    return builder.build();
  }
}
