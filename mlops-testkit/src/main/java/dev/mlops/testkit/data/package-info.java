/**
 * Seeded synthetic data with drift you control, for tests, benchmarks and demonstrations of
 * monitoring and retraining. {@link dev.mlops.testkit.data.ChurnDataGenerator} simulates the
 * customers of a subscription business week by week, with a churn label that follows a logistic
 * rule of their features and covariate or concept drift from a chosen week on;
 * {@link dev.mlops.testkit.data.DriftingDataGenerator} is a generic row stream whose numeric and
 * categorical features shift from a chosen row or instant and may recover later, with a binary
 * label from a known rule.
 *
 * <p>Every generator is deterministic: the same seed and settings give the same rows, whatever the
 * order in which they are asked for and on whichever thread. Generators are immutable and
 * thread-safe.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.testkit.data;

import org.jspecify.annotations.NullMarked;
