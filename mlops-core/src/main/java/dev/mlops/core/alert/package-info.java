/**
 * Alerts over monitor snapshots: {@link dev.mlops.core.alert.AlertRules} creates the built-in rules
 * (dataset drift, a feature's drift, a performance metric past a bound, error rate, p99 latency);
 * {@link dev.mlops.core.alert.AlertDispatcher} evaluates them on every snapshot it is handed, keeps
 * per rule and model whether an alert is firing, applies cooldowns, sends resolve notifications,
 * and delivers alerts to {@link dev.mlops.alert.AlertSink}s on its own thread so that the
 * prediction path never waits; {@link dev.mlops.core.alert.LogAlertSink} and {@link
 * dev.mlops.core.alert.WebhookAlertSink} are the built-in sinks. See {@code docs/alerts.md}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.core.alert;

import org.jspecify.annotations.NullMarked;
