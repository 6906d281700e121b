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
  private final AtomicLong pending = new AtomicLong();
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
    keep(Gauge.builder(MonitorMeterNames.PENDING_OUTCOMES, pending, AtomicLong::get).tags(tags)
        .description("Predictions waiting for their ground-truth outcome").register(registry));
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
    outcomeCounter(status).increment();
  }

  private Counter outcomeCounter(String status) {
    Counter counter = outcomes.get(status);
    if (counter == null) {
      throw new IllegalArgumentException("no outcome counter for status '" + status + "'");
    }
    return counter;
  }

  void outcome(String status, long count) {
    outcomeCounter(status).increment(count);
  }

  /** Changes the count of predictions waiting for their outcome (the in-process join buffer). */
  void pending(long delta) {
    pending.addAndGet(delta);
  }

  /** Sets the count of predictions waiting for their outcome (a fleet's, from its store). */
  void pendingNow(long count) {
    pending.set(count);
  }

  /** Sets the gauges to a closed window's drift scores and performance metrics. */
  void windowClosed(MonitorSnapshot snapshot) {
    if (snapshot.drift() != null) {
      snapshot.drift().driftScores().forEach((feature, score) ->
          gauge(MonitorMeterNames.DRIFT_SCORE, MonitorMeterNames.TAG_FEATURE, feature, score));
      gauge(MonitorMeterNames.DATASET_DRIFT, null, null, snapshot.datasetDrifted() ? 1 : 0);
      gauge(MonitorMeterNames.DRIFT_SHARE, null, null, snapshot.drift().driftedShare());
    }
    performance(snapshot.metrics());
    snapshot.estimated().metrics().forEach((metric, value) ->
        gauge(MonitorMeterNames.ESTIMATED, MonitorMeterNames.TAG_METRIC, metric, value));
    snapshot.estimated().lower().forEach((metric, value) ->
        gauge(MonitorMeterNames.ESTIMATED_LOWER, MonitorMeterNames.TAG_METRIC, metric, value));
    snapshot.estimated().upper().forEach((metric, value) ->
        gauge(MonitorMeterNames.ESTIMATED_UPPER, MonitorMeterNames.TAG_METRIC, metric, value));
  }

  /** Sets the performance gauges, such as a closed window's after late outcomes joined it. */
  void performance(Map<String, Double> metrics) {
    metrics.forEach((metric, value) ->
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
