package dev.mlops.djl.internal;

import dev.mlops.djl.RoutedDeployment;
import dev.mlops.djl.Routing;
import dev.mlops.djl.ShadowAgreement;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An alias deployment (the champion) plus a canary challenger that answers a share of the calls,
 * a shadow challenger that scores copies of the champion's calls in the background, or one of
 * each. Challengers are loaded once at start; one that fails leaves its calls to the champion (or
 * nothing shadowed), and the failure is reported to every listener, including those added later.
 */
public final class RoutedAliasDeployment implements RoutedDeployment {

  private static final Logger LOG = LoggerFactory.getLogger(RoutedAliasDeployment.class);
  private static final String CHAMPION = "champion";
  private static final String CHALLENGER = "challenger";

  private final AliasDeployment<LoadedModel, Map<String, Object>, Prediction> champion;
  private final Routing routing;
  private final MeterRegistry meters;
  private final int maxBatchSize;
  private final @Nullable Predictor<Map<String, Object>, Prediction> canary;
  private final @Nullable ShadowScorer shadow;
  private final List<ChallengerFailure> challengerFailures;
  private volatile boolean canaryStopped;

  /** A challenger that could not be loaded at start, replayed to each new listener. */
  private record ChallengerFailure(ModelUri challenger, RuntimeException cause) {}

  private RoutedAliasDeployment(
      AliasDeployment<LoadedModel, Map<String, Object>, Prediction> champion, Routing routing,
      MeterRegistry meters, int maxBatchSize,
      @Nullable Predictor<Map<String, Object>, Prediction> canary,
      @Nullable Predictor<Map<String, Object>, Prediction> shadowChallenger,
      List<ChallengerFailure> challengerFailures) {
    this.champion = champion;
    this.routing = routing;
    this.meters = meters;
    this.maxBatchSize = maxBatchSize;
    this.canary = canary;
    this.challengerFailures = List.copyOf(challengerFailures);
    this.shadow = shadowChallenger == null ? null
        : new ShadowScorer(shadowChallenger, routing.shadowQueueCapacity(), meters,
            Tags.of("model", champion.target().name(), "challenger",
                routing.shadowChallenger().orElseThrow().toString()));
  }

  /**
   * Starts the champion deployment, then loads the challengers.
   *
   * @param registry where both live
   * @param target the champion's alias URI
   * @param routing how traffic is shared
   * @param loader loads versions
   * @param pollInterval how often aliases are re-read
   * @param meters where metrics go
   * @return the running deployment
   * @throws IllegalArgumentException if the target is not an alias
   * @throws dev.mlops.registry.ModelNotFoundException if the champion's alias does not exist
   * @throws dev.mlops.predict.PredictionException if the champion cannot be served
   */
  public static RoutedAliasDeployment start(ModelRegistry registry, ModelUri target,
      Routing routing, ModelLoader loader, Duration pollInterval, MeterRegistry meters) {
    AliasDeployment<LoadedModel, Map<String, Object>, Prediction> champion =
        AliasDeployment.start(registry, target, loader, pollInterval, meters);
    List<ChallengerFailure> failures = new ArrayList<>();
    Predictor<Map<String, Object>, Prediction> canary = null;
    Predictor<Map<String, Object>, Prediction> shadowChallenger = null;
    try {
      if (routing.mode() == Routing.Mode.CANARY) {
        canary = tryLoadChallenger(registry, target, routing.challenger(), "Canary challenger",
            loader, pollInterval, meters, failures);
      }
      Optional<ModelUri> shadowUri = routing.shadowChallenger();
      if (shadowUri.isPresent()) {
        shadowChallenger = tryLoadChallenger(registry, target, shadowUri.get(),
            "Shadow challenger", loader, pollInterval, meters, failures);
      }
      return new RoutedAliasDeployment(champion, routing, meters, loader.maxBatchSize(),
          canary, shadowChallenger, failures);
    } catch (RuntimeException e) {
      closeAll(e, canary, shadowChallenger, champion);
      throw e;
    }
  }

  /** The deployment of the champion, for an explainer that follows it. */
  AliasDeployment<LoadedModel, Map<String, Object>, Prediction> champion() {
    return champion;
  }

