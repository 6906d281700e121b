/**
 * Exact batch drift statistics: tests that compare one feature's values in a reference sample
 * with a current sample and return a {@link dev.mlops.drift.DriftResult}.
 *
 * <p>Hypothesis tests ({@link dev.mlops.core.drift.stats.KolmogorovSmirnovTest},
 * {@link dev.mlops.core.drift.stats.ChiSquareTest},
 * {@link dev.mlops.core.drift.stats.TwoProportionZTest},
 * {@link dev.mlops.core.drift.stats.AndersonDarlingTest},
 * {@link dev.mlops.core.drift.stats.CramerVonMisesTest}) report a p-value and an effect size;
 * a drift verdict needs the p-value below the threshold and, when a minimum effect size is set,
 * an effect at least that large, so that very large samples do not flag trivial shifts.
 * Distances ({@link dev.mlops.core.drift.stats.PopulationStabilityIndex},
 * {@link dev.mlops.core.drift.stats.JensenShannonDistance},
 * {@link dev.mlops.core.drift.stats.WassersteinDistance}) drift when they reach their threshold.
 *
 * <p>Every statistic and p-value reproduces what scipy (and, for the formulas Evidently defines,
 * Evidently) computes on the same data; the test suite checks this against reference values
 * generated with scipy. Each class also exposes its numeric core as documented static methods
 * (p-values from a statistic, statistics from counts, bin edges) for callers that summarise data
 * in sketches rather than raw values. All classes are immutable and thread-safe.
 *
 * <p>Missing values are never part of a statistic: a {@link dev.mlops.drift.FeatureColumn} carries
 * them as a count beside the present values, and a column with no present values is rejected with
 * an {@link java.lang.IllegalArgumentException} naming the feature.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.core.drift.stats;

import org.jspecify.annotations.NullMarked;
