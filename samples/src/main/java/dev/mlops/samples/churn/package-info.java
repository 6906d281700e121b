/**
 * The churn case study: a subscription business deploys a churn model, its customers change, and
 * the SDK notices, alerts, retrains, gates and swaps in a better model with no downtime, while a
 * copy of the first model left alone shows what would have happened without it. Run
 * {@link dev.mlops.samples.churn.ChurnCaseStudy}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.samples.churn;

import org.jspecify.annotations.NullMarked;
