/**
 * The retraining loop: {@link dev.mlops.core.lifecycle.RetrainPolicies} (schedules, drift,
 * performance, data volume and their compositions), promotion gates
 * ({@link dev.mlops.core.lifecycle.MetricThresholdGate},
 * {@link dev.mlops.core.lifecycle.ManualApprovalGate}, {@link dev.mlops.core.lifecycle.PromotionGates}),
 * {@link dev.mlops.core.lifecycle.Promotions}, which moves the {@code production} and {@code staging}
 * aliases with compare-and-set and records every decision in the registry's audit log, and the
 * {@link dev.mlops.core.lifecycle.LifecycleController}, which runs monitor, policy, training, gate
 * and promotion on a schedule and reports every transition as a
 * {@link dev.mlops.core.lifecycle.LifecycleEvent}. The policies themselves are package-private
 * classes behind the factories. See {@code docs/lifecycle.md}.
 */
@NullMarked
package dev.mlops.core.lifecycle;

import org.jspecify.annotations.NullMarked;
