package dev.mlops.spring.internal;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertRule;
import dev.mlops.alert.AlertSink;
import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.alert.AlertRules;
import dev.mlops.core.alert.FleetAlerts;
import dev.mlops.core.alert.LogAlertSink;
import dev.mlops.core.alert.WebhookAlertSink;
import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.lifecycle.ManualApprovalGate;
import dev.mlops.core.lifecycle.MetricThresholdGate;
import dev.mlops.core.lifecycle.PromotionGates;
import dev.mlops.core.lifecycle.RetrainPolicies;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.core.training.TrainingPipeline;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.djl.Routing;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.lifecycle.RetrainPolicy;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.spring.DeploymentProperties;
import dev.mlops.spring.ManagedDeployment;
import dev.mlops.spring.MlopsProperties;
import dev.mlops.training.TrainingRun;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Builds the beans of one {@code mlops.deployments.NAME} entry: the deployment ({@code NAME}),
 * its monitor ({@code NAMEMonitor}), its alert dispatcher ({@code NAMEAlerts}), with a fleet store
 * the fleet's alert evaluation ({@code NAMEFleetAlerts}), and its lifecycle controller ({@code
 * NAMELifecycle}). A bean the application defines under one of these names is used instead of the
 * one the properties describe.
 */
public final class MlopsBeans {

  /** The suffix of a deployment's monitor bean. */
  public static final String MONITOR = "Monitor";
  /** The suffix of a deployment's alert dispatcher bean. */
  public static final String ALERTS = "Alerts";
  /** The suffix of a deployment's fleet alerts bean (with {@code mlops.monitoring.store}). */
  public static final String FLEET_ALERTS = "FleetAlerts";
  /** The suffix of a deployment's lifecycle controller bean. */
  public static final String LIFECYCLE = "Lifecycle";

  private static final String STORE_HINT = "mlops.monitoring.store makes one (memory or jdbc),"
      + " unless the application defines its own MonitorStore bean";

  private final BeanLookup beans;
  private final MlopsProperties properties;

  /**
   * Creates the builder.
   *
   * @param factory the context's bean factory
   * @param properties the bound {@code mlops.*} properties
   */
  public MlopsBeans(ConfigurableListableBeanFactory factory, MlopsProperties properties) {
    this.beans = new BeanLookup(factory);
    this.properties = properties;
  }

  /**
   * The deployment bean; starts loading its first version.
   *
   * @param name the bean name
   * @return the deployment
   * @throws IllegalStateException if a property is missing or wrong, naming it
   * @throws dev.mlops.MlopsException with {@code mlops.fail-fast=true}, if the first version cannot
   *     be loaded
   */
  public ManagedDeployment deployment(String name) {
    DeploymentProperties p = properties(name);
    ModelUri target = alias(name, p);
    ModelRegistry registry = registry(name);
    DjlPredictors predictors = predictors(name, p, registry);
    Routing routing = routing(name, p);
    Supplier<Deployment<Map<String, Object>, Prediction>> starter = routing == null
        ? () -> predictors.deploy(target) : () -> predictors.deploy(target, routing);
    ModelMonitor monitor = beans.optionalNamed(name, name + MONITOR, ModelMonitor.class);
    ManagedDeployment d = new ManagedDeployment(name, target, registry, starter, monitor,
        p.retryInterval(), properties.getShutdownTimeout());
    if (monitor != null) {
      d.closeWindowsEvery(p.monitoring().closeInterval());
    }
    d.start(properties.isFailFast());
    return d;
  }

  /**
   * The monitor bean of a deployment, which reads reference profiles and metrics from the
   * registry, and hands closed windows to the deployment's alert dispatcher when there is one.
   * With a fleet store it shares its windows and outcomes there, and alerts are judged once for
   * the fleet instead ({@link #fleetAlerts}).
   *
   * @param name the deployment's bean name
   * @return the monitor
   */
  public ModelMonitor monitor(String name) {
    DeploymentProperties.Monitoring m = properties(name).monitoring();
    String beanName = name + MONITOR;
    ModelMonitor.Builder b = ModelMonitor.builder()
        .registry(registry(beanName))
        .samplingRate(m.samplingRate())
        .minRowsForDrift(m.minRowsForDrift())
        .joinBuffer(m.maxPendingOutcomes(), m.outcomeTimeToLive())
        .keptWindows(m.keptWindows())
        .latencyBuckets(properties.getMetrics().getLatencyBuckets());
    if (m.step() == null) {
      b.tumblingWindow(m.window());
    } else {
      b.slidingWindow(m.window(), m.step());
    }
    MeterRegistry meters = beans.unique(MeterRegistry.class);
    if (meters != null) {
      b.meterRegistry(meters);
    }
    ObservationRegistry observations = beans.unique(ObservationRegistry.class);
    if (observations != null) {
      b.observationRegistry(observations);
    }
    MonitorStore store = store(beanName);
    if (store != null) {
      MlopsProperties.Monitoring fleet = properties.getMonitoring();
      b.store(store).storeFlushInterval(fleet.getFlushInterval())
          .storeBuffer(fleet.getStoreBuffer()).settleDelay(fleet.getSettleDelay());
      return b.build();
    }
    ModelMonitor monitor = b.build();
    AlertDispatcher alerts = beans.optionalNamed(beanName, name + ALERTS, AlertDispatcher.class);
    if (alerts != null) {
      monitor.onWindowClosed(alerts);
    }
    return monitor;
  }

