package dev.mlops.spring;

import dev.mlops.djl.UnknownFeaturePolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mlops.deployments.NAME.*}: one deployment, served as the bean {@code NAME}. Only {@code
 * model} is required.
 *
 * @param model the alias to follow, such as models:/churn@production
 * @param poolSize how many calls run in the engine at once; the default is the number of processors
 * @param maxBatchSize the most rows one predictBatch call may carry
 * @param unknownFeatures what to do with input features the signature does not declare: REJECT or
 *     IGNORE
 * @param pollInterval how often the alias is re-read in case a registry event was missed
 * @param retryInterval how often a deployment whose first version could not be loaded tries again
 *     (it also tries whenever the alias moves)
 * @param microBatching coalescing concurrent single-row calls into one engine call
 * @param warmUp warming up each version before it serves
 * @param canary a challenger answering a share of the calls
 * @param shadow a challenger scoring a copy of every call in the background
 * @param monitoring drift, performance and latency per window
 * @param alerts rules over closed monitor windows and where alerts go
 * @param lifecycle retraining and promotion on a schedule
 * @since 0.1
 */
public record DeploymentProperties(
    @Nullable String model,
    @Nullable Integer poolSize,
    @DefaultValue("1024") int maxBatchSize,
    @DefaultValue("REJECT") UnknownFeaturePolicy unknownFeatures,
    @DefaultValue("30s") Duration pollInterval,
    @DefaultValue("30s") Duration retryInterval,
    @DefaultValue MicroBatching microBatching,
    @DefaultValue WarmUp warmUp,
    @DefaultValue Canary canary,
    @DefaultValue Shadow shadow,
    @DefaultValue Monitoring monitoring,
    @DefaultValue Alerts alerts,
    @DefaultValue Lifecycle lifecycle) {

  /**
   * {@code micro-batching.*}; off unless {@code max-rows} is set.
   *
   * @param maxRows the most rows per engine call, at least 2; unset turns micro-batching off
   * @param maxDelay how long the first call of a batch waits for others
   * @since 0.1
   */
  public record MicroBatching(@Nullable Integer maxRows, @DefaultValue("2ms") Duration maxDelay) {}

  /**
   * {@code warm-up.*}.
   *
   * @param calls how many times each version's input example runs through it before it serves;
   *     the first checks it against its signature
   * @since 0.1
   */
  public record WarmUp(@DefaultValue("1") int calls) {}

  /**
   * {@code canary.*}; off unless {@code model} is set.
   *
   * @param model the challenger: a version (models:/churn/4) or an alias that is followed too
   * @param share the share of calls the challenger answers, in [0, 1]
   * @param stickyBy an input column whose value picks the side, so that each key always gets the
   *     same one (a column the model does not consume needs unknown-features=IGNORE)
   * @since 0.1
   */
  public record Canary(@Nullable String model, @DefaultValue("0.1") double share,
      @Nullable String stickyBy) {}

  /**
   * {@code shadow.*}; off unless {@code model} is set.
   *
   * @param model the challenger scored in the background and compared with the champion
   * @param queueCapacity shadow calls waiting at most; more are dropped and counted
   * @since 0.1
   */
  public record Shadow(@Nullable String model, @DefaultValue("1024") int queueCapacity) {}

  /**
   * {@code monitoring.*}: a ModelMonitor bean named NAME + "Monitor", reading each version's
   * reference profile and metrics from the registry.
   *
   * @param enabled whether the deployment is monitored
   * @param window the length of a window
   * @param step with a step, sliding windows of the window's length end at every step; without,
   *     tumbling windows
   * @param samplingRate the share of rows profiled and kept for outcomes, in (0, 1]
   * @param minRowsForDrift the fewest profiled rows a window needs for a drift report
   * @param maxPendingOutcomes the most predictions waiting for an outcome
   * @param outcomeTimeToLive how long a prediction waits for its outcome
   * @param keptWindows how many closed windows are kept
   * @param closeInterval how often elapsed windows are closed when no call does it (idle traffic)
   * @since 0.1
   */
  public record Monitoring(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("1h") Duration window,
      @Nullable Duration step,
      @DefaultValue("1.0") double samplingRate,
      @DefaultValue("100") long minRowsForDrift,
      @DefaultValue("100000") int maxPendingOutcomes,
      @DefaultValue("1d") Duration outcomeTimeToLive,
      @DefaultValue("48") int keptWindows,
      @DefaultValue("1m") Duration closeInterval) {}

  /**
   * {@code alerts.*}: an AlertDispatcher bean named NAME + "Alerts" judging every closed window;
   * needs monitoring. AlertSink beans of the application receive the alerts too.
   *
   * @param enabled whether alerts are judged and sent
   * @param log whether alerts are logged (logger dev.mlops.alerts)
   * @param webhook a webhook to POST alerts to (Slack, Mattermost, a service of yours)
   * @param webhookHeaders headers added to every webhook request, such as Authorization
   * @param datasetDrift whether a drifted dataset raises an alert
   * @param errorRateAbove an alert when the share of failed calls exceeds this, in [0, 1)
   * @param p99LatencyAbove an alert when the window's p99 latency exceeds this
   * @param metricWorseThan an alert per metric whose live value is worse than the bound (the
   *     direction from the metric's name: accuracy below, log_loss above)
   * @param cooldown the least time between two alerts of one rule
   * @since 0.1
   */
  public record Alerts(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("true") boolean log,
      @Nullable URI webhook,
      @Nullable Map<String, String> webhookHeaders,
      @DefaultValue("true") boolean datasetDrift,
      @Nullable Double errorRateAbove,
      @Nullable Duration p99LatencyAbove,
      @Nullable Map<String, Double> metricWorseThan,
      @DefaultValue("1h") Duration cooldown) {}

  /**
   * {@code lifecycle.*}: a LifecycleController bean named NAME + "Lifecycle", started with the
   * context and stopped before the deployment closes.
   *
   * @param enabled whether the controller runs
   * @param trainingJob the name of the bean that trains a challenger: a TrainingPipeline or a
   *     Supplier of TrainingRun; required when enabled
   * @param checkInterval the delay between two cycles
   * @param retrainPolicyBean the name of a RetrainPolicy bean, instead of lifecycle.policy.*
   * @param gateBean the name of a PromotionGate bean, instead of lifecycle.gate.*
   * @param policy when to retrain, from properties (any of them fires)
   * @param gate when a challenger replaces the champion, from properties
   * @since 0.1
   */
  public record Lifecycle(
      @DefaultValue("false") boolean enabled,
      @Nullable String trainingJob,
      @DefaultValue("5m") Duration checkInterval,
      @Nullable String retrainPolicyBean,
      @Nullable String gateBean,
      @DefaultValue Policy policy,
      @DefaultValue Gate gate) {}

  /**
   * {@code lifecycle.policy.*}: the retrain policies; the model retrains when any fires.
   *
   * @param every retrain when this long has passed since the last retrain
   * @param onDatasetDrift retrain when the window's dataset drifted
   * @param onFeatureDrift retrain when a feature's drift score reaches the value
   * @param onMetricBelow retrain when a live metric falls below the value
   * @param onMetricAbove retrain when a live metric rises above the value
   * @param onMetricDrop retrain when a live metric is worse than at training by this share
   * @param onNewData retrain when this many new labelled rows exist
   * @param minimumInterval never retrain more often than this
   * @since 0.1
   */
  public record Policy(
      @Nullable Duration every,
      @DefaultValue("false") boolean onDatasetDrift,
      @Nullable Map<String, Double> onFeatureDrift,
      @Nullable Map<String, Double> onMetricBelow,
      @Nullable Map<String, Double> onMetricAbove,
      @Nullable Map<String, Double> onMetricDrop,
      @Nullable Long onNewData,
      @Nullable Duration minimumInterval) {}

  /**
   * {@code lifecycle.gate.*}: a MetricThresholdGate on the versions' registered metrics.
   *
   * @param floor the least value a challenger's metric must reach
   * @param minImprovement how much a challenger must beat the champion by
   * @param guard how much worse than the champion a challenger may be
   * @param manualApproval whether a person approves challengers that pass (staging alias)
   * @since 0.1
   */
  public record Gate(
      @Nullable Map<String, Double> floor,
      @Nullable Map<String, Double> minImprovement,
      @Nullable Map<String, Double> guard,
      @DefaultValue("false") boolean manualApproval) {}
}
