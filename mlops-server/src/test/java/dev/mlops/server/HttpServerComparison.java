package dev.mlops.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelUri;
import dev.mlops.server.internal.HttpAnswer;
import dev.mlops.server.internal.HttpCall;
import dev.mlops.server.internal.JettyTransport;
import dev.mlops.server.internal.ModelCatalog;
import dev.mlops.server.internal.RequestRouter;
import dev.mlops.server.internal.ServedModel;
import dev.mlops.server.internal.ServerLimits;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind the choice of HTTP server (docs/server.md): the same {@link
 * RequestRouter} behind the server's transport (Jetty 12, {@link JettyTransport}, as shipped) and
 * behind the JDK's built-in {@code com.sun.net.httpserver} with a pool of as many workers (what
 * the server ran on before, kept here only as the baseline), under the same closed-loop load from
 * JDK HTTP clients on loopback. Run with
 *
 * <pre>
 * mvn -B -ntp verify -pl mlops-server -am -Dtest=HttpServerComparison \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dmlops.server.excludedGroups=none -Dgroups=benchmark
 * </pre>
 */
@Tag("benchmark")
class HttpServerComparison {

  private static final int WORKERS = 4;
  private static final int REQUESTS = Integer.getInteger("requests", 6000);

  @Test
  void jettyTransportAgainstTheJdkServer() throws Exception {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      Churn.register(registry, "churn", "churn-v1.onnx");
      registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).meterRegistry(meters)
          .poolSize(WORKERS).build();
      ServedModel model = new ServedModel(ModelUri.parse("models:/churn@production"), registry,
          predictors, 2, null);
      model.load();
      ServerLimits limits = new ServerLimits(1 << 20, 1024, Duration.ofSeconds(30), WORKERS, 256,
          Duration.ofSeconds(5), ServerLimits.IDLE_TIMEOUT, ServerLimits.REQUEST_HEADER_TIMEOUT,
          ServerLimits.REQUEST_BODY_TIMEOUT, ServerLimits.MAX_CONNECTIONS,
          ServerLimits.MAX_REQUEST_HEADER_BYTES, 64 << 20);
      try (ModelCatalog catalog = new ModelCatalog(List.of(model))) {
        RequestRouter router = new RequestRouter(catalog, limits, null, meters, meters, () -> true,
            dev.mlops.core.observe.LatencyBuckets.defaults());
        JettyTransport jetty = JettyTransport.start(new InetSocketAddress("127.0.0.1", 0), router,
            limits, meters);
        ExecutorService jdkWorkers = Executors.newFixedThreadPool(WORKERS);
        HttpServer jdk = jdk(router, jdkWorkers);
        try {
          URI jettyUri = URI.create("http://127.0.0.1:" + jetty.port() + "/v2/models/churn/infer");
          URI jdkUri = URI.create("http://127.0.0.1:" + jdk.getAddress().getPort()
              + "/v2/models/churn/infer");
          for (int clients : new int[] {1, 8, 32}) {
            for (int round = 0; round < 2; round++) {
              measure("Jetty", jettyUri, clients);
              measure("JDK  ", jdkUri, clients);
            }
          }
        } finally {
          jdk.stop(0);
          jdkWorkers.shutdownNow();
          jetty.close();
        }
      }
    }
  }

  private static void measure(String name, URI uri, int clients) throws Exception {
    LoadGenerator load = new LoadGenerator(uri, Churn.inferRequest(0, 1), null);
    load.run(clients, 500);
    LoadGenerator.Result r = load.run(clients, REQUESTS);
    System.out.printf("%s %2d clients: %6.0f req/s  p50 %6.2f ms  p99 %6.2f ms  non-2xx %d%n",
        name, clients, r.throughput(), r.p50Millis(), r.p99Millis(), r.non2xx());
  }

  /** The JDK's server on a fixed pool of {@link #WORKERS} threads, with TCP_NODELAY. */
  private static HttpServer jdk(RequestRouter router, ExecutorService workers) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> answer(router, exchange));
    server.setExecutor(workers);
    server.start();
    return server;
  }

  private static void answer(RequestRouter router, HttpExchange exchange) throws IOException {
    try (exchange) {
      HttpAnswer a = router.handle(new HttpCall(exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody(), -1,
          System.nanoTime() + Duration.ofSeconds(30).toNanos()));
      exchange.getResponseHeaders().set("Content-Type", a.contentType());
      exchange.sendResponseHeaders(a.status(), a.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(a.body());
      }
    }
  }
}
