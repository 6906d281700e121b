/**
 * The built-in trainer: {@link dev.mlops.djl.training.DjlTabularTrainer} fits logistic, linear
 * and multilayer-perceptron models to tabular {@link dev.mlops.training.Dataset}s on DJL's PyTorch
 * engine, learns the preprocessing (standardisation, one-hot encoding, imputation) from the
 * training data, and saves both as a {@code djl} artifact that
 * {@link dev.mlops.djl.DjlPredictors} serves with exactly the same preprocessing. Training is
 * reproducible: the same data, configuration and seed give bit-identical parameters. The layout
 * and the guarantees are described in {@code docs/djl-trainer.md}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.djl.training;

import org.jspecify.annotations.NullMarked;
