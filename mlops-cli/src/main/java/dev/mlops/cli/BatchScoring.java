package dev.mlops.cli;

import dev.mlops.cli.RecordSource.RawRecord;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Scores a {@link RecordSource} in constant memory: the calling thread reads batches of records
 * and writes results; scoring threads decode and score the batches in parallel. At most {@code 2 x
 * threads} batches are in flight, and results are written in input order as each batch at the
 * head finishes, so memory holds a few batches whatever the input's size.
 *
 * <p>Without {@code skipInvalid} the first invalid record in input order stops the run with a
 * {@link CliException} naming the file and line; with it, invalid records go to the rejected sink
 * in input order and the run goes on.
 */
final class BatchScoring {
  private final Predictor<Map<String, Object>, ?> predictor;
  private final RecordSource source;
  private final Path input;
  private final int batchSize;
  private final int threads;
  private final boolean skipInvalid;
  private long scored;
  private long rejected;

  /** Receives the invalid records, in input order. */
  @FunctionalInterface
  interface RejectSink {
    void reject(InputRow row) throws IOException;
  }

  /**
   * How many records a run scored and rejected.
   *
   * @param scored records written to the output
   * @param rejected records given to the rejected sink
   */
  record Counts(long scored, long rejected) {}

  /** What scoring one batch gave: the scored rows and the rejected ones, both in input order. */
  private record BatchResult(List<ScoredRow> scored, List<InputRow> rejected) {}

  BatchScoring(Predictor<Map<String, Object>, ?> predictor, RecordSource source,
      Path input, int batchSize, int threads, boolean skipInvalid) {
    this.predictor = predictor;
    this.source = source;
    this.input = input;
    this.batchSize = batchSize;
    this.threads = threads;
    this.skipInvalid = skipInvalid;
  }

  /**
   * Scores every record; call once.
   *
   * @param writer where scored rows go
   * @param rejects where invalid records go (only with {@code skipInvalid})
   * @param progress where progress is reported
   * @return the counts
   * @throws CliException at the first invalid record without {@code skipInvalid}
   * @throws IOException if the input cannot be read or the output written
   * @throws InterruptedException if interrupted while waiting for a batch
   */
  Counts run(ScoreWriter writer, RejectSink rejects, Progress progress)
      throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "mlops-predict");
      thread.setDaemon(true);
      return thread;
    });
    Deque<Future<BatchResult>> inFlight = new ArrayDeque<>();
    try {
      for (List<RawRecord> batch = readBatch(); !batch.isEmpty(); batch = readBatch()) {
        List<RawRecord> records = batch;
        inFlight.add(pool.submit(() -> score(records)));
        while (inFlight.size() >= 2 * threads
            || !inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
          write(get(inFlight.removeFirst()), writer, rejects, progress);
        }
      }
      while (!inFlight.isEmpty()) {
        write(get(inFlight.removeFirst()), writer, rejects, progress);
      }
    } finally {
      pool.shutdownNow();
      progress.finish();
    }
    return new Counts(scored, rejected);
  }

  private void write(BatchResult result, ScoreWriter writer, RejectSink rejects, Progress progress)
      throws IOException {
    writer.write(result.scored());
    for (InputRow row : result.rejected()) {
      rejects.reject(row);
    }
    scored += result.scored().size();
    rejected += result.rejected().size();
    progress.update(scored + rejected, source.fractionRead());
  }

  private List<RawRecord> readBatch() throws IOException {
    List<RawRecord> batch = new ArrayList<>(batchSize);
    for (RawRecord r = batch.size() < batchSize ? source.next() : null; r != null;
        r = batch.size() < batchSize ? source.next() : null) {
      batch.add(r);
    }
    return batch;
  }

  /** Decodes and scores a batch, on a scoring thread. */
  private BatchResult score(List<RawRecord> records) {
    List<InputRow> valid = new ArrayList<>(records.size());
    List<InputRow> rejected = new ArrayList<>();
    for (RawRecord record : records) {
      InputRow row = source.decode(record);
      if (row.error() == null) {
        valid.add(row);
      } else if (skipInvalid) {
        rejected.add(row);
      } else {
        // The rows before it are scored first: one of them may be the first bad row.
        scoreBatch(valid, rejected);
        throw invalid(row);
      }
    }
    List<ScoredRow> scored = scoreBatch(valid, rejected);
    rejected.sort(Comparator.comparingLong(InputRow::line));
    return new BatchResult(scored, rejected);
  }

  /** Scores valid rows; with skipInvalid, rows the predictor rejects are found one by one. */
  private List<ScoredRow> scoreBatch(List<InputRow> rows, List<InputRow> rejected) {
    if (rows.isEmpty()) {
      return List.of();
    }
    try {
      List<?> answers = predictor.predictBatch(rows.stream().map(InputRow::features).toList());
      List<ScoredRow> result = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        // An explainer (--explain) answers with the prediction and its contributions.
        result.add(answers.get(i) instanceof Explanation e
            ? new ScoredRow(rows.get(i), e.prediction(), e.contributions())
            : new ScoredRow(rows.get(i), (Prediction) answers.get(i)));
      }
      return result;
    } catch (InvalidInputException e) {
      if (!skipInvalid) {
        InputRow bad = rows.get(Math.max(0, Math.min(rows.size() - 1, e.rowIndex())));
        throw new CliException(where(bad) + ": " + e.getMessage(), e);
      }
      if (rows.size() > 1) {
        List<ScoredRow> result = new ArrayList<>();
        for (InputRow row : rows) {
          result.addAll(scoreBatch(List.of(row), rejected));
        }
        return result;
      }
      InputRow row = rows.get(0);
      rejected.add(InputRow.invalid(row.line(), row.id(), e.feature(),
          Objects.toString(e.getMessage(), e.toString())));


      return List.of();
    }
  }

  private CliException invalid(InputRow row) {
    return new CliException(where(row) + ": " + row.error());
  }

  private String where(InputRow row) {
    return input + ", " + source.unit() + " " + row.line();
  }

  private static BatchResult get(Future<BatchResult> batch) throws InterruptedException {
    try {
      return batch.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }
}
