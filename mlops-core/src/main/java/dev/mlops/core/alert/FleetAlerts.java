package dev.mlops.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertState;
import dev.mlops.alert.Severity;
import dev.mlops.core.alert.AlertDispatcher.RememberedRule;
import dev.mlops.core.monitor.FleetSnapshots;
import dev.mlops.internal.SetOnce;
import dev.mlops.lifecycle.Leadership;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.StoredState;
import dev.mlops.registry.NameRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert rules judged on a fleet's windows, once for the whole fleet: every instance may run one,
 * and each closed window of the model is evaluated by exactly one of them, with one notification
 * per firing however many instances there are.
 *
 * <pre>{@code
 * FleetAlerts alerts = FleetAlerts.builder(store, monitor.fleet(), "churn")
 *     .dispatcher(AlertDispatcher.builder().rule(AlertRules.datasetDrift())
 *         .sink(new LogAlertSink()).build())
 *     .build();
 * alerts.start();
 * }</pre>
 *
 * <p>How: the instance that holds the leadership {@code alerts/MODEL} reads the windows that ended
 * since the last evaluation and at least the settle delay ago (so every instance wrote its last
 * partial of them), evaluates the rules with the dispatcher's firing, cooldown and resolve logic,
 * and writes what the rules remember together with the last window judged to the store's state
 * {@code mlops.alerts/MODEL} by compare-and-set. Only when that write wins are the alerts handed to
 * the sinks: an instance that lost leadership meanwhile and evaluated the same windows writes
 * nothing and sends nothing. Another instance that takes over reads the state and goes on where the
 * last one stopped. Should an instance die between the write and the delivery, that delivery is
 * lost: notifications are sent at most once.
 *
 * <p>The dispatcher given is this object's own: it closes it. Thread-safe.
 *
 * @since 0.1
 */
