package dev.mlops.core.monitor;

import java.time.Duration;

/**
 * How a monitor shares its store with the fleet.
 *
 * @param instance this monitor's name in the store, unique per monitor run
 * @param bufferCapacity the most sampled predictions kept in memory waiting for the store
 * @param flushInterval how often the queued predictions and changed panes are written
 * @param housekeepingInterval how often pending predictions are expired, old panes retired and the
 *     fleet's gauges refreshed
 * @param maxPending the most predictions of the model the fleet keeps waiting for outcomes
 * @param retention how long the store keeps a pane after it started
 * @param settleDelay how long after a window's end its fleet figures are taken as final
 */
record FleetSettings(
    String instance,
    int bufferCapacity,
    Duration flushInterval,
    Duration housekeepingInterval,
    long maxPending,
    Duration retention,
    Duration settleDelay) {}
