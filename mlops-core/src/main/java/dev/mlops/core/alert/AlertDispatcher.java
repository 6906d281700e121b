package dev.mlops.core.alert;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertRule;
import dev.mlops.alert.AlertSink;
import dev.mlops.alert.AlertState;
import dev.mlops.internal.SetOnce;
import dev.mlops.monitor.MonitorSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates {@link AlertRule}s on every {@link MonitorSnapshot} it is handed and sends the
 * resulting {@link Alert}s to {@link AlertSink}s. Subscribe it to a monitor's closed windows; it is
 * a {@code Consumer<MonitorSnapshot>}.
 *
 * <p>For each rule and model it remembers whether an alert is firing:
 *
 * <ul>
 *   <li>when a rule's condition holds and the rule has not fired for that model within its {@link
 *       AlertRule#cooldown() cooldown}, a {@link AlertState#FIRING} alert is sent; so while the
 *       condition keeps holding it is repeated once per cooldown, and a condition that flaps is
 *       announced at most once per cooldown;
 *   <li>when the condition no longer holds after a firing alert was sent, a {@link
 *       AlertState#RESOLVED} alert is sent, once;
 *   <li>a snapshot the rule {@linkplain AlertRule#canJudge cannot judge} (no labels, no drift
 *       measured, too few calls) changes nothing.
 * </ul>
 *
 * <p>Time is the snapshot's {@link MonitorSnapshot#windowEnd() window end}, never the wall clock,
 * so a test driving a monitor with a manual clock sees the same alerts on every run.
 *
 * <p>Evaluation happens in {@link #accept}, which is cheap and never blocks; delivery happens on
 * the dispatcher's own thread through a bounded queue. When the queue is full, the alert is
 * dropped, counted and logged rather than making the caller (perhaps a prediction) wait. A sink
 * that throws is logged and counted, and the other sinks still receive the alert. {@link #close()}
 * delivers what is queued within a bound and closes the sinks.
 *
 * <pre>{@code
 * AlertDispatcher alerts = AlertDispatcher.builder()
 *     .rule(AlertRules.datasetDrift())
 *     .rule(AlertRules.metricBelow("accuracy", 0.8))
 *     .sink(new LogAlertSink())
 *     .sink(WebhookAlertSink.builder(URI.create(slackWebhookUrl)).build())
 *     .build();
 * }</pre>
 *
 * <p>Instances are thread-safe.
 *
 * @since 0.1
 */
public final class AlertDispatcher implements Consumer<MonitorSnapshot>, AutoCloseable {

  /** The queue capacity unless set: 1,000 alerts. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1_000;

  /** How long {@link #close()} waits for queued alerts unless set: 10 seconds. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

  private final List<AlertRule> rules;
  private final List<AlertSink> sinks;
  private final Duration closeTimeout;
  private final ThreadPoolExecutor executor;
  private final @Nullable MeterRegistry meters;
  private final List<Meter> registeredMeters = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong raised = new AtomicLong();
  private final AtomicLong suppressed = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  /** Guarded by {@code this}. */
  private final Map<RuleKey, RuleState> states = new HashMap<>();

  private AlertDispatcher(Builder builder) {
    this.rules = List.copyOf(builder.rules);
    this.sinks = List.copyOf(builder.sinks);
    this.closeTimeout = builder.closeTimeout == null ? DEFAULT_CLOSE_TIMEOUT : builder.closeTimeout;
    int capacity = builder.queueCapacity == null ? DEFAULT_QUEUE_CAPACITY : builder.queueCapacity;
    this.executor = new ThreadPoolExecutor(
        1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
        runnable -> {
          Thread thread = new Thread(runnable, "mlops-alert-dispatcher");
          thread.setDaemon(true);
          return thread;
        },
        new DropWhenFull());
    this.meters = builder.meters;
    if (meters != null) {
      registerMeters(meters);
    }
  }

  /**
   * Starts a dispatcher.
   *
   * @return a builder with no rules and no sinks
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Evaluates every rule on the snapshot and queues the alerts that result. Never blocks on
   * delivery; after {@link #close()}, the alerts are dropped and counted.
   *
   * @param snapshot what a monitor observed over one window
   */
  @Override
  public void accept(MonitorSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    dispatch(evaluateAll(snapshot));
  }

  /** Evaluates every rule on the snapshot, updating the rules' states, and returns the alerts. */
  synchronized List<Alert> evaluateAll(MonitorSnapshot snapshot) {
    List<Alert> alerts = new ArrayList<>();
    for (AlertRule rule : rules) {
      Alert alert = evaluate(rule, snapshot);
      if (alert != null) {
        alerts.add(alert);
      }
    }
    return alerts;
  }

  /** Counts the alerts and queues them for the sinks. */
  void dispatch(List<Alert> alerts) {
    for (Alert alert : alerts) {
      raised.incrementAndGet();
      MeterRegistry registry = meters;
      if (registry != null) {
        registry.counter("mlops.alerts.raised", "rule", alert.rule(), "model", alert.modelName(),
            "severity", alert.severity().name(), "state", alert.state().name()).increment();
      }
      executor.execute(new Delivery(alert));
    }
  }

  private @Nullable Alert evaluate(AlertRule rule, MonitorSnapshot snapshot) {
    Optional<String> observed;
    try {
      if (!rule.canJudge(snapshot)) {
        return null;
      }
      observed = rule.check(snapshot);
    } catch (RuntimeException e) {
      log.warn("Alert rule '{}' failed on the snapshot of model '{}' v{} ending {}; its state is "
          + "left unchanged. Fix the rule.", rule.name(), snapshot.modelName(), snapshot.version(),
          snapshot.windowEnd(), e);
      return null;
    }
    RuleKey key = new RuleKey(rule.name(), snapshot.modelName());
    RuleState state = states.computeIfAbsent(key, k -> new RuleState());
    Instant at = snapshot.windowEnd();
    if (observed.isPresent()) {
      Instant lastFired = state.lastFired;
      if (lastFired != null && at.isBefore(lastFired.plus(rule.cooldown()))) {
        suppressed.incrementAndGet();
        return null;
      }
      Alert alert = new Alert(rule.name(), rule.severity(), AlertState.FIRING,
          snapshot.modelName(), snapshot.version(), observed.get(), at);
      state.lastFired = at;
      state.announced = alert;
      return alert;
    }
    Alert announced = state.announced;
    if (announced == null) {
      return null;
    }
    state.announced = null;
    return new Alert(rule.name(), rule.severity(), AlertState.RESOLVED, snapshot.modelName(),
        snapshot.version(), "cleared; it fired at " + announced.at() + ": " + announced.message(),
        at);
  }

  /**
   * The alerts firing now: for each rule and model whose last alert was a firing one, that alert.
   *
   * @return the alerts, ordered by rule and then model name
   */
  public synchronized List<Alert> firing() {
    List<Alert> firing = new ArrayList<>();
    for (RuleState state : states.values()) {
      Alert announced = state.announced;
      if (announced != null) {
        firing.add(announced);
      }
    }
    firing.sort(Comparator.comparing(Alert::rule).thenComparing(Alert::modelName));
    return List.copyOf(firing);
  }

  /**
   * How many alerts the rules raised (firing and resolved), delivered or not.
   *
   * @return the count
   */
  public long raised() {
    return raised.get();
  }

  /**
   * How many times a rule's condition held within its cooldown and no alert was raised.
   *
   * @return the count
   */
  public long suppressed() {
    return suppressed.get();
  }

  /**
   * How many deliveries succeeded, counting each alert once per sink that took it.
   *
   * @return the count
   */
  public long sent() {
    return sent.get();
  }

  /**
   * How many deliveries failed, counting each alert once per sink that threw.
   *
   * @return the count
   */
  public long failed() {
    return failed.get();
  }

  /**
   * How many alerts were never handed to the sinks: the queue was full, the dispatcher was closed,
   * or {@link #close()} gave up waiting.
   *
   * @return the count
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * How many alerts wait for delivery.
   *
   * @return the queue's length
   */
  public int queued() {
    return executor.getQueue().size();
  }

  /**
   * Stops taking alerts, delivers those queued for up to the close timeout (10 seconds unless set),
   * drops and counts what is left, then closes the sinks. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(closeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        giveUp();
      }
    } catch (InterruptedException e) {
      giveUp();
      Thread.currentThread().interrupt();
    }
    for (AlertSink sink : sinks) {
      try {
        sink.close();
      } catch (Exception e) {
        log.warn("Closing alert sink {} failed", sink, e);
      }
    }
    MeterRegistry registry = meters;
    if (registry != null) {
      registeredMeters.forEach(registry::remove);
    }
  }

  private void giveUp() {
    List<Runnable> left = executor.shutdownNow();
    dropped.addAndGet(left.size());
    log.warn("Alert dispatcher closed with {} alert(s) undelivered after waiting {}; a sink is "
        + "slow or stuck", left.size(), closeTimeout);
  }

  private void deliver(Alert alert) {
    for (AlertSink sink : sinks) {
      try {
        sink.send(alert);
        sent.incrementAndGet();
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        log.warn("Alert sink {} failed to deliver {}", sink, alert.summary(), e);
      }
    }
  }

  private void registerMeters(MeterRegistry registry) {
    registeredMeters.add(FunctionCounter.builder("mlops.alerts.deliveries", sent, AtomicLong::get)
        .tag("outcome", "sent").description("Alerts a sink took").register(registry));
    registeredMeters.add(FunctionCounter.builder("mlops.alerts.deliveries", failed,
            AtomicLong::get)
        .tag("outcome", "failed").description("Alerts a sink failed to deliver")
        .register(registry));
    registeredMeters.add(FunctionCounter.builder("mlops.alerts.dropped", dropped, AtomicLong::get)
        .description("Alerts dropped: queue full or dispatcher closed").register(registry));
    registeredMeters.add(Gauge.builder("mlops.alerts.queued", executor, e -> e.getQueue().size())
        .description("Alerts waiting for delivery").register(registry));
  }

  /** One alert on its way to every sink. */
  private final class Delivery implements Runnable {
    private final Alert alert;

    Delivery(Alert alert) {
      this.alert = alert;
    }

    @Override
    public void run() {
      deliver(alert);
    }
  }

  /** Counts and logs an alert the queue cannot take, instead of blocking the caller. */
  private final class DropWhenFull implements RejectedExecutionHandler {
    @Override
    public void rejectedExecution(Runnable runnable, ThreadPoolExecutor pool) {
      dropped.incrementAndGet();
      String what = runnable instanceof Delivery delivery ? delivery.alert.summary() : "an alert";
      if (pool.isShutdown()) {
        log.warn("Alert dispatcher is closed; dropped {}", what);
      } else {
        log.warn("Alert queue is full ({} waiting; a sink is slow); dropped {}",
            pool.getQueue().size(), what);
      }
    }
  }

  /**
   * What the dispatcher remembers of every rule and model, for a fleet whose instances take turns
   * evaluating ({@link FleetAlerts}).
   */
  synchronized List<RememberedRule> rememberedRules() {
    List<RememberedRule> remembered = new ArrayList<>();
    states.forEach((key, state) -> remembered.add(
        new RememberedRule(key.rule(), key.model(), state.lastFired, state.announced)));
    remembered.sort(Comparator.comparing(RememberedRule::rule)
        .thenComparing(RememberedRule::model));
    return remembered;
  }

  /** Replaces what the dispatcher remembers with what another instance remembered. */
  synchronized void remember(List<RememberedRule> remembered) {
    states.clear();
    for (RememberedRule r : remembered) {
      RuleState state = new RuleState();
      state.lastFired = r.lastFired();
      state.announced = r.announced();
      states.put(new RuleKey(r.rule(), r.model()), state);
    }
  }

  /**
   * The state of one rule for one model, as {@link #rememberedRules()} exports it.
   *
   * @param rule the rule's name
   * @param model the model
   * @param lastFired when it last fired, or null
   * @param announced the firing alert not yet resolved, or null
   */
  record RememberedRule(String rule, String model, @Nullable Instant lastFired,
      @Nullable Alert announced) {}

  /** A rule's state is kept per model. */
  private record RuleKey(String rule, String model) {}

  /** What the dispatcher remembers of one rule for one model. */
  private static final class RuleState {
    /** When the rule last fired for the model, or null if never. */
    @Nullable Instant lastFired;
    /** The firing alert not yet followed by a resolve, or null if none is announced. */
    @Nullable Alert announced;
  }

  /**
   * Configures an {@link AlertDispatcher}. Each setting other than rules and sinks may be given
   * once.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final List<AlertRule> rules = new ArrayList<>();
    private final Set<String> ruleNames = new HashSet<>();
    private final List<AlertSink> sinks = new ArrayList<>();
    private @Nullable Integer queueCapacity;
    private @Nullable Duration closeTimeout;
    private @Nullable MeterRegistry meters;

    private Builder() {}

    /**
     * Adds a rule.
     *
     * @param rule the rule
     * @return this builder
     * @throws IllegalArgumentException if a rule with the same name was added, since alerts and
     *     state are keyed by rule name
     */
    public Builder rule(AlertRule rule) {
      Objects.requireNonNull(rule, "rule");
      if (!ruleNames.add(rule.name())) {
        throw new IllegalArgumentException("Two alert rules are named '" + rule.name()
            + "'; give one another name with withName(...)");
      }
      rules.add(rule);
      return this;
    }

    /**
     * Adds rules, in order.
     *
     * @param rules the rules
     * @return this builder
     * @throws IllegalArgumentException if two rules share a name
     */
    public Builder rules(Iterable<? extends AlertRule> rules) {
      for (AlertRule rule : rules) {
        rule(rule);
      }
      return this;
    }

    /**
     * Adds a sink; the dispatcher closes it when it is closed.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder sink(AlertSink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * How many alerts may wait for delivery; more are dropped and counted. The default is {@value
     * AlertDispatcher#DEFAULT_QUEUE_CAPACITY}.
     *
     * @param capacity the capacity
     * @return this builder
     * @throws IllegalArgumentException if the capacity is not positive
     * @throws IllegalStateException if the capacity was already set
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be positive but was " + capacity);
      }
      queueCapacity = SetOnce.value("queueCapacity", queueCapacity, capacity);
      return this;
    }

    /**
     * How long {@link AlertDispatcher#close()} waits for queued alerts. The default is 10 seconds.
     *
     * @param timeout the bound
     * @return this builder
     * @throws IllegalArgumentException if the timeout is negative
     * @throws IllegalStateException if the timeout was already set
     */
    public Builder closeTimeout(Duration timeout) {
      if (Objects.requireNonNull(timeout, "closeTimeout").isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative but was " + timeout);
      }
      closeTimeout = SetOnce.value("closeTimeout", closeTimeout, timeout);
      return this;
    }

    /**
     * Publishes counters through Micrometer: {@code mlops.alerts.raised} (tagged rule, model,
     * severity, state), {@code mlops.alerts.deliveries} (tagged outcome sent or failed), {@code
     * mlops.alerts.dropped} and the gauge {@code mlops.alerts.queued}. Optional.
     *
     * @param registry where to register them
     * @return this builder
     * @throws IllegalStateException if a registry was already set
     */
    public Builder meterRegistry(MeterRegistry registry) {
      meters = SetOnce.value("meterRegistry", meters, registry);
      return this;
    }

    /**
     * Creates the dispatcher and starts its delivery thread when the first alert comes.
     *
     * @return the dispatcher
     * @throws IllegalStateException if no rule or no sink was added
     */
    public AlertDispatcher build() {
      if (rules.isEmpty()) {
        throw new IllegalStateException("An alert dispatcher needs at least one rule; add one "
            + "with rule(AlertRules.datasetDrift()) or similar");
      }
      if (sinks.isEmpty()) {
        throw new IllegalStateException(
            "An alert dispatcher needs at least one sink; add one with sink(new LogAlertSink())");
      }
      return new AlertDispatcher(this);
    }
  }
}
