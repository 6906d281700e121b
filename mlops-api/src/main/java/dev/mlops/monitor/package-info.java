/**
 * What production monitoring observed: the {@link dev.mlops.monitor.MonitorSnapshot} of one model
 * version over one time window (traffic, errors, latency, drift against the training data,
 * performance on late-arriving labels). Retrain policies and alert rules read snapshots; the
 * monitor that produces them lives in {@code mlops-core}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.monitor;

import org.jspecify.annotations.NullMarked;
