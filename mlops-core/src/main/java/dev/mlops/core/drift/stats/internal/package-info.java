/**
 * Numeric internals of the drift statistics: distribution functions (Kolmogorov, Smirnov,
 * chi-square, normal, Cramer-von Mises), special functions and small linear algebra.
 *
 * <p>Not API: these classes may change in any release. Use the public classes of
 * {@code dev.mlops.core.drift.stats} instead.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.core.drift.stats.internal;

import org.jspecify.annotations.NullMarked;
