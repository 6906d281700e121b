package dev.mlops.core.monitor;

import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.StoredPrediction;
import dev.mlops.monitor.spi.WindowPartial;
import dev.mlops.predict.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a fleet monitor observed to its store, off the prediction path: sampled predictions
 * waiting for their outcome go through a bounded queue, changed panes as partials, in batches on
 * the writer's own thread every flush interval. While the store cannot be written, predictions
 * wait in the queue and, once it is full, new ones are dropped and counted; partials are kept, the
 * latest per pane, and written when the store is back. Nothing here ever blocks a prediction: the
 * fold only offers to the queue.
 *
 * <p>Housekeeping (expiring pending predictions, retiring old panes, and the caller's own work such
 * as publishing the fleet's gauges) runs on the same thread every few flushes.
 */
final class StoreWriter implements FleetLink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
  private static final int BATCH = 1_000;
  private static final int MAX_UNWRITTEN_PARTIALS = 10_000;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final MonitorStore store;
  private final String model;
  private final String instance;
  private final FleetSettings settings;
  private final long stepMillis;
  private final long timeToLiveMillis;
  private final Clock clock;
  private final Supplier<List<WindowPartial>> changedPartials;
  private final Runnable housekeeping;
  private final ArrayBlockingQueue<StoredPrediction> queue;
  private final Counter droppedPredictionCounter;
  private final Counter droppedPartialCounter;
  private final List<Meter> meters = new ArrayList<>();
  private final MeterRegistry registry;
  /** Held by whoever writes: the writer's thread, or an outcome that flushes first. */
  private final ReentrantLock writing = new ReentrantLock();
  private final Map<String, WindowPartial> unwritten = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean stopping;
  private boolean housekept;
  private long lastHousekeepingNanos;
  private boolean failing;

  StoreWriter(MonitorStore store, String model, FleetSettings settings, long stepMillis,
      long timeToLiveMillis, Clock clock, MeterRegistry registry,
      Supplier<List<WindowPartial>> changedPartials, Runnable housekeeping) {
    this.store = store;
    this.model = model;
    this.instance = settings.instance();
    this.settings = settings;
    this.stepMillis = stepMillis;
    this.timeToLiveMillis = timeToLiveMillis;
    this.clock = clock;
    this.registry = registry;
    this.changedPartials = changedPartials;
    this.housekeeping = housekeeping;
    this.queue = new ArrayBlockingQueue<>(settings.bufferCapacity());
    this.droppedPredictionCounter = dropCounter("prediction");
    this.droppedPartialCounter = dropCounter("partial");
    meters.add(Gauge.builder(MonitorMeterNames.STORE_BACKLOG, queue, ArrayBlockingQueue::size)
        .tag(MonitorMeterNames.TAG_MODEL, model)
        .description("Sampled predictions waiting in memory to be written to the store")
        .register(registry));
    this.thread = new Thread(this::run, "mlops-monitor-store-" + model);
    thread.setDaemon(true);
    thread.start();
  }

  private Counter dropCounter(String kind) {
    Counter counter = Counter.builder(MonitorMeterNames.STORE_DROPPED)
        .tag(MonitorMeterNames.TAG_MODEL, model).tag(MonitorMeterNames.TAG_KIND, kind)
        .description("What the monitor could not write to its store and dropped")
        .register(registry);
    meters.add(counter);
    return counter;
  }

  @Override
  public void awaitOutcome(Prediction prediction, long paneIndex, long timeMillis) {
    List<Double> list = prediction.scores();
    double[] scores = new double[list.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = list.get(i);
    }
    StoredPrediction stored = new StoredPrediction(prediction.predictionId(), model,
        prediction.version(), Instant.ofEpochMilli(paneIndex * stepMillis),
        Duration.ofMillis(stepMillis), scores, Instant.ofEpochMilli(timeMillis),
        Instant.ofEpochMilli(timeMillis + timeToLiveMillis), null);
    if (!queue.offer(stored)) {
      droppedPredictionCounter.increment();
    }
  }

  /**
   * Writes every queued prediction now, on the caller's thread, so that an outcome reported to
   * this instance right after its prediction finds it in the store.
   *
   * @throws dev.mlops.MlopsException if the store cannot be written; the predictions stay queued
   */
  void flushPredictions() {
    writing.lock();
    try {
      writePredictions();
    } finally {
      writing.unlock();
    }
  }

  /**
   * Writes everything waiting (predictions and changed partials) now, on the caller's thread.
   *
   * @throws dev.mlops.MlopsException if the store cannot be written; everything stays queued
   */
  void flush() {
    writing.lock();
    try {
      writePartials();
      writePredictions();
    } finally {
      writing.unlock();
    }
  }

  private void run() {
    long interval = settings.flushInterval().toNanos();
    while (!stopping) {
      long deadline = System.nanoTime() + interval;
      // Waits the flush interval, or less when a batch is already full.
      while (!stopping && queue.size() < BATCH && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Math.min(deadline - System.nanoTime(),
            TimeUnit.MILLISECONDS.toNanos(50)));
      }
      flushQuietly();
    }
    flushQuietly();
  }

  private void flushQuietly() {
    writing.lock();
    try {
      // Partials first: collecting them folds the records, which queues their predictions.
      writePartials();
      writePredictions();
      succeeded();
      // Housekeeping runs by elapsed time; the clock (which a test may hold still) dates it.
      long elapsed = System.nanoTime() - lastHousekeepingNanos;
      if (!housekept || elapsed >= settings.housekeepingInterval().toNanos()) {
        housekept = true;
        lastHousekeepingNanos = System.nanoTime();
        long now = clock.millis();
        store.expire(model, Instant.ofEpochMilli(now), settings.maxPending());
        store.retire(model, Instant.ofEpochMilli(now).minus(settings.retention()));
        housekeeping.run();
      }
    } catch (RuntimeException e) {
      failed(e);
    } finally {
      writing.unlock();
    }
  }

  /**
   * Writes the queue in batches, taking each batch off the queue only once it is written, so that
   * the queue's capacity bounds everything held in memory; the caller holds {@link #writing}, the
   * only consumer.
   */
  private void writePredictions() {
    while (!queue.isEmpty()) {
      List<StoredPrediction> batch = new ArrayList<>(Math.min(queue.size(), BATCH));
      for (Iterator<StoredPrediction> i = queue.iterator(); batch.size() < BATCH && i.hasNext(); ) {
        batch.add(i.next());
      }
      store.writePredictions(batch);
      for (int i = 0; i < batch.size(); i++) {
        queue.poll();
      }
    }
  }

  /** Takes the changed panes and writes every partial not yet written; holds {@link #writing}. */
  private void writePartials() {
    for (WindowPartial partial : changedPartials.get()) {
      String key = partial.version() + "@" + partial.paneStart();
      unwritten.remove(key);
      unwritten.put(key, partial);
    }
    for (Iterator<String> i = unwritten.keySet().iterator();
        unwritten.size() > MAX_UNWRITTEN_PARTIALS && i.hasNext(); ) {
      i.next();
      i.remove();
      droppedPartialCounter.increment();
    }
    if (!unwritten.isEmpty()) {
      store.writePartials(List.copyOf(unwritten.values()));
      unwritten.clear();
    }
  }

  private void succeeded() {
    if (failing) {
      failing = false;
      LOG.info("Monitor of model '{}' writes to its store {} again", model, store.describe());
    }
  }

  private void failed(RuntimeException e) {
    if (!failing) {
      failing = true;
      LOG.warn("Monitor of model '{}' cannot write to its store {}; predictions are kept in"
          + " memory (up to {}), then dropped and counted, until it is back: {}", model,
          store.describe(), settings.bufferCapacity(), e.toString());
    } else {
      LOG.debug("Store {} still failing", store.describe(), e);
    }
  }

  /**
   * Stops the thread after a last flush (waiting up to 10 seconds) and removes the meters. What
   * cannot be written then is counted as dropped.
   */
  @Override
  public void close() {
    // No interrupt: the thread may be in the middle of a write; it notices within 50 ms.
    stopping = true;
    try {
      thread.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("Monitor of model '{}' closed while its store {} was still being written",
          model, store.describe());
    } else {
      long lost = queue.size();
      if (lost > 0) {
        droppedPredictionCounter.increment(lost);
        LOG.warn("Monitor of model '{}' closed with {} sampled predictions its store {} did not"
            + " take; they are counted as dropped", model, lost, store.describe());
      }
    }
    meters.forEach(registry::remove);
  }
}
