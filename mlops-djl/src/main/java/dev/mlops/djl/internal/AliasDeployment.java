package dev.mlops.djl.internal;

import ai.djl.ndarray.NDList;
import dev.mlops.core.observe.MlopsObservations;
import dev.mlops.core.observe.ObservedCall;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployment that follows a registry alias, generic over what a loaded version is: {@link
 * LoadedModel} for tabular rows ({@link #start}) or {@link TensorPredictor} for raw tensors
 * ({@link #startTensors}). Loading, swapping, rollback and listener calls all
 * run on one thread the deployment owns, so they never race each other; callers' threads only read
 * the current model through an atomic reference and hold an in-flight acquisition on it for the
 * length of their call, which is what lets a swapped-out version drain before it is closed.
 *
 * <p>The alias is followed through registry events and, as a fallback for missed events, by
 * polling. A version that failed is retried only when an event says the alias moved again.
 *
 * @param <M> a loaded version
 * @param <I> the input of a call
 * @param <O> the output of a call
 */
public final class AliasDeployment<M extends ServedModel, I, O> implements Deployment<I, O> {

  private static final Logger LOG = LoggerFactory.getLogger(AliasDeployment.class);

  private final ModelRegistry registry;
  private final ModelUri target;
  /** The target's alias ({@link #start} accepts alias URIs only). */
  private final String alias;
  private final Function<ModelArtifact, M> loader;
  private final ModelCall<M, I, O> modelCall;
  private final ScheduledExecutorService executor;
  private final AtomicReference<M> current;
  private final List<DeploymentListener> listeners = new CopyOnWriteArrayList<>();
  private final Counter swapsSucceeded;
  private final Counter swapsFailed;
  private final Subscription registrySubscription;
  private final ScheduledFuture<?> polling;
  private final @Nullable ObservationRegistry observations;
  private volatile @Nullable Thread executorThread;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  // Confined to the executor thread.
  private @Nullable ModelVersion previous;
  private int observedTarget;
  private int failedTarget;

  /**
   * Scores inputs on one loaded version; the caller holds an acquisition on it.
   *
   * @param <M> a loaded version
   * @param <I> the input of a call
   * @param <O> the output of a call
   */
  @FunctionalInterface
  interface ModelCall<M, I, O> {
    /**
     * Scores inputs.
     *
     * @param model the acquired version
     * @param inputs the inputs; one for a single call
     * @param single whether this is a single {@code predict} call
     * @return one output per input
     */
    List<O> call(M model, List<I> inputs, boolean single);
  }

  private AliasDeployment(ModelRegistry registry, ModelUri target, Function<ModelArtifact, M> loader,
      ModelCall<M, I, O> modelCall, M first, Duration pollInterval, MeterRegistry meters,
      @Nullable ObservationRegistry observations) {
    this.registry = registry;
    this.observations = observations;
    this.target = target;
    this.alias = Objects.requireNonNull(target.alias(), "an alias URI");
    this.loader = loader;

    this.modelCall = modelCall;
    this.current = new AtomicReference<>(first);
    this.observedTarget = first.version().version();
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlops-deployment " + target);
      t.setDaemon(true);
      executorThread = t;
      return t;
    });
    this.swapsSucceeded = swapCounter(meters, "success");
    this.swapsFailed = swapCounter(meters, "failure");
    this.registrySubscription = registry.subscribe(this::onRegistryEvent);
    long pollMillis = pollInterval.toMillis();
    this.polling = executor.scheduleWithFixedDelay(
        () -> follow(false), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Resolves the alias, loads and warms up its version for tabular rows, and starts following it.
   *
   * @param registry where the alias lives
   * @param target an alias URI such as {@code models:/churn@production}
   * @param loader loads versions
   * @param pollInterval how often to re-read the alias in case an event was missed
   * @param meters where swap metrics go
   * @return the running deployment
   * @throws IllegalArgumentException if the URI is not an alias
   * @throws ModelNotFoundException if the alias does not exist
   * @throws PredictionException if its version cannot be loaded
   */
  public static AliasDeployment<LoadedModel, Map<String, Object>, Prediction> start(
      ModelRegistry registry, ModelUri target, ModelLoader loader, Duration pollInterval,
      MeterRegistry meters) {
    return start(registry, target, loader::load,
        (model, rows, single) -> model.predictAcquired(rows, single), pollInterval, meters,
        loader.observations());
  }

  /**
   * Resolves the alias, loads its version for raw tensors (warmed up with zeros of the
   * signature's tensor shapes, where declared), and starts following it.
   *
   * @param registry where the alias lives
   * @param target an alias URI such as {@code models:/resnet@production}
   * @param loader loads versions
   * @param pollInterval how often to re-read the alias in case an event was missed
   * @param meters where swap metrics go
   * @return the running deployment
   * @throws IllegalArgumentException if the URI is not an alias
   * @throws ModelNotFoundException if the alias does not exist
   * @throws PredictionException if its version cannot be loaded
   */
  public static AliasDeployment<TensorPredictor, NDList, NDList> startTensors(
      ModelRegistry registry, ModelUri target, ModelLoader loader, Duration pollInterval,
      MeterRegistry meters) {
    return start(registry, target, loader::loadTensors,
        (model, inputs, single) -> single
            ? Collections.singletonList(model.predictAcquired(inputs.get(0)))
            : model.predictBatchAcquired(inputs),
        pollInterval, meters, loader.observations());
  }

  private static <M extends ServedModel, I, O> AliasDeployment<M, I, O> start(
      ModelRegistry registry, ModelUri target, Function<ModelArtifact, M> loader,
      ModelCall<M, I, O> modelCall, Duration pollInterval, MeterRegistry meters,
      @Nullable ObservationRegistry observations) {
    if (target.kind() != ModelUri.Kind.ALIAS) {
      throw new IllegalArgumentException("A deployment follows an alias such as models:/"
          + target.name() + "@production, but got " + target + "; use load() for a fixed version");
    }
    ModelVersion v = registry.resolve(target);
    M first = load(registry, loader, v.version(), target.name());
    try {
      return new AliasDeployment<>(registry, target, loader, modelCall, first, pollInterval,
          meters, observations);
    } catch (RuntimeException e) {
      first.closeNow();
      throw e;
    }
  }

  @Override
  public O predict(I input) {
    // singletonList admits null, which validation then rejects with a clear message.
    return call(Collections.singletonList(input), true).get(0);
  }

  @Override
  public List<O> predictBatch(List<I> inputs) {
    return call(inputs, false);
  }

  @Override
  public ModelVersion modelVersion() {
    return current.get().version();
  }

  @Override
  public ModelUri target() {
    return target;
  }

  @Override
  public ModelVersion rollback(String reason) {
    return onExecutor(() -> rollbackNow(reason));
  }

  @Override
  public Subscription addListener(DeploymentListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    registrySubscription.close();
    polling.cancel(false);
    executor.shutdown();
    if (Thread.currentThread() != executorThread) {
      try {
        // Lets a load in progress finish, so its native model is closed rather than leaked.
        executor.awaitTermination(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    M last = current.get();
    last.retire(last::closeNow);
  }

  private List<O> call(List<I> inputs, boolean single) {
    return withServing(model -> modelCall.call(model, inputs, single));
  }

  /**
   * Runs a call on the version serving now, holding an in-flight acquisition on it for the length
   * of the call, as predictions do: a swap waits for it to finish before closing the version. An
   * explainer following this deployment calls through here.
   *
   * @param <R> what the call returns
   * @param call the call
   * @return what it returned
   * @throws IllegalStateException if the deployment is closed
   */
  <R> R withServing(Function<M, R> call) {
    while (true) {
      if (closed) {
        throw new IllegalStateException("The deployment of " + target + " is closed");
      }
      M model = current.get();
      // Fails only if a swap retired this model just now; the next read sees its successor.
      if (model.tryAcquire()) {
        try {
          return call.apply(model);
        } finally {
          model.release();
        }
      }
      Thread.onSpinWait();
    }
  }

  private void onRegistryEvent(RegistryEvent event) {
    if (event instanceof RegistryEvent.AliasMoved moved
        && moved.modelName().equals(target.name())
        && moved.alias().equals(alias)) {
      try {
        executor.execute(() -> follow(true));
      } catch (RejectedExecutionException e) {
        LOG.debug("Deployment of {} is closed; ignoring {}", target, event);
      }
    }
  }

  /** Re-reads the alias and swaps to its version if that differs from the one serving. */
  private void follow(boolean aliasMoved) {
    if (closed) {
      return;
    }
    int wanted;
    try {
      wanted = registry.resolve(target).version();
    } catch (ModelNotFoundException e) {
      LOG.warn("Alias {} no longer exists; version {} keeps serving", target,
          current.get().version().version());
      return;
    } catch (RuntimeException e) {
      LOG.warn("Cannot read alias {} ({}); the current version keeps serving", target,
          e.getMessage());
      return;
    }
    observedTarget = wanted;
    if (wanted == current.get().version().version()) {
      failedTarget = 0;
      return;
    }
    if (wanted == failedTarget && !aliasMoved) {
      return;
    }
    ObservedCall swap = ObservedCall.start(observations, MlopsObservations.SWAP, target.name(),
        wanted);
    try {
      swapTo(load(registry, loader, wanted, target.name()));
      swap.outcome("success");
    } catch (RuntimeException e) {
      swap.failed(e, "failure");
      failedTarget = wanted;
      swapsFailed.increment();
      LOG.warn("Deployment of {} could not switch to version {}; version {} keeps serving. {}",
          target, wanted, current.get().version().version(), e.getMessage());
      ModelUri attempted = ModelUri.version(target.name(), wanted);
      notifyListeners(l -> l.onFailed(attempted, e));
    } finally {
      swap.close();
    }
  }

  private ModelVersion rollbackNow(String reason) {
    if (closed) {
      throw new IllegalStateException("The deployment of " + target + " is closed");
    }
    ModelVersion back = previous;
    if (back == null) {
      throw new IllegalStateException("The deployment of " + target + " has served only version "
          + current.get().version().version() + "; there is nothing to roll back to");
    }
    int from = observedTarget;
    registry.setAlias(target.name(), alias, back.version(),
        AliasPrecondition.pointsTo(from), reason);
    observedTarget = back.version();
    M model;
    ObservedCall swap = ObservedCall.start(observations, MlopsObservations.SWAP, target.name(),
        back.version());
    try {
      model = load(registry, loader, back.version(), target.name());
      swap.outcome("success");
    } catch (RuntimeException e) {
      swap.failed(e, "failure");
      try {
        registry.setAlias(target.name(), alias, from,
            AliasPrecondition.pointsTo(back.version()),
            "rollback to version " + back.version() + " failed: " + e.getMessage());
        observedTarget = from;
      } catch (RuntimeException undo) {
        e.addSuppressed(undo);
      }
      throw new PredictionException("Rolling " + target + " back to version " + back.version()
          + " failed; version " + current.get().version().version() + " keeps serving: "
          + e.getMessage(), e);
    } finally {
      swap.close();
    }
    swapTo(model);
    return model.version();
  }

  private void swapTo(M next) {
    if (closed) {
      next.closeNow();
      return;
    }
    M old = current.getAndSet(next);
    previous = old.version();
    failedTarget = 0;
    swapsSucceeded.increment();
    LOG.info("Deployment of {} now serves version {} (was {})", target,
        next.version().version(), old.version().version());
    notifyListeners(l -> l.onSwapped(old.version(), next.version()));
    old.retire(() -> closeRetired(old));
  }

  /** Runs when a swapped-out model's last in-flight call ends, which may be on a caller's thread. */
  private void closeRetired(M old) {
    Runnable close = () -> {
      old.closeNow();
      notifyListeners(l -> l.onRetired(old.version()));
    };
    try {
      executor.execute(close);
    } catch (RejectedExecutionException e) {
      close.run();
    }
  }

  private <T> T onExecutor(Callable<T> task) {
    if (Thread.currentThread() == executorThread) {
      try {
        return task.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return executor.submit(task).get();
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("The deployment of " + target + " is closed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PredictionException("Interrupted while waiting for " + target, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void notifyListeners(Consumer<DeploymentListener> call) {
    for (DeploymentListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("Deployment listener {} of {} threw", l, target, e);
      }
    }
  }

  private Counter swapCounter(MeterRegistry meters, String outcome) {
    return Counter.builder("mlops.deployment.swaps")
        .description("Attempts to switch a deployment to the version its alias points to")
        .tags("model", target.name(), "alias", alias, "outcome", outcome)
        .register(meters);
  }

  private static <M> M load(ModelRegistry registry, Function<ModelArtifact, M> loader, int version,
      String name) {
    try (ModelArtifact artifact = registry.openArtifact(name, version)) {
      return loader.apply(artifact);
    }
  }
}
