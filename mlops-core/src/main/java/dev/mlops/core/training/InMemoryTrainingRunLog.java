package dev.mlops.core.training;

import dev.mlops.training.TrainingRun;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link TrainingRunLog} in a list. */
final class InMemoryTrainingRunLog implements TrainingRunLog {

  private final List<TrainingRun> runs = new CopyOnWriteArrayList<>();

  @Override
  public void record(TrainingRun run) {
    runs.add(Objects.requireNonNull(run, "run"));
  }

  @Override
  public List<TrainingRun> runs(String modelName) {
    return runs.stream().filter(r -> r.modelName().equals(modelName)).toList();
  }

  @Override
  public List<TrainingRun> runs() {
    return List.copyOf(runs);
  }

  @Override
  public String toString() {
    return "TrainingRunLog[memory, " + runs.size() + " runs]";
  }
}
