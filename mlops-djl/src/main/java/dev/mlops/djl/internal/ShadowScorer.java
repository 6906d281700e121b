package dev.mlops.djl.internal;

import dev.mlops.djl.ShadowAgreement;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores copies of calls with a challenger on one background thread and compares the answers with
 * the champion's. Callers only {@link #offer} to a bounded queue, which never blocks: when it is
 * full the shadow call is dropped and counted. Challenger errors are logged at debug level and
 * counted; they never reach callers.
 */
public final class ShadowScorer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ShadowScorer.class);

  private final Predictor<Map<String, Object>, Prediction> challenger;
  private final BlockingQueue<Pending> queue;
  private final Thread worker;
  private final MeterRegistry meters;
  private final List<Meter> registered = new ArrayList<>();
  private final Counter droppedCounter;
  private final Counter errorCounter;
  private volatile boolean closed;

  // Written by the worker only; read under the monitor for consistent snapshots.
  private long compared;
  private long sameLabel;
  private double sumMeanAbsDiff;
  private long dropped;
  private long errors;

  private record Pending(Map<String, Object> input, Prediction champion) {}

  /**
   * Starts the worker thread.
   *
   * @param challenger the predictor to shadow-score with; closed by {@link #close()}
   * @param capacity the queue bound, at least 1
   * @param meters where the shadow meters go
   * @param tags tags of every shadow meter, naming the model and challenger
   */
  public ShadowScorer(Predictor<Map<String, Object>, Prediction> challenger, int capacity,
      MeterRegistry meters, Tags tags) {
    this.challenger = challenger;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.meters = meters;
    this.droppedCounter = Counter.builder("mlops.shadow.dropped")
        .description("Shadow calls dropped because the shadow queue was full")
        .tags(tags).register(meters);
    this.errorCounter = Counter.builder("mlops.shadow.errors")
        .description("Shadow calls the challenger failed; callers never see them")
        .tags(tags).register(meters);
    registered.add(droppedCounter);
    registered.add(errorCounter);
    registered.add(Gauge.builder("mlops.shadow.agreement", this,
            s -> s.agreement().sameLabelRate())
        .description("Share of shadow-compared calls where challenger and champion chose the "
            + "same label")
        .tags(tags).strongReference(true).register(meters));
    registered.add(Gauge.builder("mlops.shadow.score.difference", this,
            s -> s.agreement().meanAbsoluteScoreDifference())
        .description("Mean absolute difference between challenger and champion scores")
        .tags(tags).strongReference(true).register(meters));
    registered.add(FunctionCounter.builder("mlops.shadow.compared", this,
            s -> s.agreement().compared())
        .description("Calls scored by both champion and shadow challenger")
        .tags(tags).register(meters));
    this.worker = new Thread(this::run, "mlops-shadow " + challenger.modelVersion().name());
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues a copy of a call for shadow scoring, or drops it if the queue is full. Never blocks.
   *
   * @param input the caller's row; copied, so the caller may change it afterwards
   * @param champion the champion's answer
   */
  public void offer(Map<String, Object> input, Prediction champion) {
    if (closed) {
      return;
    }
    if (!queue.offer(new Pending(new LinkedHashMap<>(input), champion))) {
      synchronized (this) {
        dropped++;
      }
      droppedCounter.increment();
    }
  }

  /**
   * The comparison so far.
   *
   * @return a consistent snapshot
   */
  public synchronized ShadowAgreement agreement() {
    return compared == 0
        ? new ShadowAgreement(0, 0.0, 0.0, dropped, errors)
        : new ShadowAgreement(compared, (double) sameLabel / compared, sumMeanAbsDiff / compared,
            dropped, errors);
  }

  /**
   * The challenger.
   *
   * @return the predictor being shadow-scored
   */
  public Predictor<Map<String, Object>, Prediction> challenger() {
    return challenger;
  }

  /** Stops the worker (abandoning queued calls), removes the meters and closes the challenger. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    worker.interrupt();
    try {
      worker.join(TimeUnit.SECONDS.toMillis(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    queue.clear();
    registered.forEach(meters::remove);
    challenger.close();
  }

  private void run() {
    while (!closed) {
      Pending next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      score(next);
    }
  }

  private void score(Pending pending) {
    Prediction shadow;
    try {
      shadow = challenger.predict(pending.input());
    } catch (RuntimeException e) {
      LOG.debug("Shadow challenger {} failed; the caller was not affected: {}",
          challenger.modelVersion(), e.getMessage());
      countError();
      return;
    }
    List<Double> a = pending.champion().scores();
    List<Double> b = shadow.scores();
    if (a.size() != b.size() || a.isEmpty()) {
      LOG.debug("Shadow challenger {} returned {} scores, the champion {}; not comparable",
          challenger.modelVersion(), b.size(), a.size());
      countError();
      return;
    }
    double sumAbs = 0.0;
    for (int i = 0; i < a.size(); i++) {
      sumAbs += Math.abs(a.get(i) - b.get(i));
    }
    boolean same = pending.champion().label() != null && shadow.label() != null
        ? pending.champion().label().equals(shadow.label())
        : argMax(a) == argMax(b);
    synchronized (this) {
      compared++;
      if (same) {
        sameLabel++;
      }
      sumMeanAbsDiff += sumAbs / a.size();
    }
  }

  private void countError() {
    synchronized (this) {
      errors++;
    }
    errorCounter.increment();
  }

  private static int argMax(List<Double> scores) {
    int best = 0;
    for (int i = 1; i < scores.size(); i++) {
      if (scores.get(i) > scores.get(best)) {
        best = i;
      }
    }
    return best;
  }
}
