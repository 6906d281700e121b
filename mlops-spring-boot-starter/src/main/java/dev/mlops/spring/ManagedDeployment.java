package dev.mlops.spring;

import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.core.observe.ModelMdc;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.djl.RoutedDeployment;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.ExplanationUnavailableException;
import dev.mlops.predict.ModelNotReadyException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment bean of {@code mlops.deployments.NAME}: a {@link Deployment} that exists from the
 * start of the application context, whether or not its model can be loaded yet. It loads the
 * version its alias points to (in the background, or at once with {@code mlops.fail-fast=true}),
 * wraps it in the deployment's monitor, and from then on behaves as that deployment: it follows
 * the alias, swaps versions with no failed call, and rolls back.
 *
 * <p>Until the first version is loaded and warmed up, calls throw {@link ModelNotReadyException}
 * (the inference routes answer 503) and {@link #status()} is {@link State#LOADING}; a failed load
 * is logged with the model, alias and version, and retried every retry interval and whenever the
 * alias moves. A later swap that fails, or a challenger that cannot be loaded, leaves the current
 * version serving and the status {@link State#DEGRADED} until a swap succeeds.
 *
 * <p>{@link #explainer()} explains rows (feature contributions) with the version serving at that
 * moment, for the formats that compute them; its calls count as calls in flight and are refused
 * before the first load and once closing, as predictions are.
 *
 * <p>{@link #close()} (the context's shutdown) stops taking calls (they throw {@link
 * IllegalStateException}), waits for the calls in flight for up to the shutdown timeout, then
 * closes the underlying deployment.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class ManagedDeployment implements Deployment<Map<String, Object>, Prediction> {

  private static final Logger LOG = LoggerFactory.getLogger(ManagedDeployment.class);

  private final String beanName;
  private final ModelUri target;
  private final ModelRegistry registry;
  private final Supplier<Deployment<Map<String, Object>, Prediction>> starter;
  private final @Nullable ModelMonitor monitor;
  private final Duration retryInterval;
  private final Duration shutdownTimeout;
  private final List<DeploymentListener> listeners = new CopyOnWriteArrayList<>();
  private final Object inFlightLock = new Object();
  private final ScheduledExecutorService loader;
  private @Nullable Subscription aliasEvents;
  private volatile @Nullable Deployment<Map<String, Object>, Prediction> serving;
  // What the monitor wraps (the starter's deployment): explanations share its loaded models.
  private volatile @Nullable Deployment<Map<String, Object>, Prediction> unwrapped;
  // Follows the unwrapped deployment through its swaps; made at the first explained call.
  private volatile @Nullable Predictor<Map<String, Object>, Explanation> following;
  private final Predictor<Map<String, Object>, Explanation> explainer = new Explainer();
  private volatile @Nullable RoutedDeployment routed;
  private volatile @Nullable Problem problem;
  private volatile boolean closing;
  private int inFlight;
  private boolean loading;
  // Confined to the loader thread: the one pending retry.
  private @Nullable ScheduledFuture<?> retry;

  /**
   * What a deployment is doing.
   *
   * @since 0.1
   */
  public enum State {
    /** No version serves yet: loading, or waiting to retry a failed load. */
    LOADING,
    /** A version serves. */
    SERVING,
    /**
     * A version serves, but the last swap to the version the alias points to failed, or a
     * challenger could not be loaded.
     */
    DEGRADED,
    /** Closing or closed: calls are refused. */
    CLOSED
  }

  /**
   * A deployment's state, what it serves and what went wrong.
   *
   * @param state the state
   * @param target the alias followed
   * @param version the version serving, or null
   * @param problem what failed (a load, a swap, a challenger), or null
   * @since 0.1
   */
  public record Status(State state, ModelUri target, @Nullable ModelVersion version,
      @Nullable String problem) {}

  private record Problem(String message, boolean healsOnSwap) {}

  /**
   * Creates the deployment; nothing is loaded until {@link #start(boolean)}.
   *
   * @param beanName the bean name, for messages
   * @param target the alias to follow
   * @param registry where the alias lives
   * @param starter deploys the alias (resolves, loads, warms up); throws when that fails
   * @param monitor wraps the loaded deployment, or null for none
   * @param retryInterval how often a failed first load is retried
   * @param shutdownTimeout how long {@link #close()} waits for calls in flight
   */
  public ManagedDeployment(String beanName, ModelUri target, ModelRegistry registry,
      Supplier<Deployment<Map<String, Object>, Prediction>> starter, @Nullable ModelMonitor monitor,
      Duration retryInterval, Duration shutdownTimeout) {
    this.beanName = Objects.requireNonNull(beanName, "beanName");
    this.target = Objects.requireNonNull(target, "target");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.starter = Objects.requireNonNull(starter, "starter");
    this.monitor = monitor;
    this.retryInterval = retryInterval;
    this.shutdownTimeout = shutdownTimeout;
    this.problem = new Problem("not loaded yet", false);
    this.loader = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlops-deployment-start " + beanName);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Loads the first version: now, on this thread, throwing if that fails ({@code failFast}); or
   * in the background, retrying until it succeeds.
   *
   * @param failFast whether a failure is thrown
   * @throws dev.mlops.MlopsException when {@code failFast} and the version cannot be loaded, with
   *     a message naming the bean, the alias and the version
   */
  public void start(boolean failFast) {
    aliasEvents = registry.subscribe(this::onRegistryEvent);
    if (failFast) {
      RuntimeException failure = tryLoad();
      if (failure != null) {
        close();
        throw failure;
      }
      return;
    }
    loader.execute(this::loadOrRetry);
  }

  /**
   * Closes the monitor's elapsed windows on a schedule, so that windows close (and alerts are
   * judged) also while no call comes in.
   *
   * @param interval how often
   */
  public void closeWindowsEvery(Duration interval) {
    ModelMonitor m = monitor;
    if (m == null) {
      return;
    }
    long millis = interval.toMillis();
    loader.scheduleWithFixedDelay(() -> {
      if (serving != null && !closing) {
        try {
          m.closeElapsedWindows();
        } catch (RuntimeException e) {
          LOG.debug("Deployment '{}': closing elapsed windows failed", beanName, e);
        }
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * What the deployment is doing now.
   *
   * @return the status
   */
  public Status status() {
    Deployment<Map<String, Object>, Prediction> d = serving;
    Problem p = problem;
    if (closing) {
      return new Status(State.CLOSED, target, null, "closed");
    }
    if (d == null) {
      return new Status(State.LOADING, target, null, p == null ? null : p.message());
    }
    ModelVersion v;
    try {
      v = d.modelVersion();
    } catch (IllegalStateException e) {
      return new Status(State.CLOSED, target, null, e.getMessage());
    }
    return p == null ? new Status(State.SERVING, target, v, null)
        : new Status(State.DEGRADED, target, v, p.message());
  }

  /**
   * The name of the bean, which is the key under {@code mlops.deployments}.
   *
   * @return the bean name
   */
  public String beanName() {
    return beanName;
  }

  /**
   * The monitor of this deployment.
   *
   * @return the monitor, or null if not monitored
   */
  public @Nullable ModelMonitor monitor() {
    return monitor;
  }

  /**
   * The deployment that serves now, once loaded: a routed deployment when canary or shadow
   * routing is configured, wrapped by the monitor.
   *
   * @return the deployment, or null while loading
   */
  public @Nullable Deployment<Map<String, Object>, Prediction> delegate() {
    return serving;
  }

  /**
   * The routed deployment underneath, when canary or shadow routing is configured: its challenger
   * and shadow versions and the shadow's agreement.
   *
   * @return the routed deployment, or null without routing or while loading
   */
  public @Nullable RoutedDeployment routed() {
    return routed;
  }

  /**
   * An explainer following this deployment: each call returns the predictions of the rows with
   * their feature contributions (SHAP values), computed by the version the deployment serves at
   * that moment (with canary or shadow routing, its champion), with the model that serves
   * predictions, so nothing is loaded twice. Only formats whose engine computes contributions can
   * be explained ({@code xgboost}). Its calls are counted as calls in flight, so that {@link
   * #close()} waits for them; they are not recorded by the monitor. Closing the explainer closes
   * nothing.
   *
   * <p>Its calls throw {@link ModelNotReadyException} while no version is loaded, {@link
   * IllegalStateException} once closing, and {@link ExplanationUnavailableException} when the
   * version serving computes no contributions (an ONNX or TorchScript model; the message names
   * the model, version and format) or the deployment was not made by {@code DjlPredictors} (the
   * message names the bean).
   *
   * @return the explainer, the same object at every call
   */
  public Predictor<Map<String, Object>, Explanation> explainer() {
    return explainer;
  }

  @Override
  public Prediction predict(Map<String, Object> input) {
    Deployment<Map<String, Object>, Prediction> d = enter();
    try {
      return d.predict(input);
    } finally {
      exit();
    }
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
    Deployment<Map<String, Object>, Prediction> d = enter();
    try {
      return d.predictBatch(inputs);
    } finally {
      exit();
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws ModelNotReadyException while no version is loaded
   * @throws IllegalStateException once closing
   */
  @Override
  public ModelVersion modelVersion() {
    return ready().modelVersion();
  }

  @Override
  public ModelUri target() {
    return target;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ModelNotReadyException while no version is loaded
   */
  @Override
  public ModelVersion rollback(String reason) {
    return ready().rollback(reason);
  }

  @Override
  public Subscription addListener(DeploymentListener listener) {
    Objects.requireNonNull(listener, "listener");
    Subscription attached;
    synchronized (inFlightLock) {
      listeners.add(listener);
      Deployment<Map<String, Object>, Prediction> d = serving;
      attached = d == null ? null : d.addListener(listener);
    }
    Subscription inner = attached;
    return () -> {
      listeners.remove(listener);
      if (inner != null) {
        inner.close();
      }
    };
  }

  /**
   * Stops taking calls, waits for those in flight (up to the shutdown timeout), and closes the
   * deployment. Idempotent.
   */
  @Override
  public void close() {
    synchronized (inFlightLock) {
      if (closing) {
        return;
      }
      closing = true;
    }
    Subscription events = aliasEvents;
    if (events != null) {
      events.close();
    }
    loader.shutdownNow();
    boolean drained = awaitDrained();
    if (!drained) {
      LOG.warn("Deployment '{}' ({}): calls still in flight after {}; closing anyway", beanName,
          target, shutdownTimeout);
    }
    try {
      // Waits for a load in progress, so that its model is closed and not leaked.
      loader.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Deployment<Map<String, Object>, Prediction> d = serving;
    if (d != null) {
      d.close();
    }
    LOG.info("Deployment '{}' ({}) closed", beanName, target);
  }

  private Deployment<Map<String, Object>, Prediction> ready() {
    if (closing) {
      throw new IllegalStateException("The deployment '" + beanName + "' of " + target
          + " is closed");
    }
    Deployment<Map<String, Object>, Prediction> d = serving;
    if (d == null) {
      Problem p = problem;
      throw new ModelNotReadyException("The deployment '" + beanName + "' of " + target
          + " is not ready: " + (p == null ? "loading" : p.message()), null);
    }
    return d;
  }

  private Deployment<Map<String, Object>, Prediction> enter() {
    synchronized (inFlightLock) {
      Deployment<Map<String, Object>, Prediction> d = ready();
      inFlight++;
      return d;
    }
  }

  private <T> T explain(Function<Predictor<Map<String, Object>, Explanation>, T> call) {
    enter();
    try {
      // Set once, together with serving and under the same lock, so never null once entered.
      return call.apply(following(Objects.requireNonNull(unwrapped, "set with serving")));
    } finally {
      exit();
    }
  }

  private Predictor<Map<String, Object>, Explanation> following(
      Deployment<Map<String, Object>, Prediction> inner) {
    Predictor<Map<String, Object>, Explanation> e = following;
    if (e != null) {
      return e;
    }
    try {
      // Checks the version serving now; one that computes no contributions throws, and the
      // next call tries again (the alias may have moved to one that does).
      e = DjlPredictors.explainer(inner);
    } catch (IllegalArgumentException notOurs) {
      ModelVersion v = inner.modelVersion();
      throw new ExplanationUnavailableException("The deployment '" + beanName + "' of model '"
          + v.name() + "' version " + v.version() + " cannot be explained: "
          + notOurs.getMessage());
    }
    following = e;
    return e;
  }

  private void exit() {
    synchronized (inFlightLock) {
      inFlight--;
      if (inFlight == 0) {
        inFlightLock.notifyAll();
      }
    }
  }

  private boolean awaitDrained() {
    long deadline = System.nanoTime() + shutdownTimeout.toNanos();
    synchronized (inFlightLock) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(inFlightLock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void onRegistryEvent(RegistryEvent event) {
    if (serving == null && event instanceof RegistryEvent.AliasMoved moved
        && moved.modelName().equals(target.name()) && moved.alias().equals(target.alias())) {
      try {
        loader.execute(this::loadOrRetry);
      } catch (RejectedExecutionException e) {
        LOG.debug("Deployment '{}' is closed; ignoring {}", beanName, event);
      }
    }
  }

  /** Runs on the loader thread: loads, or schedules the next attempt. */
  private void loadOrRetry() {
    if (serving != null || closing) {
      return;
    }
    if (tryLoad() != null && !closing) {
      // One retry pending at a time: an alias event must not start a second retry chain.
      if (retry != null) {
        retry.cancel(false);
      }
      try {
        retry = loader.schedule(this::loadOrRetry, retryInterval.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        LOG.debug("Deployment '{}' closed while retrying", beanName);
      }
    }
  }

  /** Loads the first version; returns the failure, or null once serving. */
  private synchronized @Nullable RuntimeException tryLoad() {
    if (serving != null || closing || loading) {
      return null;
    }
    loading = true;
    String version = "";
    ModelMdc mdc = ModelMdc.put(target.name(), null);
    try {
      // The version the alias points to now, named in every message about this attempt.
      version = " (version " + registry.resolve(target).version() + ")";
      Deployment<Map<String, Object>, Prediction> d = starter.get();
      Deployment<Map<String, Object>, Prediction> wrapped = monitor == null ? d : monitor.wrap(d);
      problem = null;
      // Hears, at once, of challengers that failed to load (listeners added late are told too).
      wrapped.addListener(new ProblemTracker(challengers(d)));
      synchronized (inFlightLock) {
        for (DeploymentListener l : listeners) {
          wrapped.addListener(l);
        }
        routed = d instanceof RoutedDeployment r ? r : null;
        unwrapped = d;
        serving = wrapped;
      }
      LOG.info("Deployment '{}' serves {} version {}", beanName, target,
          wrapped.modelVersion().version());
      return null;
    } catch (RuntimeException e) {
      String message = "cannot load " + target + version + ": " + e.getMessage();
      Problem before = problem;
      problem = new Problem(message, false);
      if (before == null || !message.equals(before.message())) {
        LOG.error("Deployment '{}' {}; its health is DOWN and calls are refused until it loads;"
            + " retrying every {} and when the alias moves", beanName, message, retryInterval);
      } else {
        LOG.debug("Deployment '{}' still {}", beanName, message);
      }
      return new PredictionException("Deployment '" + beanName + "' " + message, e);
    } finally {
      loading = false;
      mdc.close();
    }
  }

  private static List<ModelUri> challengers(Deployment<?, ?> d) {
    if (d instanceof RoutedDeployment routed) {
      List<ModelUri> out = new java.util.ArrayList<>();
      out.add(routed.routing().challenger());
      routed.routing().shadowChallenger().ifPresent(out::add);
      return out;
    }
    return List.of();
  }

  /** Explains through {@link #explain}, counted in flight like a prediction. */
  private final class Explainer implements Predictor<Map<String, Object>, Explanation> {
    @Override
    public Explanation predict(Map<String, Object> input) {
      return explain(e -> e.predict(input));
    }

    @Override
    public List<Explanation> predictBatch(List<Map<String, Object>> inputs) {
      return explain(e -> e.predictBatch(inputs));
    }

    @Override
    public ModelVersion modelVersion() {
      return ManagedDeployment.this.modelVersion();
    }

    @Override
    public void close() {
      // Shares the deployment's models, which the deployment closes.
    }

    @Override
    public String toString() {
      return "explainer of deployment '" + beanName + "' (" + target + ")";
    }
  }

  /** Keeps {@link #problem} in step with swaps: a failure degrades, a later swap heals it. */
  private final class ProblemTracker implements DeploymentListener {
    private final List<ModelUri> challengers;

    ProblemTracker(List<ModelUri> challengers) {
      this.challengers = challengers;
    }

    @Override
    public void onSwapped(ModelVersion from, ModelVersion to) {
      Problem p = problem;
      if (p != null && p.healsOnSwap()) {
        problem = null;
      }
    }

    @Override
    public void onFailed(ModelUri attempted, RuntimeException cause) {
      boolean challenger = challengers.contains(attempted);
      problem = new Problem((challenger ? "challenger " + attempted + " could not be loaded: "
          : "swap to " + attempted + " failed, the previous version keeps serving: ")
          + cause.getMessage(), !challenger);
    }
  }
}