public final class FleetAlerts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FleetAlerts.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MonitorStore store;
  private final FleetSnapshots fleet;
  private final String model;
  private final AlertDispatcher dispatcher;
  private final Duration settleDelay;
  private final Duration checkInterval;
  private final Clock clock;
  private final String stateKey;
  private @Nullable Leadership leadership;
  private @Nullable ScheduledExecutorService schedule;
  private boolean closed;

  private FleetAlerts(Builder b) {
    this.store = b.store;
    this.fleet = b.fleet;
    this.model = b.model;
    this.dispatcher = Objects.requireNonNull(b.dispatcher);
    this.settleDelay = b.settleDelay;
    this.checkInterval = b.checkInterval;
    this.clock = b.clock;
    this.stateKey = "mlops.alerts/" + model;
  }

  /**
   * Starts configuring fleet alerts for a model.
   *
   * @param store the store the fleet's monitors share
   * @param fleet the reader of the fleet's windows, such as {@code monitor.fleet()}
   * @param model the model
   * @return a builder
   * @throws dev.mlops.registry.InvalidNameException if the model name is invalid
   */
  public static Builder builder(MonitorStore store, FleetSnapshots fleet, String model) {
    return new Builder(Objects.requireNonNull(store, "store"), Objects.requireNonNull(fleet,
        "fleet"), NameRules.checkModelName(model));
  }

  /**
   * Judges the windows that settled since the last evaluation, if this instance leads the
   * model's alerts; the alerts go to the dispatcher's sinks.
   *
   * @return the alerts this call raised (empty when another instance leads, or judged them)
   * @throws IllegalStateException if closed
   * @throws dev.mlops.MlopsException if the store cannot be reached; nothing was sent
   */
  public synchronized List<Alert> evaluate() {
    if (closed) {
      throw new IllegalStateException("The fleet alerts of model '" + model + "' are closed");
    }
    if (!leads()) {
      return List.of();
    }
    Optional<StoredState> stored = store.readState(stateKey);
    Instant through = clock.instant().minus(settleDelay);
    Instant after = stored.map(s -> evaluatedThrough(s.value())).orElse(null);
    if (after != null && !through.isAfter(after)) {
      return List.of();
    }
    List<MonitorSnapshot> windows = after == null ? fleet.lastClosed(model, through)
        : fleet.closedWindows(model, after, through);
    dispatcher.remember(stored.map(s -> rules(s.value())).orElse(List.of()));
    List<Alert> alerts = new ArrayList<>();
    for (MonitorSnapshot window : windows) {
      alerts.addAll(dispatcher.evaluateAll(window));
    }
    long revision = stored.map(StoredState::revision).orElse(0L);
    if (!store.writeState(stateKey, revision, encode(through, dispatcher.rememberedRules()))) {
      LOG.info("Another instance judged the windows of model '{}' first; sending nothing", model);
      return List.of();
    }
    dispatcher.dispatch(alerts);
    return alerts;
  }

  /**
   * Evaluates now and then every check interval on a daemon thread of its own; failures are
   * logged and the schedule goes on. Starting twice does nothing.
   *
   * @throws IllegalStateException if closed
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("The fleet alerts of model '" + model + "' are closed");
    }
    if (schedule != null) {
      return;
    }
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlops-fleet-alerts-" + model);
      t.setDaemon(true);
      return t;
    });
    s.scheduleWithFixedDelay(() -> {
      try {
        evaluate();
      } catch (RuntimeException e) {
        LOG.warn("Fleet alerts of model '{}' could not be evaluated: {}", model, e.toString());
      }
    }, 0, checkInterval.toNanos(), TimeUnit.NANOSECONDS);
    schedule = s;
  }

  /** Stops the schedule, gives the leadership up and closes the dispatcher (delivering what is queued). */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = schedule;
      schedule = null;
    }
    if (s != null) {
      s.shutdown();
      try {
        s.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      closed = true;
      if (leadership != null) {
        leadership.close();
        leadership = null;
      }
    }
    dispatcher.close();
  }

  private boolean leads() {
    if (leadership != null && leadership.isHeld()) {
      return true;
    }
    if (leadership != null) {
      leadership.close();
    }
    leadership = store.tryAcquire("alerts/" + model).orElse(null);
    return leadership != null;
  }

  private static String encode(Instant through, List<RememberedRule> rules) {
    ObjectNode root = JSON.createObjectNode().put("evaluatedThrough", through.toString());
    ArrayNode list = root.putArray("rules");
    for (RememberedRule r : rules) {
      ObjectNode node = list.addObject().put("rule", r.rule()).put("model", r.model())
          .put("lastFired", r.lastFired() == null ? null : r.lastFired().toString());
      Alert a = r.announced();
      if (a != null) {
        node.putObject("announced").put("rule", a.rule()).put("severity", a.severity().name())
            .put("state", a.state().name()).put("model", a.modelName())
            .put("version", a.version()).put("message", a.message())
            .put("at", a.at().toString());
      }
    }
    return root.toString();
  }

  private Instant evaluatedThrough(String value) {
    return Instant.parse(parse(value).path("evaluatedThrough").asText());
  }

  private List<RememberedRule> rules(String value) {
    List<RememberedRule> rules = new ArrayList<>();
    for (JsonNode r : parse(value).path("rules")) {
      JsonNode a = r.path("announced");
      Alert announced = a.isObject() ? new Alert(a.path("rule").asText(),
          Severity.valueOf(a.path("severity").asText()), AlertState.valueOf(
          a.path("state").asText()), a.path("model").asText(), a.path("version").asInt(),
          a.path("message").asText(), Instant.parse(a.path("at").asText())) : null;
      rules.add(new RememberedRule(r.path("rule").asText(), r.path("model").asText(),
          r.path("lastFired").isTextual() ? Instant.parse(r.path("lastFired").asText()) : null,
          announced));
    }
    return rules;
  }

  private JsonNode parse(String value) {
    try {
      return JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The fleet alert state of model '" + model
          + "' in the store is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Configures {@link FleetAlerts}; {@link #dispatcher} is required.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final MonitorStore store;
    private final FleetSnapshots fleet;
    private final String model;
    private @Nullable AlertDispatcher dispatcher;
    private Duration settleDelay = Duration.ofSeconds(30);
    private Duration checkInterval = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private final Set<String> given = new HashSet<>();

    private Builder(MonitorStore store, FleetSnapshots fleet, String model) {
      this.store = store;
      this.fleet = fleet;
      this.model = model;
    }

    /**
     * The rules and sinks (required); the fleet alerts close the dispatcher when closed.
     *
     * @param value a dispatcher used by nothing else
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder dispatcher(AlertDispatcher value) {
      this.dispatcher = SetOnce.value("dispatcher", dispatcher, value);
      return this;
    }

    /**
     * How long after a window's end it is judged, so that every instance wrote its last partial:
     * at least the monitors' flush interval plus the clocks' disagreement. The default is 30
     * seconds.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder settleDelay(Duration value) {
      Duration checked = positive("settleDelay", value);
      SetOnce.mark(given, "settleDelay");
      this.settleDelay = checked;
      return this;
    }

    /**
     * How often {@link FleetAlerts#start()} evaluates. The default is 10 seconds.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder checkInterval(Duration value) {
      Duration checked = positive("checkInterval", value);
      SetOnce.mark(given, "checkInterval");
      this.checkInterval = checked;
      return this;
    }

    /**
     * The clock that says which windows have settled. The default is the system UTC clock.
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
     * Builds the fleet alerts; nothing runs until {@link FleetAlerts#evaluate()} or {@link
     * FleetAlerts#start()}.
     *
     * @return the fleet alerts
     * @throws IllegalStateException if no dispatcher was given
     */
    public FleetAlerts build() {
      if (dispatcher == null) {
        throw new IllegalStateException("Fleet alerts of model '" + model + "' need a dispatcher:"
            + " call dispatcher(AlertDispatcher.builder()...build())");
      }
      return new FleetAlerts(this);
    }

    private static Duration positive(String name, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
      return value;
    }
  }
}
