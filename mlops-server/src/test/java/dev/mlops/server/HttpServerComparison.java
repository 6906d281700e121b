package dev.mlops.server;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelUri;
import dev.mlops.server.internal.HttpAnswer;
import dev.mlops.server.internal.HttpCall;
import dev.mlops.server.internal.JdkHttpTransport;
import dev.mlops.server.internal.ModelCatalog;
import dev.mlops.server.internal.RequestRouter;
import dev.mlops.server.internal.ServedModel;
import dev.mlops.server.internal.ServerLimits;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind the choice of HTTP server (docs/server.md): the same {@link
 * RequestRouter} behind the JDK's built-in server (with the bounded pool the server uses) and
 * behind Jetty 12, under the same closed-loop load from JDK HTTP clients on loopback. Run with
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
  void jdkServerAgainstJetty() throws Exception {
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
          Duration.ofSeconds(5));
      try (ModelCatalog catalog = new ModelCatalog(List.of(model))) {
        RequestRouter router = new RequestRouter(catalog, limits, null, meters, meters, () -> true);
        JdkHttpTransport jdk = JdkHttpTransport.start(new InetSocketAddress("127.0.0.1", 0), router,
            limits, meters);
        Server jetty = jetty(router);
        try {
          URI jdkUri = URI.create("http://127.0.0.1:" + jdk.port() + "/v2/models/churn/infer");
          URI jettyUri = URI.create("http://127.0.0.1:"
              + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/v2/models/churn/infer");
          for (int clients : new int[] {1, 8, 32}) {
            for (int round = 0; round < 2; round++) {
              measure("JDK  ", jdkUri, clients);
              measure("Jetty", jettyUri, clients);
            }
          }
        } finally {
          jetty.stop();
          jdk.close();
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

  /** Jetty 12 with as many handler threads as the JDK server's pool, plus its own I/O threads. */
  private static Server jetty(RequestRouter router) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(WORKERS + 4, WORKERS + 4);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        HttpAnswer a = router.handle(new HttpCall(request.getMethod(),
            request.getHttpURI().getDecodedPath(), request.getHeaders().get(HttpHeader.AUTHORIZATION),
            Content.Source.asInputStream(request), request.getLength(),
            System.nanoTime() + Duration.ofSeconds(30).toNanos()));
        response.setStatus(a.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.contentType());
        for (Map.Entry<String, String> h : a.headers().entrySet()) {
          response.getHeaders().put(h.getKey(), h.getValue());
        }
        response.write(true, ByteBuffer.wrap(a.body()), callback);
        return true;
      }
    });
    server.start();
    return server;
  }
}