  @Override
  public Prediction predict(Map<String, Object> input) {
    Predictor<Map<String, Object>, Prediction> side = sideFor(input);
    Prediction p = side.predict(input);
    countRoute(side, p);
    if (shadow != null && side == champion) {
      shadow.offer(input, p);
    }
    return p;
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
    if (canary == null || canaryStopped) {
      List<Prediction> out = champion.predictBatch(inputs);
      for (int i = 0; i < out.size(); i++) {
        countRoute(champion, out.get(i));
        if (shadow != null) {
          shadow.offer(inputs.get(i), out.get(i));
        }
      }
      return out;
    }
    return canaryBatch(inputs, canary);
  }

  @Override
  public ModelVersion modelVersion() {
    return champion.modelVersion();
  }

  @Override
  public ModelUri target() {
    return champion.target();
  }

  @Override
  public ModelVersion rollback(String reason) {
    return champion.rollback(reason);
  }

  @Override
  public Subscription addListener(DeploymentListener listener) {
    Subscription onChampion = champion.addListener(listener);
    Subscription onCanary = canary instanceof Deployment<?, ?> d
        ? d.addListener(listener) : () -> { };
    Subscription onShadow = shadow != null && shadow.challenger() instanceof Deployment<?, ?> d
        ? d.addListener(listener) : () -> { };
    for (ChallengerFailure failure : challengerFailures) {
      try {
        listener.onFailed(failure.challenger(), failure.cause());
      } catch (RuntimeException e) {
        LOG.warn("Deployment listener {} of {} threw", listener, champion.target(), e);
      }
    }
    return () -> {
      onChampion.close();
      onCanary.close();
      onShadow.close();
    };
  }

  @Override
  public Routing routing() {
    return routing;
  }

  @Override
  public Optional<ModelVersion> challengerVersion() {
    return routing.mode() == Routing.Mode.CANARY ? versionOf(canary) : shadowVersion();
  }

  @Override
  public Optional<ModelVersion> shadowVersion() {
    return shadow == null ? Optional.empty() : versionOf(shadow.challenger());
  }

  @Override
  public synchronized boolean stopCanary(String reason) {
    if (canary == null || canaryStopped) {
      return false;
    }
    canaryStopped = true;
    LOG.warn("Canary {} of {} stopped; the champion answers every call: {}", routing.challenger(),
        champion.target(), reason);
    return true;
  }

  @Override
  public boolean canaryStopped() {
    return canaryStopped;
  }

  @Override
  public ShadowAgreement shadowAgreement() {
    return shadow == null ? ShadowAgreement.NONE : shadow.agreement();
  }

  @Override
  public void close() {
    closeAll(null, shadow, canary, champion);
  }

  private static Optional<ModelVersion> versionOf(
      @Nullable Predictor<Map<String, Object>, Prediction> side) {
    return side == null ? Optional.empty() : Optional.of(side.modelVersion());
  }

  /**
   * Closes each side in turn, even if one throws; the first failure is rethrown (added to
   * {@code pending} instead, if given).
   */
  private static void closeAll(@Nullable RuntimeException pending,
      @Nullable AutoCloseable... sides) {
    RuntimeException first = pending;
    for (AutoCloseable side : sides) {
      if (side == null) {
        continue;
      }
      try {
        side.close();
      } catch (Exception e) {
        RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        if (first == null) {
          first = r;
        } else {
          first.addSuppressed(r);
        }
      }
    }
    if (first != null && first != pending) {
      throw first;
    }
  }

  private Predictor<Map<String, Object>, Prediction> sideFor(Map<String, Object> input) {
    Predictor<Map<String, Object>, Prediction> c = canary;
    if (c == null || canaryStopped) {
      return champion;
    }
    return toChallenger(input) ? c : champion;
  }

  private boolean toChallenger(@Nullable Map<String, Object> input) {
    double share = routing.canaryShare();
    if (share <= 0.0) {
      return false;
    }
    if (share >= 1.0) {
      return true;
    }
    Function<? super Map<String, Object>, ? extends @Nullable Object> keyOf = routing.stickyKey();
    Object key = keyOf == null || input == null ? null : keyOf.apply(input);
    double point = key == null ? ThreadLocalRandom.current().nextDouble()
        : StickyHash.unitInterval(key);
    return point < share;
  }

