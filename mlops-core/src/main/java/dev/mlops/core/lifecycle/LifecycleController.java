package dev.mlops.core.lifecycle;

import dev.mlops.core.lifecycle.CycleResult.Outcome;
import dev.mlops.core.lifecycle.CycleResult.Step;
import dev.mlops.core.lifecycle.LifecycleEvent.Kind;
import dev.mlops.core.observe.MlopsObservations;
import dev.mlops.core.observe.ObservedCall;
import dev.mlops.internal.SetOnce;
import dev.mlops.lifecycle.LeaderElection;
import dev.mlops.lifecycle.Leadership;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.lifecycle.RetrainPolicy;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.NameRules;
import dev.mlops.training.TrainingRun;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the loop for one model: on a schedule, reads what monitoring observed, asks the retrain
 * policy, runs the training job, asks the promotion gate about the challenger, and promotes it
 * (compare-and-set on the production alias), stages it for a person's approval, or leaves it.
 *
 * <pre>{@code
 * LifecycleController controller = LifecycleController.builder(registry, "churn")
 *     .snapshots(monitor::snapshot)
 *     .retrainPolicy(RetrainPolicies.withMinimumInterval(RetrainPolicies.onDatasetDrift(), Duration.ofDays(1)))
 *     .trainingJob(pipeline::run)
 *     .gate(MetricThresholdGate.builder().minImprovement("roc_auc", 0.005).build())
 *     .checkInterval(Duration.ofMinutes(10))
 *     .listener(event -> log.info("{}", event))
 *     .build();
 * controller.start();
 * }</pre>
 *
 * <p><b>One cycle at a time per model.</b> Within a JVM, a {@link #runOnce()} that finds another
 * cycle of the same model (same registry location and model name) running does nothing and reports
 * {@link Outcome#SKIPPED_BUSY}.
 *
 * <p><b>Failures.</b> A failure of any step (snapshot source, policy, training job, gate,
 * registry) is caught, logged, reported as an event and in the {@link CycleResult}; the controller
 * keeps its schedule and the next cycle starts afresh. Nothing is promoted by a failed cycle.
 *
 * <p><b>Audit.</b> A decision to retrain is recorded as model tags ({@link LifecycleTags#RETRAIN_LAST},
 * {@link LifecycleTags#RETRAIN_REASONS}, {@link LifecycleTags#RETRAIN_STATUS}); the gate's verdict as
 * version tags; promotions and staging as alias moves with reasons (see {@link Promotions}). The
 * registry audits all of them. Decisions not to retrain are only logged (at debug) and reported as
 * events, so that a check every few minutes does not fill the audit log. The time of the last
 * retrain is read back from the model tag, so schedules survive a restart of the application.
 *
 * <p><b>Fleets.</b> With a {@link Builder#leaderElection leader election} (such as the fleet's
 * monitoring store), only the instance that leads the model runs cycles; the others report {@link
 * Outcome#NOT_LEADER}. Each cycle first tries to become (or checks that it still is) the leader, so
 * when the leader stops, another instance takes over at its next cycle, within one check interval.
 * A retrain is recorded as the model tag {@link LifecycleTags#RETRAIN_TRIGGER} when decided and
 * deleted when its promotion decision is made; a leader that finds the tag carries that retrain
 * on where it stopped (trains again only if no challenger carries the tag, judges a challenger the
 * gate has not judged, promotes an approved one the alias does not point to yet), so each decision
 * trains one challenger and makes one promotion decision, whichever instance dies when.
 *
 * <p>Thread-safe. Time comes from the injected {@link Clock}.
 *
 * @since 0.1
 */
public final class LifecycleController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LifecycleController.class);

  /** Models with a cycle in progress in this JVM, keyed by registry location and model name. */
  private static final Set<String> RUNNING = ConcurrentHashMap.newKeySet();

  final ModelRegistry registry;
  final String model;
  final Supplier<Optional<MonitorSnapshot>> snapshots;
  final RetrainPolicy policy;
  final @Nullable Supplier<TrainingRun> trainingJob;
  final @Nullable TrainingJob taggedJob;
  private final @Nullable LeaderElection election;
  final PromotionGate gate;
  final Clock clock;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private final Duration checkInterval;
  private final Duration stopTimeout;
  final LongSupplier newDataRows;
  final Promotions promotions;
  private final List<LifecycleListener> listeners;
  private final @Nullable ObservationRegistry observations;
  private final String runningKey;
  private final ReentrantLock cycleLock = new ReentrantLock();
  private final Object scheduleLock = new Object();
  private @Nullable ScheduledFuture<?> scheduled;
  private volatile boolean closed;
  private volatile boolean scheduling;
  volatile @Nullable Instant lastRetrainAt;
  private @Nullable Leadership leadership;

  private LifecycleController(Builder b) {
    this.registry = b.registry;
    this.model = b.model;
    this.snapshots = b.snapshots;
    this.observations = b.observations;
    this.policy = required(b.policy, "retrainPolicy");
    this.trainingJob = b.trainingJob;
    this.taggedJob = b.taggedJob;
    if (trainingJob == null && taggedJob == null) {
      required(null, "trainingJob(...) or retrainJob");
    }
    this.election = b.election;
    this.gate = required(b.gate, "gate");
    this.clock = b.clock;
    this.checkInterval = b.checkInterval;
    this.stopTimeout = b.stopTimeout;
    this.newDataRows = b.newDataRows;
    this.promotions = Promotions.of(b.registry, b.productionAlias, b.stagingAlias);
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.runningKey = b.registry.location() + "#" + model;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownsExecutor = false;
    } else {
      this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "mlops-lifecycle-" + model);
        t.setDaemon(true);
        return t;
      });
      this.ownsExecutor = true;
    }
  }

  private <T> T required(@Nullable T value, String setting) {
    if (value == null) {
      throw new IllegalStateException("The lifecycle controller of model '" + model + "' needs " + setting
          + "(...)");
    }
    return value;
  }

  /**
   * Starts a controller for a model in a registry.
   *
   * @param registry the registry holding the model
   * @param model the model name
   * @return a builder
   * @throws dev.mlops.registry.InvalidNameException if the model name is invalid
   */
  public static Builder builder(ModelRegistry registry, String model) {
    return new Builder(Objects.requireNonNull(registry, "registry"), NameRules.checkModelName(model));
  }

  /**
   * The model this controller manages.
   *
   * @return the model name
   */
  public String model() {
    return model;
  }

  /**
   * Adds a listener for the events of this controller.
   *
   * @param listener the listener
   */
  public void addListener(LifecycleListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Runs one cycle now, on the calling thread: monitor, policy, training, gate, promotion.
   * Failures of any step are caught and reported in the result, never thrown.
   *
   * @return what the cycle did
   * @throws IllegalStateException if the controller is closed
   */
  public CycleResult runOnce() {
    if (closed) {
      throw new IllegalStateException("The lifecycle controller of model '" + model + "' is closed");
    }
    Instant started = clock.instant();
    if (!cycleLock.tryLock()) {
      return skippedBusy(started);
    }
    try {
      if (!RUNNING.add(runningKey)) {
        return skippedBusy(started);
      }
      ObservedCall call = ObservedCall.start(observations, MlopsObservations.LIFECYCLE_CYCLE,
          model, null);
      try {
        CycleResult result = new LifecycleCycle(this, started, call).run();
        call.outcome(result.outcome().name().toLowerCase(Locale.ROOT));
        return result;
      } catch (RuntimeException e) {
        call.failed(e, "failed");
        throw e;
      } finally {
        call.close();
        RUNNING.remove(runningKey);
      }
    } finally {
      cycleLock.unlock();
    }
  }

  /**
   * Runs {@link #runOnce()} now and then every check interval (with a fixed delay between the end
   * of one cycle and the start of the next) on the executor. Starting a started controller does
   * nothing.
   *
   * @throws IllegalStateException if the controller is closed
   */
  public void start() {
    synchronized (scheduleLock) {
      if (closed) {
        throw new IllegalStateException("The lifecycle controller of model '" + model + "' is closed");
      }
      if (scheduled == null) {
        scheduling = true;
        scheduled = executor.scheduleWithFixedDelay(this::scheduledCycle, 0, checkInterval.toNanos(),
            TimeUnit.NANOSECONDS);
        LOG.info("Lifecycle controller of model '{}' started: a cycle every {}", model, checkInterval);
      }
    }
  }

  /**
   * Stops the schedule and waits, at most the stop timeout, for a cycle in progress to finish. A
   * stopped controller may be started again, and {@link #runOnce()} still works.
   *
   * @return true if no cycle was running when this method returned, false if the timeout passed
   *     first (the cycle goes on, and no new one is scheduled)
   */
  public boolean stop() {
    synchronized (scheduleLock) {
      scheduling = false;
      if (scheduled != null) {
        // No interrupt: a training job cut off half-way helps nobody; let the cycle finish.
        scheduled.cancel(false);
        scheduled = null;
        LOG.info("Lifecycle controller of model '{}' stopped", model);
      }
    }
    try {
      if (cycleLock.tryLock(stopTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        cycleLock.unlock();
        return true;
      }
      LOG.warn("A cycle of model '{}' is still running after {}; it will finish on its own", model, stopTimeout);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops the controller for good: {@link #stop()}, then shuts down the executor if the controller
   * created it (an injected executor is left running), and gives up the leadership of the model so
   * that another instance takes over. The registry is not closed.
   */
  @Override
  public void close() {
    stop();
    closed = true;
    if (ownsExecutor) {
      executor.shutdown();
    }
    cycleLock.lock();
    try {
      if (leadership != null) {
        leadership.close();
        leadership = null;
      }
    } finally {
      cycleLock.unlock();
    }
  }

  /**
   * Approves the challenger awaiting approval (the staging alias): promotes it and removes the
   * staging alias. See {@link Promotions#approve}.
   *
   * @param version the staged version
   * @param actor who approves
   * @param reason why, or null
   * @return the promotion; not promoted if another writer moved the production alias meanwhile
   * @throws dev.mlops.registry.ModelStateException if the version is not awaiting approval
   * @throws dev.mlops.registry.ModelNotFoundException if the version does not exist
   * @throws dev.mlops.registry.RegistryStorageException if the registry cannot be written
   */
  public PromotionResult approve(int version, String actor, @Nullable String reason) {
    PromotionResult result = promotions.approve(model, version, actor, reason);
    emit(result.promoted() ? Kind.APPROVED : Kind.PROMOTION_CONFLICT, version, result.actualChampion(),
        List.of(result.reason()));
    return result;
  }

  /**
   * Approves the challenger awaiting approval, as the operating-system user.
   *
   * @param version the staged version
   * @return the promotion
   * @throws dev.mlops.registry.ModelStateException if the version is not awaiting approval
   * @throws dev.mlops.registry.RegistryStorageException if the registry cannot be written
   */
  public PromotionResult approve(int version) {
    return approve(version, System.getProperty("user.name", "unknown"), null);
  }

  /**
   * Rejects the challenger awaiting approval: tags it rejected and removes the staging alias. See
   * {@link Promotions#reject}.
   *
   * @param version the staged version
   * @param actor who rejects
   * @param reason why, required
   * @throws IllegalArgumentException if the reason is blank
   * @throws dev.mlops.registry.ModelStateException if the version is not awaiting approval
   * @throws dev.mlops.registry.RegistryStorageException if the registry cannot be written
   */
  public void reject(int version, String actor, String reason) {
    promotions.reject(model, version, actor, reason);
    emit(Kind.REJECTED, version, null, List.of("rejected by " + actor + ": " + reason));
  }

  /**
   * Rejects the challenger awaiting approval, as the operating-system user.
   *
   * @param version the staged version
   * @param reason why, required
   * @throws IllegalArgumentException if the reason is blank
   * @throws dev.mlops.registry.ModelStateException if the version is not awaiting approval
   * @throws dev.mlops.registry.RegistryStorageException if the registry cannot be written
   */
  public void reject(int version, String reason) {
    reject(version, System.getProperty("user.name", "unknown"), reason);
  }

  private void scheduledCycle() {
    if (!cycleLock.tryLock()) {
      skippedBusy(clock.instant());
      return;
    }
    try {
      // Checked under the cycle lock, which stop() takes after clearing the flag: a cycle that was
      // already dequeued when stop() ran does not start after stop() returned.
      if (scheduling && !closed) {
        runOnce();
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // runOnce reports failures itself; this guards the schedule, which any throwable would end.
      LOG.error("Lifecycle cycle of model '{}' failed unexpectedly", model, e);
    } finally {
      cycleLock.unlock();
    }
  }

  private CycleResult skippedBusy(Instant started) {
    String reason = "another cycle of model '" + model + "' is running";
    emit(Kind.CYCLE_SKIPPED, null, null, List.of(reason));
    return new CycleResult(Outcome.SKIPPED_BUSY, model, null, null, null, List.of(reason), started,
        clock.instant());
  }

  void emit(Kind kind, @Nullable Integer version, @Nullable Integer champion, List<String> reasons) {
    LifecycleEvent event = new LifecycleEvent(kind, model, version, champion, reasons, clock.instant());
    log(event);
    for (LifecycleListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("Lifecycle listener {} failed on {}", listener, event, e);
      }
    }
  }

  private static void log(LifecycleEvent e) {
    String text = "Model '" + e.model() + "'" + (e.version() == null ? "" : " version " + e.version()) + ": "
        + e.kind() + ": " + String.join("; ", e.reasons());
    switch (e.kind()) {
      case RETRAIN_SKIPPED, CYCLE_SKIPPED -> LOG.debug(text);
      case RUN_FAILED, STEP_FAILED, PROMOTION_CONFLICT -> LOG.warn(text);
      default -> LOG.info(text);
    }
  }


  /**
   * Whether this instance leads the model: always without an election; otherwise it keeps a held
   * leadership or tries to acquire it. Called under the cycle lock.
   */
  boolean leads() {
    if (election == null) {
      return true;
    }
    if (leadership != null && leadership.isHeld()) {
      return true;
    }
    if (leadership != null) {
      leadership.close();
      leadership = null;
      emit(Kind.LEADERSHIP_LOST, null, null, List.of("the leadership of model '" + model + "' was lost"));
    }
    leadership = LifecycleCycle.step(Step.REGISTRY, () -> election.tryAcquire("lifecycle/" + model)).orElse(null);
    if (leadership != null) {
      emit(Kind.LEADERSHIP_ACQUIRED, null, null, List.of("this instance leads model '" + model + "' now"));
    }
    return leadership != null;
  }

  /** Checks, right before a step no other instance may take at the same time, that this one leads. */
  boolean stillLeads() {
    return election == null || (leadership != null && leadership.isHeld());
  }


  /**
   * Builds a {@link LifecycleController}. {@link #retrainPolicy}, {@link #trainingJob} and
   * {@link #gate} are required; everything else has a default. Each setting may be given once,
   * except the training job ({@link #trainingJob(Supplier)} or {@link #retrainJob}), whose last
   * value is used.
   *
   * @since 0.1
   */
  public static final class Builder {
    final ModelRegistry registry;
    final String model;
    private Supplier<Optional<MonitorSnapshot>> snapshots = Optional::empty;
    private @Nullable RetrainPolicy policy;
    private @Nullable Supplier<TrainingRun> trainingJob;
    private @Nullable TrainingJob taggedJob;
    private @Nullable LeaderElection election;
    private @Nullable PromotionGate gate;
    private Clock clock = Clock.systemUTC();
    private @Nullable ScheduledExecutorService executor;
    private Duration checkInterval = Duration.ofMinutes(5);
    private Duration stopTimeout = Duration.ofSeconds(30);
    private LongSupplier newDataRows = () -> 0L;
    private String productionAlias = Promotions.PRODUCTION;
    private String stagingAlias = Promotions.STAGING;
    private final List<LifecycleListener> listeners = new ArrayList<>();
    private @Nullable ObservationRegistry observations;
    private final Set<String> given = new HashSet<>();

    private Builder(ModelRegistry registry, String model) {
      this.registry = registry;
      this.model = model;
    }

    /**
     * Sets where the monitor's current window comes from, such as {@code monitor::snapshot}. The
     * default has no snapshot, so only policies that need no monitoring can fire.
     *
     * @param source the snapshot of the current window, or empty if there is none yet
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder snapshots(Supplier<Optional<MonitorSnapshot>> source) {
      Objects.requireNonNull(source, "snapshots");
      SetOnce.mark(given, "snapshots");
      this.snapshots = source;
      return this;
    }

    /**
     * Sets the retrain policy (required); see {@link RetrainPolicies}.
     *
     * @param value the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder retrainPolicy(RetrainPolicy value) {
      this.policy = SetOnce.value("retrainPolicy", policy, value);
      return this;
    }

    /**
     * Sets the training job (this or {@link #retrainJob} is required), such as {@code () ->
     * pipeline.run()}: it trains, evaluates and registers a challenger of this model, and reports a
     * failed run rather than throwing where it can. Unlike the other settings, the job may be set
     * again: this and {@link #retrainJob} replace each other, and the last one given is used.
     *
     * @param value the job
     * @return this builder
     */
    public Builder trainingJob(Supplier<TrainingRun> value) {
      this.trainingJob = Objects.requireNonNull(value, "trainingJob");
      this.taggedJob = null;
      return this;
    }

    /**
     * Sets the training job (this or {@link #trainingJob(Supplier)} is required), one that
     * registers its challenger with the tags it is given, such as {@code pipeline::run} of a
     * {@link dev.mlops.core.training.TrainingPipeline}: the challenger then carries its retrain's
     * tag from the moment it exists, so a leader that takes over a retrain interrupted right after
     * the registration finds it instead of training another. Prefer it in a fleet. Unlike the
     * other settings, the job may be set again: this and {@link #trainingJob(Supplier)} replace
     * each other, and the last one given is used.
     *
     * @param value the job
     * @return this builder
     */
    public Builder retrainJob(TrainingJob value) {
      this.taggedJob = Objects.requireNonNull(value, "trainingJob");
      this.trainingJob = null;
      return this;
    }

    /**
     * Makes the instances of a fleet take turns: only the one that leads the model (key {@code
     * lifecycle/MODEL}) runs cycles, and another takes over within one check interval when it
     * stops (see the class documentation). The default is none: every controller runs its cycles.
     *
     * @param value the fleet's election, such as its monitoring store
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder leaderElection(LeaderElection value) {
      this.election = SetOnce.value("leaderElection", election, value);
      return this;
    }

    /**
     * Sets the promotion gate (required); see {@link MetricThresholdGate},
     * {@link ManualApprovalGate} and {@link PromotionGates}.
     *
     * @param value the gate
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder gate(PromotionGate value) {
      this.gate = SetOnce.value("gate", gate, value);
      return this;
    }

    /**
     * Sets the clock. The default is the system clock in UTC.
     *
     * @param value the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock value) {
      Objects.requireNonNull(value, "clock");
      SetOnce.mark(given, "clock");
      this.clock = value;
      return this;
    }

    /**
     * Sets the executor that runs scheduled cycles. The default is a daemon thread of the
     * controller's own, shut down by {@link LifecycleController#close()}; an executor given here is
     * not shut down by the controller.
     *
     * @param value the executor
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder executor(ScheduledExecutorService value) {
      this.executor = SetOnce.value("executor", executor, value);
      return this;
    }

    /**
     * Sets the delay between the end of one scheduled cycle and the start of the next. The default
     * is 5 minutes.
     *
     * @param value the interval
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     * @throws IllegalStateException if already set
     */
    public Builder checkInterval(Duration value) {
      Duration checked = positive("checkInterval", value);
      SetOnce.mark(given, "checkInterval");
      this.checkInterval = checked;
      return this;
    }

    /**
     * Sets how long {@link LifecycleController#stop()} waits for a cycle in progress. The default
     * is 30 seconds.
     *
     * @param value the bound
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     * @throws IllegalStateException if already set
     */
    public Builder stopTimeout(Duration value) {
      Objects.requireNonNull(value, "stopTimeout");
      if (value.isNegative()) {
        throw new IllegalArgumentException("stopTimeout must not be negative but was " + value);
      }
      SetOnce.mark(given, "stopTimeout");
      this.stopTimeout = value;
      return this;
    }

    /**
     * Sets where the count of new labelled rows since the champion was trained comes from, for
     * {@link RetrainPolicies#onNewData(long)}. The default is always 0.
     *
     * @param value the count source
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder newDataRows(LongSupplier value) {
      Objects.requireNonNull(value, "newDataRows");
      SetOnce.mark(given, "newDataRows");
      this.newDataRows = value;
      return this;
    }

    /**
     * Sets the alias of the champion. The default is {@value Promotions#PRODUCTION}.
     *
     * @param alias the alias
     * @return this builder
     * @throws dev.mlops.registry.InvalidNameException if the alias is invalid
     * @throws IllegalStateException if already set
     */
    public Builder productionAlias(String alias) {
      String checked = NameRules.checkAlias(alias);
      SetOnce.mark(given, "productionAlias");
      this.productionAlias = checked;
      return this;
    }

    /**
     * Sets the alias of a challenger awaiting approval. The default is {@value Promotions#STAGING}.
     *
     * @param alias the alias
     * @return this builder
     * @throws dev.mlops.registry.InvalidNameException if the alias is invalid
     * @throws IllegalStateException if already set
     */
    public Builder stagingAlias(String alias) {
      String checked = NameRules.checkAlias(alias);
      SetOnce.mark(given, "stagingAlias");
      this.stagingAlias = checked;
      return this;
    }

    /**
     * Adds a listener for the controller's events.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(LifecycleListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the controller; it does nothing until {@link LifecycleController#start()} or
     * {@link LifecycleController#runOnce()}.
     *
     * @return the controller
     * @throws IllegalStateException if the policy, training job or gate is missing
     * @throws IllegalArgumentException if the production and staging aliases are the same
     */
    public LifecycleController build() {
      return new LifecycleController(this);
    }

    /**
     * Sets where to report the observation {@code mlops.lifecycle.cycle}, one per cycle, tagged
     * with the model, the champion version and the cycle's outcome in lower case; during a cycle
     * the MDC names the model and champion ({@link dev.mlops.core.observe.ModelMdc}). None by
     * default.
     *
     * @param value the observation registry
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder observationRegistry(ObservationRegistry value) {
      this.observations = SetOnce.value("observationRegistry", observations, value);
      return this;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
      return value;
    }
  }
}
