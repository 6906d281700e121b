package dev.mlops.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A closed-loop load generator on loopback: concurrent clients, each sending its next request when
 * the previous one is answered, through one JDK {@link HttpClient} (HTTP/1.1, keep-alive), until
 * a fixed number of requests is sent. Records every latency and counts the statuses.
 */
final class LoadGenerator {

  /** What a run measured. */
  record Result(int requests, int clients, double seconds, double p50Millis, double p99Millis,
      Map<Integer, Integer> statuses, int failures) {
    double throughput() {
      return requests / seconds;
    }

    int non2xx() {
      return statuses.entrySet().stream().filter(e -> e.getKey() / 100 != 2)
          .mapToInt(Map.Entry::getValue).sum() + failures;
    }

    @Override
    public String toString() {
      return String.format("%d requests from %d clients in %.2f s: %.0f req/s, p50 %.2f ms,"
          + " p99 %.2f ms, statuses %s, transport failures %d", requests, clients, seconds,
          throughput(), p50Millis, p99Millis, statuses, failures);
    }
  }

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final HttpRequest request;

  LoadGenerator(URI uri, String json, @Nullable String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    this.request = b.build();
  }

  /** Sends {@code requests} requests from {@code clients} clients. */
  Result run(int clients, int requests) throws Exception {
    return run(clients, requests, () -> true, body -> { });
  }

  /**
   * Sends at least {@code minimum} requests and keeps going, up to {@code maximum}, until
   * {@code done} says so; each 2xx body goes to {@code check} (on the client's thread).
   */
  Result run(int clients, int minimum, int maximum, BooleanSupplier done, Consumer<String> check)
      throws Exception {
    AtomicInteger sent = new AtomicInteger();
    long[] latencies = new long[maximum];
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    LongAdder failures = new LongAdder();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(pool.submit(() -> {
          while (true) {
            int n = sent.get();
            if (n >= maximum || (n >= minimum && done.getAsBoolean())) {
              return null;
            }
            if (!sent.compareAndSet(n, n + 1)) {
              continue;
            }
            long t0 = System.nanoTime();
            try {
              HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
              latencies[n] = System.nanoTime() - t0;
              statuses.merge(r.statusCode(), 1, Integer::sum);
              if (r.statusCode() / 100 == 2) {
                check.accept(r.body());
              }
            } catch (java.io.IOException e) {
              latencies[n] = System.nanoTime() - t0;
              failures.increment();
            }
          }
        }));
      }
      for (Future<?> f : running) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int n = Math.min(sent.get(), maximum);
    long[] done2 = Arrays.copyOf(latencies, n);
    Arrays.sort(done2);
    return new Result(n, clients, seconds, percentile(done2, 0.50), percentile(done2, 0.99),
        Map.copyOf(statuses), failures.intValue());
  }

  private Result run(int clients, int requests, BooleanSupplier done, Consumer<String> check)
      throws Exception {
    return run(clients, requests, requests, done, check);
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
