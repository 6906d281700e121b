package dev.mlops.jdbc;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application instance serving a model, run as a separate JVM by
 * {@link DeploymentAcrossProcessesTest}: {@code URL SCHEMA MODEL} opens the registry, deploys
 * {@code models:/MODEL@production} and predicts in a loop. It prints {@code READY v} once version
 * v served a call, {@code SWAPPED from to} when its deployment swaps, {@code FAILED ...} when a swap
 * fails, {@code SERVING v} when a call is first answered by version v, and, after its input
 * closes, {@code DONE calls wrong} (calls made, and calls that failed or whose scores were not the
 * attributed version's) before exiting.
 *
 * <p>Both the registry and the deployment poll only every 10 minutes, so a move seen within seconds
 * can only have come through {@code LISTEN/NOTIFY}.
 */
public final class ServingMember {

  private static final Duration RARELY = Duration.ofMinutes(10);

  private ServingMember() {}

  public static void main(String[] args) throws Exception {
    try (JdbcModelRegistry registry = JdbcModelRegistry.builder(args[0]).user("postgres")
        .schema(args[1]).poolSize(2).pollInterval(RARELY).open()) {
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).pollInterval(RARELY)
          .build();
      try (Deployment<Map<String, Object>, Prediction> deployment =
          predictors.deploy("models:/" + args[2] + "@production")) {
        deployment.addListener(new Reporter());
        serveUntilInputCloses(deployment);
      }
    }
  }

  private static void serveUntilInputCloses(Deployment<Map<String, Object>, Prediction> deployment)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong calls = new AtomicLong();
    AtomicLong wrong = new AtomicLong();
    AtomicInteger lastVersion = new AtomicInteger();
    Thread caller = new Thread(() -> {
      while (!stop.get()) {
        calls.incrementAndGet();
        try {
          Prediction p = deployment.predict(ChurnModels.ROW);
          if (!matches(p)) {
            wrong.incrementAndGet();
            say("WRONG " + p);
          }
          int before = lastVersion.getAndSet(p.version());
          if (before != p.version()) {
            say((before == 0 ? "READY " : "SERVING ") + p.version());
          }
        } catch (RuntimeException e) {
          wrong.incrementAndGet();
          say("ERROR " + e);
        }
      }
    }, "caller");
    caller.start();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      // Serves until the parent closes our input.
    }
    stop.set(true);
    caller.join(30_000);
    say("DONE " + calls.get() + " " + wrong.get());
  }

  private static boolean matches(Prediction p) {
    List<Double> want = ChurnModels.SCORES.get(p.version());
    if (want == null || p.scores().size() != want.size()) {
      return false;
    }
    for (int i = 0; i < want.size(); i++) {
      if (Math.abs(p.scores().get(i) - want.get(i)) > 1e-5) {
        return false;
      }
    }
    return true;
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** Reports the deployment's swaps on stdout, where the parent test reads them. */
  private static final class Reporter implements DeploymentListener {
    @Override
    public void onSwapped(ModelVersion from, ModelVersion to) {
      say("SWAPPED " + from.version() + " " + to.version());
    }

    @Override
    public void onFailed(ModelUri attempted, RuntimeException cause) {
      say("FAILED " + attempted + " " + cause);
    }
  }
}
