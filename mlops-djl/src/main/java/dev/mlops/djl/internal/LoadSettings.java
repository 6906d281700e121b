package dev.mlops.djl.internal;

import dev.mlops.djl.UnknownFeaturePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * How models are loaded and served, as configured on {@link dev.mlops.djl.DjlPredictors}.
 *
 * @param poolSize the most DJL predictors per loaded version, hence concurrent engine calls
 * @param unknownFeatures what to do with features the signature does not declare
 * @param maxBatchSize the most rows one call may carry
 * @param meters where prediction metrics go
 * @param microBatchRows the most single-row calls coalesced into one engine call, 0 for none
 * @param microBatchDelay how long the first call of a micro-batch waits for company
 */
public record LoadSettings(
    int poolSize, UnknownFeaturePolicy unknownFeatures, int maxBatchSize, MeterRegistry meters,
    int microBatchRows, Duration microBatchDelay) {}
