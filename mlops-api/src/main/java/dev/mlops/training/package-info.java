/**
 * Training: a {@link dev.mlops.training.DataSource} yields a tabular
 * {@link dev.mlops.training.Dataset}, a {@link dev.mlops.training.Trainer} turns it into a
 * {@link dev.mlops.training.TrainedModel}, an {@link dev.mlops.training.Evaluator} scores that on a
 * hold-out set, and a training pipeline (in {@code mlops-core}) registers the result with its
 * lineage; each pipeline run is described by a {@link dev.mlops.training.TrainingRun}. The built-in
 * DJL trainer lives in {@code mlops-djl}; any other library plugs in through {@code Trainer}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.training;

import org.jspecify.annotations.NullMarked;
