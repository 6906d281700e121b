/**
 * Model-performance metrics computed exactly, for the training evaluators (a hold-out set) and for
 * the production monitor (a window of labelled predictions): {@link
 * dev.mlops.core.metrics.ClassificationMetrics} accumulates class probabilities and actual classes
 * and produces a {@link dev.mlops.core.metrics.ClassificationReport} (accuracy, precision, recall,
 * F1, ROC AUC, PR AUC, log loss, expected calibration error and the {@link
 * dev.mlops.core.metrics.ConfusionMatrix}); {@link dev.mlops.core.metrics.RegressionMetrics}
 * accumulates predicted and actual values and produces a {@link
 * dev.mlops.core.metrics.RegressionReport} (MAE, RMSE, MAPE, R²). The formulas follow
 * scikit-learn's; the Javadoc of each report says where and why they differ. {@link
 * dev.mlops.core.metrics.MetricNames} names every metric and says, through {@link
 * dev.mlops.core.metrics.MetricDirection}, whether higher or lower values are better.
 *
 * <p>The accumulators keep every row (in primitive arrays) so that the rank-based metrics are exact
 * and so that merging accumulators gives exactly the report of one accumulator fed all rows: their
 * memory is proportional to the number of rows, and callers bound it by the size of their window.
 * They are not thread-safe.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.core.metrics;

import org.jspecify.annotations.NullMarked;
