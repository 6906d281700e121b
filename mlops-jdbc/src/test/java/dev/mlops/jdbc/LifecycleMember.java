package dev.mlops.jdbc;

import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.lifecycle.LifecycleEvent;
import dev.mlops.core.lifecycle.LifecycleTags;
import dev.mlops.core.lifecycle.MetricThresholdGate;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.training.TrainingRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An instance of a service that retrains its model, run as a separate JVM by {@link
 * LeaderFailoverTest}: {@code URL SCHEMA NAME DIR} runs a {@link LifecycleController} for model
 * {@code m} every 300 ms, led fleet-wide through the monitoring store. Its policy retrains once per
 * request (the model tag {@code test.request}); its training job registers a version one point of
 * ROC AUC better than the latest. While the file {@code DIR/block-training} exists, training waits
 * (the test kills the instance there); while {@code DIR/block-promotion} exists, the cycle waits
 * between the gate's approval and the promotion. It prints {@code LEADER}, {@code TRAINING
 * trigger}, {@code BLOCKED step} and {@code EVENT kind version}, and stops when its input closes.
 */
public final class LifecycleMember {

  static final String MODEL = "m";
  static final String REQUEST = "test.request";
  /** How often each member's controller runs a cycle. */
  static final Duration CHECK_INTERVAL = Duration.ofMillis(300);

  private LifecycleMember() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String schema = args[1];
    Path dir = Path.of(args[3]);
    try (JdbcModelRegistry registry = JdbcModelRegistry.builder(url).user("postgres")
            .schema(schema).poolSize(2).open();
        JdbcMonitorStore store = JdbcMonitorStore.builder(url).user("postgres").schema(schema)
            .poolSize(2).open()) {
      LifecycleController controller = LifecycleController.builder(registry, MODEL)
          .leaderElection(store)
          .checkInterval(CHECK_INTERVAL)
          .retrainPolicy(context -> {
            Map<String, String> tags = registry.getModel(MODEL).tags();
            String request = tags.get(REQUEST);
            String decided = tags.getOrDefault(LifecycleTags.RETRAIN_REASONS, "");
            return request != null && !decided.equals("request " + request)
                ? RetrainDecision.retrain("request " + request)
                : RetrainDecision.skip("no new request");
          })
          .gate(MetricThresholdGate.builder().minImprovement("roc_auc", 0.001).build())
          .retrainJob(tags -> {
            MonitoringMember.say("TRAINING " + tags.get(LifecycleTags.RETRAIN_TRIGGER));
            waitWhile(dir.resolve("block-training"), "training");
            return register(registry, dir, tags);
          })
          .listener(event -> report(event, dir))
          .build();
      controller.start();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // Runs until the test closes our input.
      }
      controller.close();
    }
    MonitoringMember.say("DONE");
  }

  private static void report(LifecycleEvent event, Path dir) {
    if (event.kind() == LifecycleEvent.Kind.LEADERSHIP_ACQUIRED) {
      MonitoringMember.say("LEADER");
    }
    MonitoringMember.say("EVENT " + event.kind() + " " + event.version());
    if (event.kind() == LifecycleEvent.Kind.GATE_APPROVED) {
      waitWhile(dir.resolve("block-promotion"), "promotion");
    }
  }

  private static TrainingRun register(JdbcModelRegistry registry, Path dir,
      Map<String, String> tags) {
    try {
      int next = registry.getModel(MODEL).latestVersion() + 1;
      Path artifact = Files.writeString(dir.resolve("model-" + UUID.randomUUID() + ".bin"),
          "version " + next);
      RegistrationRequest.Builder request = RegistrationRequest.builder(MODEL).artifact(artifact)
          .format(ModelFormat.of("opaque")).metrics(Map.of("roc_auc", 0.80 + 0.01 * next));
      tags.forEach(request::tag);
      ModelVersion v = registry.register(request.build());
      Instant now = Instant.now();
      return new TrainingRun(UUID.randomUUID().toString(), MODEL, TrainingRun.Status.SUCCEEDED, v,
          v.metrics(), null, now, now);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void waitWhile(Path marker, String step) {
    if (Files.exists(marker)) {
      MonitoringMember.say("BLOCKED " + step);
      while (Files.exists(marker)) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
