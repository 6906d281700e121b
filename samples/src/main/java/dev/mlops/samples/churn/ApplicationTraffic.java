package dev.mlops.samples.churn;

import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.testkit.data.ChurnRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application: a pool of request threads that each call {@link Predictor#predict} for one
 * customer at a time, as a web service scoring customers would, while retraining and model swaps
 * happen beside them. A call that throws is counted as failed, never retried.
 */
final class ApplicationTraffic implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApplicationTraffic.class);

  private final ExecutorService threads;
  private final int size;

  ApplicationTraffic(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.size = threads;
    this.threads = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "app-request-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts serving the customers, spread over the request threads; the result lists the calls in
   * the customers' order once every call has returned.
   */
  CompletableFuture<List<ServedCall>> serve(
      List<ChurnRow> customers, Predictor<Map<String, Object>, Prediction> model) {
    int slices = Math.min(size, Math.max(1, customers.size()));
    List<CompletableFuture<List<ServedCall>>> parts = new ArrayList<>();
    for (int s = 0; s < slices; s++) {
      List<ChurnRow> slice = customers.subList(
          customers.size() * s / slices, customers.size() * (s + 1) / slices);
      parts.add(CompletableFuture.supplyAsync(() -> callEach(slice, model), threads));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<ServedCall> all = new ArrayList<>(customers.size());
      parts.forEach(p -> all.addAll(p.join()));
      return all;
    });
  }

  private static List<ServedCall> callEach(
      List<ChurnRow> customers, Predictor<Map<String, Object>, Prediction> model) {
    List<ServedCall> calls = new ArrayList<>(customers.size());
    for (ChurnRow customer : customers) {
      try {
        calls.add(new ServedCall(customer, model.predict(customer.features())));
      } catch (RuntimeException e) {
        LOG.warn("A prediction call failed: {}", e.toString());
        calls.add(new ServedCall(customer, null));
      }
    }
    return calls;
  }

  @Override
  public void close() {
    threads.shutdown();
    try {
      if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
