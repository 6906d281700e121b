package dev.mlops.core.monitor;

import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deployment that computes scores from the input by a formula, so tests know every prediction:
 * a classifier scores P(yes) = sigmoid(x), the iris classifier of three classes the softmax of
 * (2x, 1, -2x) ({@link #irisScores}), a regressor predicts 2x. An input with {@code fail} set
 * fails in the engine, one with {@code invalid} set is rejected; {@code latencyMicros} sets the
 * reported latency (default 1 ms). A {@linkplain #singleProbability single-probability}
 * classifier returns P(yes) alone, as a binary model with one output does.
 */
final class ScriptedDeployment implements Deployment<Map<String, Object>, Prediction> {

  private final List<DeploymentListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final String idPrefix;
  private final boolean singleProbability;
  private volatile ModelVersion serving;
  volatile RuntimeException lastThrown;

  ScriptedDeployment(ModelVersion serving) {
    this(serving, "");
  }

  /** A deployment whose prediction ids start with a prefix, unique per instance of a fleet. */
  ScriptedDeployment(ModelVersion serving, String idPrefix) {
    this(serving, idPrefix, false);
  }

  private ScriptedDeployment(ModelVersion serving, String idPrefix, boolean singleProbability) {
    this.serving = serving;
    this.idPrefix = idPrefix;
    this.singleProbability = singleProbability;
  }

  /** A classifier whose one score is P(yes) = sigmoid(x), without P(no). */
  static ScriptedDeployment singleProbability(ModelVersion serving, String idPrefix) {
    return new ScriptedDeployment(serving, idPrefix, true);
  }

  void swapTo(ModelVersion next) {
    ModelVersion from = serving;
    serving = next;
    listeners.forEach(l -> l.onSwapped(from, next));
  }

  @Override
  public Prediction predict(Map<String, Object> input) {
    ModelVersion v = serving;
    if (input.containsKey("invalid")) {
      lastThrown = new InvalidInputException(v.name(), v.version(), "x", -1, "scripted rejection");
      throw lastThrown;
    }
    if (input.containsKey("fail")) {
      lastThrown = new PredictionException("scripted engine failure", null);
      throw lastThrown;
    }
    double x = ((Number) input.get("x")).doubleValue();
    Object micros = input.get("latencyMicros");
    Duration latency = micros == null ? Duration.ofMillis(1)
        : Duration.ofNanos(((Number) micros).longValue() * 1000);
    String id = idPrefix + v.name() + "-" + v.version() + "-" + ids.incrementAndGet();
    if (v.name().equals("churn")) {
      double yes = 1 / (1 + Math.exp(-x));
      return new Prediction(id, v.name(), v.version(),
          singleProbability ? List.of(yes) : List.of(1 - yes, yes), yes >= 0.5 ? "yes" : "no",
          latency);
    }
    if (v.name().equals("iris")) {
      double[] p = irisScores(x);
      int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
      return new Prediction(id, v.name(), v.version(), List.of(p[0], p[1], p[2]),
          Models.IRIS_CLASSES.get(best), latency);
    }
    return new Prediction(id, v.name(), v.version(), List.of(2 * x), null, latency);
  }

  /** The iris classifier's probabilities of its three classes for an input x. */
  static double[] irisScores(double x) {
    double a = Math.exp(2 * x);
    double b = Math.exp(1.0);
    double c = Math.exp(-2 * x);
    double sum = a + b + c;
    return new double[] {a / sum, b / sum, c / sum};
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
    List<Prediction> out = new ArrayList<>();
    for (Map<String, Object> input : inputs) {
      out.add(predict(input));
    }
    return out;
  }

  @Override
  public ModelVersion modelVersion() {
    return serving;
  }

  @Override
  public void close() {}

  @Override
  public ModelUri target() {
    return ModelUri.parse("models:/" + serving.name() + "@production");
  }

  @Override
  public ModelVersion rollback(String reason) {
    throw new IllegalStateException("no previous version in a scripted deployment");
  }

  @Override
  public Subscription addListener(DeploymentListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