  /**
   * The alert dispatcher bean of a deployment: the rules of {@code alerts.*}, the log and webhook
   * sinks it names, and every {@link AlertSink} bean of the application.
   *
   * @param name the deployment's bean name
   * @return the dispatcher
   */
  public AlertDispatcher alerts(String name) {
    DeploymentProperties.Alerts a = properties(name).alerts();
    AlertDispatcher.Builder b = AlertDispatcher.builder();
    for (AlertRule rule : rules(a)) {
      b.rule(rule);
    }
    if (a.log()) {
      b.sink(new LogAlertSink());
    }
    if (a.webhook() != null) {
      WebhookAlertSink.Builder webhook = WebhookAlertSink.builder(a.webhook());
      orEmpty(a.webhookHeaders()).forEach(webhook::header);
      b.sink(webhook.build());
    }
    for (AlertSink sink : beans.beansOfType(AlertSink.class)) {
      b.sink(new SharedSink(sink));
    }
    MeterRegistry meters = beans.unique(MeterRegistry.class);
    if (meters != null) {
      b.meterRegistry(meters);
    }
    return b.build();
  }

  /**
   * The fleet alerts bean of a deployment, started: the instance that leads the model's alerts
   * judges each settled window of the fleet once with the deployment's alert dispatcher, which
   * it closes when it is closed.
   *
   * @param name the deployment's bean name
   * @return the started fleet alerts
   * @throws IllegalStateException if the deployment's monitor shares no store (an application's
   *     own monitor bean built without one)
   */
  public FleetAlerts fleetAlerts(String name) {
    String beanName = name + FLEET_ALERTS;
    MonitorStore store = beans.require(beanName, MonitorStore.class, STORE_HINT);
    ModelMonitor monitor = beans.named(beanName, name + MONITOR, ModelMonitor.class);
    AlertDispatcher alerts = beans.named(beanName, name + ALERTS, AlertDispatcher.class);
    if (!monitor.sharesStore()) {
      throw new IllegalStateException("The monitor bean '" + name + MONITOR + "' shares no store,"
          + " but mlops.monitoring.store is " + properties.getMonitoring().getStore()
          .name().toLowerCase(java.util.Locale.ROOT) + ": build it with store(...) or set"
          + " mlops.monitoring.store=none");
    }
    FleetAlerts fleetAlerts = FleetAlerts.builder(store, monitor.fleet(),
            alias(name, properties(name)).name())
        .dispatcher(alerts).settleDelay(properties.getMonitoring().getSettleDelay()).build();
    fleetAlerts.start();
    return fleetAlerts;
  }

  /**
   * The lifecycle controller bean of a deployment, not started (the context starts it).
   *
   * @param name the deployment's bean name
   * @return the controller
   * @throws IllegalStateException if the training job, policy or gate is missing, naming the
   *     property
   */
  public LifecycleController lifecycle(String name) {
    DeploymentProperties p = properties(name);
    DeploymentProperties.Lifecycle l = p.lifecycle();
    String beanName = name + LIFECYCLE;
    String prefix = "mlops.deployments." + name + ".lifecycle.";
    ModelUri target = alias(name, p);
    LifecycleController.Builder b = LifecycleController.builder(registry(beanName), target.name())
        .productionAlias(Objects.requireNonNull(target.alias(), "alias() returns alias URIs only"))

        .checkInterval(l.checkInterval())
        .trainingJob(trainingJob(beanName, l, prefix))
        .retrainPolicy(l.retrainPolicyBean() != null
            ? (RetrainPolicy) beans.named(beanName, l.retrainPolicyBean())
            : policy(l.policy(), prefix))
        .gate(l.gateBean() != null ? (PromotionGate) beans.named(beanName, l.gateBean())
            : gate(l.gate(), prefix));
    ModelMonitor monitor = beans.optionalNamed(beanName, name + MONITOR, ModelMonitor.class);
    if (monitor != null) {
      b.snapshots(() -> snapshot(monitor));
    }
    ObservationRegistry observations = beans.unique(ObservationRegistry.class);
    if (observations != null) {
      b.observationRegistry(observations);
    }
    MonitorStore store = store(beanName);
    if (store != null) {
      // One instance of the fleet runs the model's cycles (lease lifecycle/MODEL).
      b.leaderElection(store);
    }
    return b.build();
  }

