package dev.mlops.core.monitor;

import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.monitor.MonitorSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The Micrometer meters of one model version. Updated by the folding thread, so prediction threads
 * never touch a meter; gauges hold the values of the last closed window.
 */
final class VersionMeters {

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter predictions;
  private final Counter invalidInputs;
  private final Counter failures;
  private final Timer latency;
  private final Map<String, Counter> outcomes = new HashMap<>();
  private final Map<String, AtomicLong> gauges = new HashMap<>();
  private final List<Meter> registered = new ArrayList<>();

  VersionMeters(MeterRegistry registry, String model, int version, LatencyBuckets buckets) {
    this.registry = registry;
    this.tags = Tags.of(MonitorMeterNames.TAG_MODEL, model, MonitorMeterNames.TAG_VERSION,
        Integer.toString(version));
    this.predictions = keep(Counter.builder(MonitorMeterNames.PREDICTIONS).tags(tags)
        .description("Predicted rows, successful or not").register(registry));
    this.invalidInputs = errorCounter("invalid_input");
    this.failures = errorCounter("prediction");
    this.latency = keep(buckets.applyTo(Timer.builder(MonitorMeterNames.LATENCY)).tags(tags)
        .description("Latency of predicted rows").publishPercentiles(0.5, 0.95, 0.99)
        .register(registry));
    for (String status : List.of("joined", "duplicate", "unknown", "expired")) {
      outcomes.put(status, keep(Counter.builder(MonitorMeterNames.OUTCOMES).tags(tags)
          .tag(MonitorMeterNames.TAG_STATUS, status)
          .description("Ground-truth outcomes by what happened to them").register(registry)));
    }
  }

  /** Counts successful rows; a batch is counted with one update. */
  void predictions(int rows) {
    predictions.increment(rows);
  }

  /** Records one row's latency (every row, so that the timer's percentiles count rows). */
  void latency(long latencyNanos) {
    latency.record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  void failure(int rows, boolean invalidInput) {
    predictions.increment(rows);
    (invalidInput ? invalidInputs : failures).increment(rows);
  }

  void outcome(String status) {
    Counter counter = outcomes.get(status);
    if (counter == null) {
      throw new IllegalArgumentException("no outcome counter for status '" + status + "'");
    }
    counter.increment();
  }

  /** Sets the gauges to a closed window's drift scores and performance metrics. */
  void windowClosed(MonitorSnapshot snapshot) {
    if (snapshot.drift() != null) {
      snapshot.drift().driftScores().forEach((feature, score) ->
          gauge(MonitorMeterNames.DRIFT_SCORE, MonitorMeterNames.TAG_FEATURE, feature, score));
      gauge(MonitorMeterNames.DATASET_DRIFT, null, null, snapshot.datasetDrifted() ? 1 : 0);
    }
    snapshot.metrics().forEach((metric, value) ->
        gauge(MonitorMeterNames.PERFORMANCE, MonitorMeterNames.TAG_METRIC, metric, value));
  }

  void remove() {
    registered.forEach(registry::remove);
    registered.clear();
  }

  private void gauge(
      String name, @Nullable String tagKey, @Nullable String tagValue, double value) {
    String key = name + '|' + tagValue;
    AtomicLong bits = gauges.get(key);
    if (bits == null) {
      AtomicLong holder = new AtomicLong();
      Gauge.Builder<AtomicLong> builder = Gauge.builder(name, holder,
          h -> Double.longBitsToDouble(h.get())).tags(tags).strongReference(true);
      if (tagKey != null && tagValue != null) {
        builder.tag(tagKey, tagValue);

      }
      keep(builder.register(registry));
      gauges.put(key, holder);
      bits = holder;
    }
    bits.set(Double.doubleToLongBits(value));
  }

  private Counter errorCounter(String cause) {
    return keep(Counter.builder(MonitorMeterNames.ERRORS).tags(tags)
        .tag(MonitorMeterNames.TAG_CAUSE, cause).description("Rows whose prediction call failed")
        .register(registry));
  }

  private <M extends Meter> M keep(M meter) {
    registered.add(meter);
    return meter;
  }
}
