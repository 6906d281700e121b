package dev.mlops.training;

import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A model fresh from a {@link Trainer}, not yet registered: it can score rows in memory (for
 * evaluation) and write itself to a directory that a predictor of its {@link #format()} loads. Any
 * preprocessing the trainer learned (standardisation, encodings) is part of the model, both when
 * scoring here and in what {@link #save} writes.
 *
 * <p>Holds native memory for some trainers; close it when done.
 *
 * @since 0.1
 */
public interface TrainedModel extends AutoCloseable {

  /**
   * The format of what {@link #save} writes, such as {@code djl}.
   *
   * @return the format
   */
  ModelFormat format();

  /**
   * The signature: the dataset's features as inputs and one output whose categories are the classes
   * (classification) or a single numeric output (regression).
   *
   * @return the signature
   */
  ModelSignature signature();

  /**
   * Scores rows.
   *
   * @param rows feature name to value, as {@link Dataset#features(int)} gives them
   * @return per row, the class probabilities in the order of the output's categories, or a single
   *     predicted value for regression
   * @throws IllegalArgumentException if a row does not match the signature, naming the row and
   *     feature
   * @throws IllegalStateException if the model is closed
   */
  List<double[]> predict(List<Map<String, @Nullable Object>> rows);

  /**
   * The hyperparameters the model was trained with, recorded as the version's parameters.
   *
   * @return parameter name to value
   */
  Map<String, String> parameters();

  /**
   * Metrics observed while training, such as the final training loss.
   *
   * @return metric name to value; may be empty
   */
  Map<String, Double> trainingMetrics();

  /**
   * The software that trained the model, recorded in the version's lineage, such as
   * {@code djl.version}, {@code engine} and {@code engine.version}.
   *
   * @return name to version; empty by default
   */
  default Map<String, String> environment() {
    return Map.of();
  }

  /**
   * Writes the model to an empty or missing directory, in its format.
   *
   * @param directory where to write
   * @throws TrainingException if it cannot be written, naming the directory
   * @throws IllegalStateException if the model is closed
   */
  void save(Path directory);

  /**
   * Releases native memory. Idempotent.
   */
  @Override
  void close();
}