  /**
   * Whether a deployment's alert properties name at least one rule.
   *
   * @param a the properties
   * @return true if a dispatcher would have a rule
   */
  public static boolean hasRules(DeploymentProperties.Alerts a) {
    return !rules(a).isEmpty();
  }

  private static Optional<MonitorSnapshot> snapshot(ModelMonitor monitor) {
    try {
      return Optional.of(monitor.snapshot());
    } catch (IllegalStateException e) {
      // Nothing served yet (the deployment is still loading): no window to judge.
      return Optional.empty();
    }
  }

  private static List<AlertRule> rules(DeploymentProperties.Alerts a) {
    List<AlertRule> rules = new ArrayList<>();
    if (a.datasetDrift()) {
      rules.add(AlertRules.datasetDrift().withCooldown(a.cooldown()));
    }
    if (a.errorRateAbove() != null) {
      rules.add(AlertRules.errorRateAbove(a.errorRateAbove()).withCooldown(a.cooldown()));
    }
    if (a.p99LatencyAbove() != null) {
      rules.add(AlertRules.p99LatencyAbove(a.p99LatencyAbove()).withCooldown(a.cooldown()));
    }
    orEmpty(a.metricWorseThan()).forEach((metric, bound) ->
        rules.add(AlertRules.metricWorseThan(metric, bound).withCooldown(a.cooldown())));
    return rules;
  }

  @SuppressWarnings("unchecked")
  private Supplier<TrainingRun> trainingJob(String beanName, DeploymentProperties.Lifecycle l,
      String prefix) {
    if (l.trainingJob() == null) {
      throw new IllegalStateException(prefix + "training-job is required when " + prefix
          + "enabled=true: the name of a TrainingPipeline or Supplier<TrainingRun> bean");
    }
    Object job = beans.named(beanName, l.trainingJob());
    if (job instanceof TrainingPipeline pipeline) {
      return pipeline::run;
    }
    if (job instanceof Supplier<?> supplier) {
      return () -> (TrainingRun) supplier.get();
    }
    throw new IllegalStateException(prefix + "training-job names the bean '" + l.trainingJob()
        + "' of type " + job.getClass().getName()
        + "; it must be a TrainingPipeline or a Supplier<TrainingRun>");
  }

  private static RetrainPolicy policy(DeploymentProperties.Policy p, String prefix) {
    List<RetrainPolicy> any = new ArrayList<>();
    if (p.every() != null) {
      any.add(RetrainPolicies.every(p.every()));
    }
    if (p.onDatasetDrift()) {
      any.add(RetrainPolicies.onDatasetDrift());
    }
    orEmpty(p.onFeatureDrift()).forEach((f, score) ->
        any.add(RetrainPolicies.onFeatureDrift(f, score)));
    orEmpty(p.onMetricBelow()).forEach((m, v) -> any.add(RetrainPolicies.onMetricBelow(m, v)));
    orEmpty(p.onMetricAbove()).forEach((m, v) -> any.add(RetrainPolicies.onMetricAbove(m, v)));
    orEmpty(p.onMetricDrop()).forEach((m, v) -> any.add(RetrainPolicies.onMetricDrop(m, v)));
    if (p.onNewData() != null) {
      any.add(RetrainPolicies.onNewData(p.onNewData()));
    }
    if (any.isEmpty()) {
      throw new IllegalStateException("A lifecycle controller needs a retrain policy: set "
          + prefix + "policy.every, policy.on-dataset-drift, policy.on-feature-drift.FEATURE, "
          + "policy.on-metric-below.METRIC, ... or " + prefix + "retrain-policy-bean");
    }
    RetrainPolicy policy = any.size() == 1 ? any.get(0)
        : RetrainPolicies.anyOf(any.toArray(RetrainPolicy[]::new));
    return p.minimumInterval() == null ? policy
        : RetrainPolicies.withMinimumInterval(policy, p.minimumInterval());
  }

