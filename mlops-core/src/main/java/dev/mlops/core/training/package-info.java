/**
 * Training pipelines: {@link dev.mlops.core.training.TabularDataset} holds labelled rows checked
 * against a {@link dev.mlops.core.training.TabularSchema}; {@link
 * dev.mlops.core.training.CsvDataSource} and {@link dev.mlops.core.training.DataSources} supply
 * them; {@link dev.mlops.core.training.ClassificationEvaluator} and {@link
 * dev.mlops.core.training.RegressionEvaluator} measure a model on a hold-out set; and {@link
 * dev.mlops.core.training.TrainingPipeline} runs fetch, validation, a seeded split, training,
 * evaluation, metric floors and registration with full lineage, recording every run, succeeded or
 * failed, in a {@link dev.mlops.core.training.TrainingRunLog}. See {@code docs/training.md}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.core.training;

import org.jspecify.annotations.NullMarked;
