/**
 * Performance estimation before the labels arrive: confidence-based performance estimation (CBPE)
 * for binary ({@link dev.mlops.core.estimation.BinaryPerformanceEstimator}) and multi-class
 * ({@link dev.mlops.core.estimation.MulticlassPerformanceEstimator}) classifiers, and direct loss
 * estimation (DLE) for regression models ({@link dev.mlops.core.estimation.DirectLossEstimator}).
 * Each is fitted on a labelled reference and returns a {@link
 * dev.mlops.core.estimation.PerformanceEstimate} whose metrics carry confidence bands from the
 * reference's sampling error. The definitions, reproduced by an independent numpy/scikit-learn
 * script, are in {@code docs/performance-estimation.md}.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.core.estimation;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;
