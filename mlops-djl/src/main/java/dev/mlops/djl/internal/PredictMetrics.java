package dev.mlops.djl.internal;

import dev.mlops.core.observe.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one loaded model version: {@code mlops.predict.latency} (a timer) and
 * {@code mlops.predict.errors} (a counter), both tagged with model, version and outcome. The timer
 * publishes histogram buckets ({@link LatencyBuckets}), so that percentiles aggregate across
 * replicas. Meters are registered once at load so the prediction path only records.
 */
final class PredictMetrics {

  /** The outcome tag of a call that returned predictions. */
  static final String SUCCESS = "success";
  /** The outcome tag of a call rejected by input validation. */
  static final String INVALID_INPUT = "invalid_input";
  /** The outcome tag of a call the engine failed. */
  static final String ENGINE_ERROR = "engine_error";

  private final Timer success;
  private final Timer invalidInputLatency;
  private final Timer engineErrorLatency;
  private final Counter invalidInput;
  private final Counter engineError;

  PredictMetrics(MeterRegistry registry, String model, int version, LatencyBuckets buckets) {
    Tags base = Tags.of("model", model, "version", Integer.toString(version));
    this.success = timer(registry, base, SUCCESS, buckets);
    this.invalidInputLatency = timer(registry, base, INVALID_INPUT, buckets);
    this.engineErrorLatency = timer(registry, base, ENGINE_ERROR, buckets);
    this.invalidInput = counter(registry, base, INVALID_INPUT);
    this.engineError = counter(registry, base, ENGINE_ERROR);
  }

  void recordSuccess(long nanos) {
    success.record(nanos, TimeUnit.NANOSECONDS);
  }

  void recordInvalidInput(long nanos) {
    invalidInputLatency.record(nanos, TimeUnit.NANOSECONDS);
    invalidInput.increment();
  }

  void recordEngineError(long nanos) {
    engineErrorLatency.record(nanos, TimeUnit.NANOSECONDS);
    engineError.increment();
  }

  private static Timer timer(MeterRegistry registry, Tags base, String outcome,
      LatencyBuckets buckets) {
    return buckets.applyTo(Timer.builder("mlops.predict.latency"))
        .description("Time to validate, encode and score one predict or predictBatch call")
        .tags(base.and("outcome", outcome))
        .register(registry);
  }

  private static Counter counter(MeterRegistry registry, Tags base, String outcome) {
    return Counter.builder("mlops.predict.errors")
        .description("Predict calls that failed, by outcome")
        .tags(base.and("outcome", outcome))
        .register(registry);
  }
}
