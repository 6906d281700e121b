package dev.mlops.core.monitor;

/**
 * The names of the Micrometer meters a {@link ModelMonitor} registers. Every meter carries the
 * tags {@value #TAG_MODEL} and {@value #TAG_VERSION}; Prometheus shows the names with underscores
 * ({@code mlops_monitor_predictions_total}, {@code mlops_monitor_latency_seconds}, ...).
 * {@code docs/monitoring.md} lists them with their tags.
 *
 * @since 0.1
 */
public final class MonitorMeterNames {

  /** Counter of predicted rows, successful or not (traffic). */
  public static final String PREDICTIONS = "mlops.monitor.predictions";

  /**
   * Counter of rows whose call failed; tag {@value #TAG_CAUSE} is {@code invalid_input} or {@code
   * prediction} (the engine failed).
   */
  public static final String ERRORS = "mlops.monitor.errors";

  /** Timer of the latency of predicted rows, publishing the 50th, 95th and 99th percentiles. */
  public static final String LATENCY = "mlops.monitor.latency";

  /**
   * Counter of ground-truth outcomes by what happened to them; tag {@value #TAG_STATUS} is {@code
   * joined}, {@code duplicate}, {@code unknown} or {@code expired}.
   */
  public static final String OUTCOMES = "mlops.monitor.outcomes";

  /** Gauge of a feature's drift score in the last closed window; tag {@value #TAG_FEATURE}. */
  public static final String DRIFT_SCORE = "mlops.monitor.drift.score";

  /** Gauge: 1 when the last closed window drifted as a dataset, 0 when not. */
  public static final String DATASET_DRIFT = "mlops.monitor.drift.dataset";

  /** Gauge of the share of tested features that drifted in the last closed window, 0 to 1. */
  public static final String DRIFT_SHARE = "mlops.monitor.drift.share";

  /** Gauge of a performance metric in the last closed window; tag {@value #TAG_METRIC}. */
  public static final String PERFORMANCE = "mlops.monitor.performance";

  /**
   * Gauge: a metric estimated from the scores of the last closed window (CBPE), before its labels
   * arrive; tagged {@link #TAG_METRIC}.
   */
  public static final String ESTIMATED = "mlops.monitor.estimated.performance";

  /** Gauge: the lower end of {@link #ESTIMATED}'s confidence band; tagged {@link #TAG_METRIC}. */
  public static final String ESTIMATED_LOWER = "mlops.monitor.estimated.lower";

  /** Gauge: the upper end of {@link #ESTIMATED}'s confidence band; tagged {@link #TAG_METRIC}. */
  public static final String ESTIMATED_UPPER = "mlops.monitor.estimated.upper";

  /**
   * Gauge of the version's predictions waiting for their ground-truth outcome now (pending labels);
   * with a shared store, the fleet's.
   */
  public static final String PENDING_OUTCOMES = "mlops.monitor.outcomes.pending";

  /**
   * Counter of what a monitor sharing a store could not write to it and dropped; tag {@value
   * #TAG_KIND} is {@code prediction} (a sampled prediction that will never be joined) or {@code
   * partial} (a pane's figures). Tagged by model only.
   */
  public static final String STORE_DROPPED = "mlops.monitor.store.dropped";

  /** Gauge of the sampled predictions waiting in memory to be written to the store. */
  public static final String STORE_BACKLOG = "mlops.monitor.store.backlog";

  /** Tag: the model name. */
  public static final String TAG_MODEL = "model";

  /** Tag: the model version. */
  public static final String TAG_VERSION = "version";

  /** Tag of {@link #ERRORS}: why the call failed. */
  public static final String TAG_CAUSE = "cause";

  /** Tag of {@link #OUTCOMES}: what happened to the outcome. */
  public static final String TAG_STATUS = "status";

  /** Tag of {@link #DRIFT_SCORE}: the feature. */
  public static final String TAG_FEATURE = "feature";

  /** Tag of {@link #PERFORMANCE} and the estimated gauges: the metric name, such as {@code accuracy}. */
  public static final String TAG_METRIC = "metric";

  /** Tag of {@link #STORE_DROPPED}: what was dropped. */
  public static final String TAG_KIND = "kind";

  private MonitorMeterNames() {}
}