  private static PromotionGate gate(DeploymentProperties.Gate g, String prefix) {
    boolean thresholds = !orEmpty(g.floor()).isEmpty() || !orEmpty(g.minImprovement()).isEmpty()
        || !orEmpty(g.guard()).isEmpty();
    if (!thresholds && !g.manualApproval()) {
      throw new IllegalStateException("A lifecycle controller needs a promotion gate: set "
          + prefix + "gate.floor.METRIC, gate.min-improvement.METRIC, gate.guard.METRIC, "
          + "gate.manual-approval or " + prefix + "gate-bean");
    }
    if (!thresholds) {
      return ManualApprovalGate.INSTANCE;
    }
    MetricThresholdGate.Builder b = MetricThresholdGate.builder();
    orEmpty(g.floor()).forEach(b::floor);
    orEmpty(g.minImprovement()).forEach(b::minImprovement);
    orEmpty(g.guard()).forEach(b::guard);
    PromotionGate gate = b.build();
    return g.manualApproval() ? PromotionGates.allOf(gate, ManualApprovalGate.INSTANCE) : gate;
  }

  private DjlPredictors predictors(String name, DeploymentProperties p, ModelRegistry registry) {
    DjlPredictors.Builder b = DjlPredictors.builder().registry(registry)
        .maxBatchSize(p.maxBatchSize())
        .unknownFeatures(p.unknownFeatures())
        .pollInterval(p.pollInterval())
        .warmUpCalls(p.warmUp().calls())
        .latencyBuckets(properties.getMetrics().getLatencyBuckets());
    if (p.poolSize() != null) {
      b.poolSize(p.poolSize());
    }
    if (p.microBatching().maxRows() != null) {
      b.microBatching(p.microBatching().maxRows(), p.microBatching().maxDelay());
    }
    MeterRegistry meters = beans.unique(MeterRegistry.class);
    if (meters != null) {
      b.meterRegistry(meters);
    }
    ObservationRegistry observations = beans.unique(ObservationRegistry.class);
    if (observations != null) {
      b.observationRegistry(observations);
    }
    return b.build();
  }

  private static @Nullable Routing routing(String name, DeploymentProperties p) {
    DeploymentProperties.Canary canary = p.canary();
    DeploymentProperties.Shadow shadow = p.shadow();
    Routing routing = null;
    if (canary.model() != null) {
      routing = Routing.canary(ModelUri.parse(canary.model()), canary.share());
      String key = canary.stickyBy();
      if (key != null) {
        routing = routing.stickyBy(row -> row.get(key));
      }
    }
    if (shadow.model() != null) {
      ModelUri uri = ModelUri.parse(shadow.model());
      routing = (routing == null ? Routing.shadow(uri) : routing.withShadow(uri))
          .shadowQueueCapacity(shadow.queueCapacity());
    }
    return routing;
  }

  /** The fleet's store when {@code mlops.monitoring.store} names one, else null. */
  private @Nullable MonitorStore store(String dependent) {
    return properties.getMonitoring().getStore() == MlopsProperties.StoreKind.NONE ? null
        : beans.require(dependent, MonitorStore.class, STORE_HINT);
  }

  private ModelRegistry registry(String dependent) {
    return beans.require(dependent, ModelRegistry.class,
        "set mlops.registry (such as file:/var/mlops) or define a ModelRegistry bean");
  }

  private DeploymentProperties properties(String name) {
    DeploymentProperties p = properties.getDeployments().get(name);
    if (p == null) {
      throw new IllegalStateException("No mlops.deployments." + name + ".* properties");
    }
    return p;
  }

  private static ModelUri alias(String name, DeploymentProperties p) {
    if (p.model() == null || p.model().isBlank()) {
      throw new IllegalStateException("mlops.deployments." + name + ".model is required: the "
          + "alias to serve, such as models:/" + name + "@production");
    }
    ModelUri uri = ModelUri.parse(p.model());
    if (uri.kind() != ModelUri.Kind.ALIAS) {
      throw new IllegalStateException("mlops.deployments." + name + ".model must be an alias "
          + "such as models:/" + uri.name() + "@production, which the deployment follows as it "
          + "moves, but was " + p.model());
    }
    return uri;
  }

  private static <K, V> Map<K, V> orEmpty(@Nullable Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  /** An application's sink bean, shared by dispatchers: the context closes it, not them. */
  private record SharedSink(AlertSink sink) implements AlertSink {
    @Override
    public void send(Alert alert) {
      sink.send(alert);
    }

    @Override
    public void close() {
      // The application context owns the bean and closes it.
    }
  }
}
