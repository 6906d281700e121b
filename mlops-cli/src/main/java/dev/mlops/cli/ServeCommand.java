package dev.mlops.cli;

import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.server.ModelServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlops serve}: serves registered models over HTTP with the Open Inference Protocol until
 * the process is stopped (SIGTERM or Ctrl-C), then stops gracefully: new requests get 503, those
 * in flight finish, the models are closed. See docs/server.md.
 *
 * @since 0.1
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve models over HTTP (Open Inference Protocol) until stopped.")
public final class ServeCommand implements Callable<Integer> {
  @ParentCommand
  private @Nullable MlopsCommand root;

  @Spec
  private @Nullable CommandSpec spec;

  @Parameters(paramLabel = "MODEL_URI", arity = "1..*",
      description = "models:/NAME@ALIAS (followed as it moves) or models:/NAME/VERSION (fixed).")
  private List<String> uris = new ArrayList<>();

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "The port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port = 8080;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to bind; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
  private String host = "127.0.0.1";

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Require 'Authorization: Bearer TOKEN' with the token in this file.")
  private @Nullable Path tokenFile;

  @Option(names = "--threads", paramLabel = "N",
      description = "Requests handled at once (default: the number of processors).")
  private @Nullable Integer threads;

  @Option(names = "--queue", paramLabel = "N", defaultValue = "256",
      description = "Requests that may wait for a thread before 503 (default: ${DEFAULT-VALUE}).")
  private int queue = 256;

