/**
 * Alerts: {@link dev.mlops.alert.AlertRule}s look at monitor snapshots, and what they find is sent
 * as {@link dev.mlops.alert.Alert}s to {@link dev.mlops.alert.AlertSink}s (a log, a webhook, your
 * own). Built-in rules, the dispatcher with cooldowns and resolve notifications, and the built-in
 * sinks live in {@code mlops-core}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.alert;

import org.jspecify.annotations.NullMarked;
