package dev.mlops.djl.internal;

import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.djl.UnknownFeaturePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How models are loaded and served, as configured on {@link dev.mlops.djl.DjlPredictors}.
 *
 * @param poolSize the most DJL predictors per loaded version, hence concurrent engine calls
 * @param unknownFeatures what to do with features the signature does not declare
 * @param maxBatchSize the most rows one call may carry
 * @param meters where prediction metrics go
 * @param microBatchRows the most single-row calls coalesced into one engine call, 0 for none
 * @param microBatchDelay how long the first call of a micro-batch waits for company
 * @param latencyBuckets the bucket layout of the latency histogram
 * @param observations where predict, load and swap observations go, or null for none
 * @param warmUpCalls how many times a version's input example runs through it at load, at least 1
 *     (the first is the check against the signature)
 */
public record LoadSettings(
    int poolSize, UnknownFeaturePolicy unknownFeatures, int maxBatchSize, MeterRegistry meters,
    int microBatchRows, Duration microBatchDelay, LatencyBuckets latencyBuckets,
    @Nullable ObservationRegistry observations, int warmUpCalls) {

  /**
   * Settings without histogram choices or observations: the default buckets, no observations.
   *
   * @param poolSize the most DJL predictors per loaded version
   * @param unknownFeatures what to do with features the signature does not declare
   * @param maxBatchSize the most rows one call may carry
   * @param meters where prediction metrics go
   * @param microBatchRows the most single-row calls coalesced, 0 for none
   * @param microBatchDelay how long the first call of a micro-batch waits
   */
  public LoadSettings(int poolSize, UnknownFeaturePolicy unknownFeatures, int maxBatchSize,
      MeterRegistry meters, int microBatchRows, Duration microBatchDelay) {
    this(poolSize, unknownFeatures, maxBatchSize, meters, microBatchRows, microBatchDelay,
        LatencyBuckets.defaults(), null, 1);
  }
}