  @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "8388608",
      description = "The largest request body (default: ${DEFAULT-VALUE}).")
  private int maxBodyBytes = 8 * 1024 * 1024;

  @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1024",
      description = "The most rows per request (default: ${DEFAULT-VALUE}).")
  private int maxRows = 1024;

  @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long a request may wait before it is computed (default: ${DEFAULT-VALUE}).")
  private int requestTimeout = 30;

  @Option(names = "--header-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long a request's headers may take to arrive; slower connections are "
          + "closed (default: ${DEFAULT-VALUE}).")
  private int headerTimeout = 10;

  @Option(names = "--body-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long a request's body may take to arrive; slower is 408 (default: "
          + "${DEFAULT-VALUE}).")
  private int bodyTimeout = 10;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long a connection may stay silent before it is closed (default: "
          + "${DEFAULT-VALUE}).")
  private int idleTimeout = 30;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1024",
      description = "Connections open at once; more wait to be accepted (default: "
          + "${DEFAULT-VALUE}).")
  private int maxConnections = 1024;

  @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "20",
      description = "How long stopping waits for requests in flight (default: ${DEFAULT-VALUE}).")
  private int shutdownTimeout = 20;

  @Option(names = "--monitor",
      description = "Monitor every served model: drift, performance on outcomes reported to"
          + " POST /v2/models/{name}/outcomes, in /metrics; with a jdbc: registry the monitors"
          + " share its database, so outcomes may go to any server of the fleet.")
  private boolean monitor;

  @Option(names = "--monitor-window", paramLabel = "DURATION", defaultValue = "PT1H",
      description = "The monitors' window length, ISO-8601 (default: ${DEFAULT-VALUE}).")
  private Duration monitorWindow = Duration.ofHours(1);

  @Option(names = "--decision-threshold", paramLabel = "X",
      description = "A binary classifier's threshold on its positive class's probability, for"
          + " the monitors' metrics (default: 0.5).")
  private @Nullable Double decisionThreshold;

  @Option(names = "--latency-buckets", paramLabel = "LIST",
      description = "Upper bounds of the latency histograms' buckets, such as 1ms,5ms,25ms,100ms,1s "
          + "(default: 100us to 10s, see docs/observability.md).")
  private @Nullable String latencyBuckets;

  /** Creates the command; picocli sets its options. */
  public ServeCommand() {}

  /**
   * Serves until the process is stopped.
   *
   * @return the exit code, when the server was closed without a signal
   * @throws IOException if the token file cannot be read
   * @throws InterruptedException if interrupted while serving
   */
  @Override
  public Integer call() throws IOException, InterruptedException {
    if (requestTimeout < 1 || headerTimeout < 1 || bodyTimeout < 1 || idleTimeout < 1
        || shutdownTimeout < 0) {
      throw new CliException("--request-timeout, --header-timeout, --body-timeout and "
          + "--idle-timeout must be at least 1, --shutdown-timeout at least 0");
    }
    String token = tokenFile == null ? null : TokenFiles.read(tokenFile, "--token-file");
    PrintWriter out = Objects.requireNonNull(spec, "spec").commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!monitor && decisionThreshold != null) {
      throw new CliException("--decision-threshold applies with --monitor");
    }
    ModelRegistry registry = Objects.requireNonNull(root, "root").openRegistry();
    MonitorStore store = null;
    ModelServer server;
    try {
      ModelServer.Builder builder = ModelServer.builder().registry(registry)
          .serve(uris.toArray(String[]::new)).host(host).port(port).queueCapacity(queue)
          .maxBodyBytes(maxBodyBytes).maxRowsPerRequest(maxRows)
          .requestTimeout(Duration.ofSeconds(requestTimeout))
          .requestHeaderTimeout(Duration.ofSeconds(headerTimeout))
          .requestBodyTimeout(Duration.ofSeconds(bodyTimeout))
          .idleTimeout(Duration.ofSeconds(idleTimeout)).maxConnections(maxConnections)
          .shutdownTimeout(Duration.ofSeconds(shutdownTimeout));
      if (threads != null) {
        builder.workerThreads(threads);
      }
      if (latencyBuckets != null) {
        builder.latencyBuckets(buckets(latencyBuckets));
      }
      if (token != null) {
        builder.bearerToken(token);
      }
      if (monitor) {
        store = monitorStore(registry, err);
        if (store == null) {
          builder.monitor();
        } else {
          builder.monitor(store);
        }
        builder.monitorWindow(monitorWindow);
        if (decisionThreshold != null) {
          builder.decisionThreshold(decisionThreshold);
        }
      }
      server = builder.start();
    } catch (RuntimeException e) {
      closeQuietly(store);
      registry.close();
      throw e;
    }
    MonitorStore shared = store;
    // SIGTERM (docker stop, Kubernetes) and Ctrl-C run this; the JVM then exits with 143 or 130.
    Thread shutdown = new Thread(() -> {
      err.println("mlops: stopping: finishing requests in flight (up to " + shutdownTimeout + " s)");
      err.flush();
      server.close();
      closeQuietly(shared);
      registry.close();
      err.println("mlops: stopped");
      err.flush();
    }, "mlops-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    out.println("Listening on " + server.baseUri());
    out.flush();
    try {
      if (!server.awaitReady(Duration.ofMinutes(10))) {
        throw new CliException("The models did not load within 10 minutes");
      }
    } catch (RuntimeException | InterruptedException e) {
      Runtime.getRuntime().removeShutdownHook(shutdown);
      server.close();
      closeQuietly(shared);
      registry.close();
      throw e;
    }
    out.println("Ready: serving " + String.join(", ", uris));
    out.flush();
    server.awaitClosed();
    return Main.EXIT_OK;
  }

  /** The fleet's store for a jdbc: registry; null (monitoring in this process) otherwise. */
  private @Nullable MonitorStore monitorStore(ModelRegistry registry, PrintWriter err) {
    if (!"jdbc".equals(registry.location().getScheme())) {
      err.println("mlops: monitoring in this process only: outcomes must be reported to this"
          + " server; a jdbc: registry shares monitoring across servers");
      return null;
    }
    return Objects.requireNonNull(root, "root").openMonitorStore();
  }

  private static void closeQuietly(@Nullable MonitorStore store) {
    if (store != null) {
      store.close();
    }
  }

  private static LatencyBuckets buckets(String text) {
    try {
      return LatencyBuckets.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException("--latency-buckets: " + e.getMessage());
    }
  }
}
