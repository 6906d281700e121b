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
 * An alias deployment (the champion) plus a challenger that answers a share of the calls (canary)
 * or scores copies of them in the background (shadow). The challenger is loaded once at start; if
 * that fails, the champion answers everything and the failure is reported to every listener,
 * including those added later.
 */
public final class RoutedAliasDeployment implements RoutedDeployment {

  private static final Logger LOG = LoggerFactory.getLogger(RoutedAliasDeployment.class);
  private static final String CHAMPION = "champion";
  private static final String CHALLENGER = "challenger";

  private final AliasDeployment champion;
  private final Routing routing;
  private final MeterRegistry meters;
  private final int maxBatchSize;
  private final @Nullable Predictor<Map<String, Object>, Prediction> canary;
  private final @Nullable ShadowScorer shadow;
  private final @Nullable RuntimeException challengerFailure;

  private RoutedAliasDeployment(AliasDeployment champion, Routing routing, MeterRegistry meters,
      int maxBatchSize, @Nullable Predictor<Map<String, Object>, Prediction> challenger,
      @Nullable RuntimeException challengerFailure) {
    this.champion = champion;
    this.routing = routing;
    this.meters = meters;
    this.maxBatchSize = maxBatchSize;
    this.challengerFailure = challengerFailure;
    if (challenger != null && routing.mode() == Routing.Mode.SHADOW) {
      this.canary = null;
      this.shadow = new ShadowScorer(challenger, routing.shadowQueueCapacity(), meters,
          Tags.of("model", champion.target().name(), "challenger",
              routing.challenger().toString()));
    } else {
      this.canary = challenger;
      this.shadow = null;
    }
  }

  /**
   * Starts the champion deployment, then loads the challenger.
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
    AliasDeployment champion = AliasDeployment.start(registry, target, loader, pollInterval,
        meters);
    Predictor<Map<String, Object>, Prediction> challenger = null;
    RuntimeException failure = null;
    try {
      challenger = loadChallenger(registry, routing.challenger(), loader, pollInterval, meters);
    } catch (RuntimeException e) {
      failure = e;
      LOG.warn("Challenger {} of {} could not be loaded; the champion answers every call. {}",
          routing.challenger(), target, e.getMessage());
    }
    try {
      return new RoutedAliasDeployment(champion, routing, meters, loader.maxBatchSize(),
          challenger, failure);
    } catch (RuntimeException e) {
      champion.close();
      if (challenger != null) {
        challenger.close();
      }
      throw e;
    }
  }

  @Override
  public Prediction predict(Map<String, Object> input) {
    Predictor<Map<String, Object>, Prediction> side = sideFor(input);
    Prediction p = side.predict(input);
    countRoute(side, p);
    if (shadow != null) {
      shadow.offer(input, p);
    }
    return p;
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
    if (canary == null) {
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
    Subscription onChallenger = challenger() instanceof Deployment<?, ?> d
        ? d.addListener(listener) : () -> { };
    RuntimeException failure = challengerFailure;
    if (failure != null) {
      try {
        listener.onFailed(routing.challenger(), failure);
      } catch (RuntimeException e) {
        LOG.warn("Deployment listener {} of {} threw", listener, champion.target(), e);
      }
    }
    return () -> {
      onChampion.close();
      onChallenger.close();
    };
  }

  @Override
  public Routing routing() {
    return routing;
  }

  @Override
  public Optional<ModelVersion> challengerVersion() {
    Predictor<Map<String, Object>, Prediction> c = challenger();
    return c == null ? Optional.empty() : Optional.of(c.modelVersion());
  }

  @Override
  public ShadowAgreement shadowAgreement() {
    return shadow == null ? ShadowAgreement.NONE : shadow.agreement();
  }

  @Override
  public void close() {
    try {
      if (shadow != null) {
        shadow.close();
      } else if (canary != null) {
        canary.close();
      }
    } finally {
      champion.close();
    }
  }

  private @Nullable Predictor<Map<String, Object>, Prediction> challenger() {
    return shadow != null ? shadow.challenger() : canary;
  }

  private Predictor<Map<String, Object>, Prediction> sideFor(Map<String, Object> input) {
    Predictor<Map<String, Object>, Prediction> c = canary;
    if (c == null) {
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
    Function<? super Map<String, Object>, ?> keyOf = routing.stickyKey();
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
      String prefix = new InvalidInputException(e.modelName(), e.version(), e.feature(), local,
          "").getMessage();
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