  /** Splits a batch by route, scores each part on its side and restores the callers' order. */
  private List<Prediction> canaryBatch(List<Map<String, Object>> inputs,
      Predictor<Map<String, Object>, Prediction> challenger) {
    if (inputs.size() > maxBatchSize) {
      // Checked before splitting: each side's share alone could pass the limit.
      ModelVersion v = champion.modelVersion();
      throw new InvalidInputException(v.name(), v.version(), null, -1, "a batch of "
          + inputs.size() + " rows exceeds the maximum of " + maxBatchSize
          + "; split it or raise maxBatchSize");
    }
    List<Integer> toChallenger = new ArrayList<>();
    List<Integer> toChampion = new ArrayList<>();
    List<Map<String, Object>> challengerRows = new ArrayList<>();
    List<Map<String, Object>> championRows = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      if (toChallenger(inputs.get(i))) {
        toChallenger.add(i);
        challengerRows.add(inputs.get(i));
      } else {
        toChampion.add(i);
        championRows.add(inputs.get(i));
      }
    }
    List<Prediction> fromChallenger = challengerRows.isEmpty() ? List.of()
        : scoreRows(challenger, challengerRows, toChallenger);
    List<Prediction> fromChampion = championRows.isEmpty() && !inputs.isEmpty() ? List.of()
        : scoreRows(champion, championRows, toChampion);
    List<Prediction> out = new ArrayList<>(inputs.size());
    int c = 0;
    int p = 0;
    for (int i = 0; i < inputs.size(); i++) {
      boolean challenged = c < toChallenger.size() && toChallenger.get(c) == i;
      Prediction next = challenged ? fromChallenger.get(c++) : fromChampion.get(p++);
      countRoute(challenged ? challenger : champion, next);
      if (!challenged && shadow != null) {
        shadow.offer(inputs.get(i), next);
      }
      out.add(next);
    }
    return out;
  }

  /**
   * Scores one side's share of a split batch; a bad row is reported at its index in the caller's
   * batch, not in the share.
   */
  private static List<Prediction> scoreRows(Predictor<Map<String, Object>, Prediction> side,
      List<Map<String, Object>> rows, List<Integer> callerIndices) {
    try {
      return side.predictBatch(rows);
    } catch (InvalidInputException e) {
      int local = e.rowIndex();
      if (local < 0 || local >= callerIndices.size()) {
        throw e;
      }
      String prefix = String.valueOf(new InvalidInputException(e.modelName(), e.version(),
          e.feature(), local, "").getMessage());

      String message = String.valueOf(e.getMessage());
      String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
      InvalidInputException remapped = new InvalidInputException(e.modelName(), e.version(),
          e.feature(), callerIndices.get(local), problem);
      remapped.initCause(e);
      throw remapped;
    }
  }

  private void countRoute(Predictor<Map<String, Object>, Prediction> side, Prediction p) {
    Counter.builder("mlops.routing.calls")
        .description("Predictions answered by each side of a routed deployment")
        .tags("model", p.modelName(), "version", Integer.toString(p.version()),
            "route", side == champion ? CHAMPION : CHALLENGER)
        .register(meters)
        .increment();
  }

  /** Loads a challenger, or records and logs why it could not be loaded and returns null. */
  private static @Nullable Predictor<Map<String, Object>, Prediction> tryLoadChallenger(
      ModelRegistry registry, ModelUri target, ModelUri challenger, String role,
      ModelLoader loader, Duration pollInterval, MeterRegistry meters,
      List<ChallengerFailure> failures) {
    try {
      return loadChallenger(registry, challenger, loader, pollInterval, meters);
    } catch (RuntimeException e) {
      failures.add(new ChallengerFailure(challenger, e));
      LOG.warn("{} {} of {} could not be loaded; the champion serves without it. {}", role,
          challenger, target, e.getMessage());
      return null;
    }
  }

  private static Predictor<Map<String, Object>, Prediction> loadChallenger(ModelRegistry registry,
      ModelUri challenger, ModelLoader loader, Duration pollInterval, MeterRegistry meters) {
    if (challenger.kind() == ModelUri.Kind.ALIAS) {
      return AliasDeployment.start(registry, challenger, loader, pollInterval, meters);
    }
    ModelVersion v = registry.resolve(challenger);
    try (ModelArtifact artifact = registry.openArtifact(v.name(), v.version())) {
      return new TabularModelPredictor(loader.load(artifact));
    }
  }
}
