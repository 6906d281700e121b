package dev.mlops.djl.internal;

import dev.mlops.djl.UnknownFeaturePolicy;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How models are loaded and served, as configured on {@link dev.mlops.djl.DjlPredictors}.
 *
 * @param poolSize the most DJL predictors per loaded version, hence concurrent engine calls
 * @param unknownFeatures what to do with features the signature does not declare
 * @param maxBatchSize the most rows one call may carry
 * @param meters where prediction metrics go
 */
public record LoadSettings(
    int poolSize, UnknownFeaturePolicy unknownFeatures, int maxBatchSize, MeterRegistry meters) {}
