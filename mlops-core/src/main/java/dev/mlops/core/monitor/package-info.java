/**
 * Production monitoring of a model, in-process: {@link dev.mlops.core.monitor.ModelMonitor} wraps
 * a predictor or a deployment and records per version and time window the traffic, errors,
 * latency, a bounded-memory profile of the inputs (drift against the training data) and the
 * performance on ground-truth outcomes joined later; it publishes {@link
 * dev.mlops.monitor.MonitorSnapshot}s and Micrometer meters ({@link
 * dev.mlops.core.monitor.MonitorMeterNames}). {@link dev.mlops.core.monitor.MonitorSnapshotJson}
 * writes snapshots as JSON and reads them back. See {@code docs/monitoring.md}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.core.monitor;

import org.jspecify.annotations.NullMarked;
