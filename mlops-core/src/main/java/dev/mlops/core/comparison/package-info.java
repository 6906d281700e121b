/**
 * Comparing two classifiers with significance tests: {@link
 * dev.mlops.core.comparison.McNemarTest} (accuracy on the same rows), {@link
 * dev.mlops.core.comparison.DeLongTest} (ROC AUC, on the same or different rows) and a
 * two-proportion z-test (accuracy on different rows), applied to {@link
 * dev.mlops.core.comparison.LabelledScores} by {@link dev.mlops.core.comparison.ModelComparisons};
 * {@link dev.mlops.core.comparison.CanaryOutcomes} records the labelled outcomes of each side of a
 * canary. The promotion gates built on them are {@code PairedComparisonGate} and {@code
 * CanaryGate} in {@code dev.mlops.core.lifecycle}; docs/lifecycle.md explains the choice of tests.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.core.comparison;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;
