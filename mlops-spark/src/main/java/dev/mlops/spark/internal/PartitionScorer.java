package dev.mlops.spark.internal;

import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelRegistries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jspecify.annotations.Nullable;

/**
 * Scores one partition with a pinned version, in batches, rows in order: each output row is the
 * input row followed by the output columns and the version number. Serialised into every task;
 * it carries the registry location, never an open registry.
 */
public final class PartitionScorer implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final String registryUri;
  private final PinnedVersion pinned;
  private final Map<String, Integer> featurePositions;
  private final List<OutputColumn> outputs;
  private final int batchSize;

  /**
   * Creates the function.
   *
   * @param registryUri the registry location, opened once per executor JVM
   * @param pinned the version every partition scores with
   * @param featurePositions each signature input's column index in the input rows
   * @param outputs the columns to add
   * @param batchSize rows per engine call
   */
  public PartitionScorer(String registryUri, PinnedVersion pinned,
      Map<String, Integer> featurePositions, List<OutputColumn> outputs, int batchSize) {
    this.registryUri = registryUri;
    this.pinned = pinned;
    this.featurePositions = new HashMap<>(featurePositions);
    this.outputs = List.copyOf(outputs);
    this.batchSize = batchSize;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return new Iterator<>() {
      private final List<Row> batch = new ArrayList<>(batchSize);
      private List<Row> scored = List.of();
      private int next;
      private long scoredBefore;

      @Override
      public boolean hasNext() {
        if (next < scored.size()) {
          return true;
        }
        if (!input.hasNext()) {
          return false;
        }
        scoreNextBatch();
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return scored.get(next++);
      }

      private void scoreNextBatch() {
        batch.clear();
        while (batch.size() < batchSize && input.hasNext()) {
          batch.add(input.next());
        }
        List<Map<String, Object>> features = new ArrayList<>(batch.size());
        batch.forEach(row -> features.add(new RowFeatures(row, featurePositions)));
        List<Prediction> predictions;
        try {
          predictions = ExecutorModels.predictBatch(registryUri, pinned, features);
        } catch (InvalidInputException e) {
          throw inPartition(e, scoredBefore);
        }
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          out.add(withOutputs(batch.get(i), predictions.get(i)));
        }
        scoredBefore += batch.size();
        scored = out;
        next = 0;
      }
    };
  }

  private Row withOutputs(Row row, Prediction prediction) {
    int width = row.length();
    @Nullable Object[] values = new Object[width + outputs.size() + 1];

    for (int i = 0; i < width; i++) {
      values[i] = row.get(i);
    }
    for (int i = 0; i < outputs.size(); i++) {
      values[width + i] = outputs.get(i).valueOf(prediction);
    }
    values[values.length - 1] = prediction.version();
    return RowFactory.create(values);
  }

  /**
   * The predictor numbers rows within a batch; callers need the row within the partition.
   */
  private InvalidInputException inPartition(InvalidInputException e, long scoredBefore) {
    if (e.rowIndex() < 0) {
      return e;
    }
    String prefix = "Invalid input for model '" + e.modelName() + "' version " + e.version()
        + ", row " + e.rowIndex()
        + (e.feature() != null ? ", feature '" + e.feature() + "'" : "") + ": ";
    String message = String.valueOf(e.getMessage());
    String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    TaskContext task = TaskContext.get();
    long row = scoredBefore + e.rowIndex();
    InvalidInputException located = new InvalidInputException(e.modelName(), e.version(),
        e.feature(), (int) Math.min(Integer.MAX_VALUE, row), problem
            + (task == null ? "" : " (the row's index is within partition " + task.partitionId()
            + ")"));
    located.setStackTrace(e.getStackTrace());
    return located;
  }

  @Override
  public String toString() {
    return "PartitionScorer[" + pinned.uri() + " from "
        + ModelRegistries.redact(registryUri) + "]";
  }
}
