package dev.mlops.core.training;

import dev.mlops.training.TrainingRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The record of every pipeline run, succeeded or failed, so that what was tried can be audited: a
 * {@link TrainingPipeline} appends each run once it has ended. Implementations are thread-safe.
 *
 * @since 0.1
 */
public interface TrainingRunLog {

  /**
   * Appends a run.
   *
   * @param run the finished run
   * @throws TrainingRunLogException if it cannot be stored
   * @since 0.1
   */
  void record(TrainingRun run);

  /**
   * The runs of one model, oldest first (in the order they were recorded).
   *
   * @param modelName the model
   * @return the runs; empty if there are none
   * @throws TrainingRunLogException if the log cannot be read
   * @since 0.1
   */
  List<TrainingRun> runs(String modelName);

  /**
   * Every run, oldest first.
   *
   * @return the runs
   * @throws TrainingRunLogException if the log cannot be read
   * @since 0.1
   */
  List<TrainingRun> runs();

  /**
   * The most recent run of a model.
   *
   * @param modelName the model
   * @return the last recorded run, or empty if there is none
   * @throws TrainingRunLogException if the log cannot be read
   * @since 0.1
   */
  default Optional<TrainingRun> lastRun(String modelName) {
    List<TrainingRun> runs = runs(modelName);
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
  }

  /**
   * A log held in memory, lost when the process ends; the default of a pipeline.
   *
   * @return an empty log
   * @since 0.1
   */
  static TrainingRunLog inMemory() {
    return new InMemoryTrainingRunLog();
  }

  /**
   * A log in a file of JSON lines, one run per line, shared safely by the threads and processes
   * that append to it. Each append is flushed to the device ({@code fsync}) before it returns. A
   * last line cut short by a crash is ignored when reading and removed by the next append. The
   * file and its parent directories are created on the first append.
   *
   * @param file the log file, such as {@code /var/mlops/training-runs.jsonl}
   * @return the log
   * @since 0.1
   */
  static TrainingRunLog jsonLines(Path file) {
    return new JsonLinesTrainingRunLog(file);
  }
}
