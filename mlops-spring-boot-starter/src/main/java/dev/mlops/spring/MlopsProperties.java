package dev.mlops.spring;

import dev.mlops.core.observe.LatencyBuckets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mlops.*} properties: where the registry is, and the deployments to serve, each a bean
 * named after its key ({@code mlops.deployments.churn.model=models:/churn@production} makes the
 * bean {@code churn}). Every property but {@code mlops.registry} and a deployment's {@code model}
 * has a default; {@code docs/spring-boot.md} lists them all.
 *
 * @since 0.1
 */
@ConfigurationProperties("mlops")
public class MlopsProperties {

  /**
   * Where the model registry is: file:/var/mlops, memory:NAME, or jdbc:postgresql://HOST/DB (which
   * uses the application's DataSource when it has one, see mlops.jdbc.use-data-source).
   */
  private @Nullable String registry;

  /**
   * Whether a deployment whose model cannot be loaded at start fails the application context.
   * When false, the context starts, the deployment's health is DOWN, its calls are answered with
   * ModelNotReadyException, and loading is retried.
   */
  private boolean failFast = false;

  /** How long closing the context waits for each deployment's calls in flight. */
  private Duration shutdownTimeout = Duration.ofSeconds(30);

  /** The deployments to serve, by bean name. */
  private Map<String, DeploymentProperties> deployments = new LinkedHashMap<>();

  private final Jdbc jdbc = new Jdbc();
  private final Metrics metrics = new Metrics();
  private final Monitoring monitoring = new Monitoring();
  private final Web web = new Web();

  /**
   * The registry location.
   *
   * @return the location, or null if not set
   */
  public @Nullable String getRegistry() {
    return registry;
  }

  /**
   * Sets the registry location.
   *
   * @param registry a registry URI
   */
  public void setRegistry(@Nullable String registry) {
    this.registry = registry;
  }

  /**
   * Whether a model that cannot be loaded at start fails the context.
   *
   * @return the setting
   */
  public boolean isFailFast() {
    return failFast;
  }

  /**
   * Sets whether a model that cannot be loaded at start fails the context.
   *
   * @param failFast the setting
   */
  public void setFailFast(boolean failFast) {
    this.failFast = failFast;
  }

  /**
   * How long closing waits for calls in flight.
   *
   * @return the timeout
   */
  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * Sets how long closing waits for calls in flight.
   *
   * @param shutdownTimeout the timeout
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  /**
   * The deployments by bean name.
   *
   * @return the deployments
   */
  public Map<String, DeploymentProperties> getDeployments() {
    return deployments;
  }

  /**
   * Sets the deployments.
   *
   * @param deployments by bean name
   */
  public void setDeployments(Map<String, DeploymentProperties> deployments) {
    this.deployments = deployments;
  }

  /**
   * The JDBC registry settings.
   *
   * @return the settings
   */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /**
   * The metrics settings.
   *
   * @return the settings
   */
  public Metrics getMetrics() {
    return metrics;
  }

  /**
   * The fleet monitoring settings.
   *
   * @return the settings
   */
  public Monitoring getMonitoring() {
    return monitoring;
  }

  /**
   * The web routes settings.
   *
   * @return the settings
   */
  public Web getWeb() {
    return web;
  }

  /**
   * {@code mlops.jdbc.*}: a {@code jdbc:} registry.
   *
   * @since 0.1
   */
  public static class Jdbc {

    /**
     * Whether a jdbc: registry uses the application's DataSource bean, when there is exactly one,
     * instead of opening a connection pool of its own to mlops.registry. Set it to false when the
     * registry lives in another database than the application's.
     */
    private boolean useDataSource = true;

    /** The schema of the registry's tables. */
    private String schema = "mlops";

    /**
     * Whether the application's DataSource is used.
     *
     * @return the setting
     */
    public boolean isUseDataSource() {
      return useDataSource;
    }

    /**
     * Sets whether the application's DataSource is used.
     *
     * @param useDataSource the setting
     */
    public void setUseDataSource(boolean useDataSource) {
      this.useDataSource = useDataSource;
    }

    /**
     * The schema.
     *
     * @return the schema
     */
    public String getSchema() {
      return schema;
    }

    /**
     * Sets the schema.
     *
     * @param schema a lower-case SQL identifier
     */
    public void setSchema(String schema) {
      this.schema = schema;
    }
  }

  /**
   * {@code mlops.metrics.*}.
   *
   * @since 0.1
   */
  public static class Metrics {

    /**
     * Upper bounds of the buckets of every latency histogram (mlops.predict.latency,
     * mlops.monitor.latency, mlops.server.requests), such as 1ms,5ms,25ms,100ms,1s. The default has
     * 16 bounds from 100us to 10s.
     */
    private LatencyBuckets latencyBuckets = LatencyBuckets.defaults();

    /**
     * The bucket layout.
     *
     * @return the buckets
     */
    public LatencyBuckets getLatencyBuckets() {
      return latencyBuckets;
    }

    /**
     * Sets the bucket layout.
     *
     * @param latencyBuckets the buckets
     */
    public void setLatencyBuckets(LatencyBuckets latencyBuckets) {
      this.latencyBuckets = latencyBuckets;
    }
  }

  /**
   * {@code mlops.monitoring.*}: whether the deployments' monitors share a store with the other
   * instances of the application, so that windows, outcomes, alerts and lifecycle decisions are
   * the fleet's (docs/monitoring.md).
   *
   * @since 0.1
   */
  public static class Monitoring {

    /**
     * Where the monitors keep their windows and the predictions awaiting outcomes: none (each
     * monitor in its own memory, alone), memory (a store in this process, shared by its
     * monitors), or jdbc (the PostgreSQL database of the jdbc: registry, shared by every instance
     * of the application; through the application's DataSource when the registry uses it). With a
     * store, alerts are judged once for the fleet and the lifecycle controllers elect one leader
     * per model.
     */
    private StoreKind store = StoreKind.NONE;

    /** How often each monitor writes to the store. */
    private Duration flushInterval = Duration.ofSeconds(1);

    /**
     * How many sampled predictions may wait in memory to be written to the store; while it is
     * unreachable and this is full, further ones are dropped and counted
     * (mlops.monitor.store.dropped).
     */
    private int storeBuffer = 100_000;

    /**
     * How long after a window's end the fleet's figures of it are taken as final (every instance
     * wrote its last partial): alerts judge it then, and the monitors' gauges show it. At least
     * the flush interval plus the instances' clock disagreement.
     */
    private Duration settleDelay = Duration.ofSeconds(30);

    /**
     * The store.
     *
     * @return the kind of store
     */
    public StoreKind getStore() {
      return store;
    }

    /**
     * Sets the store.
     *
     * @param store the kind of store
     */
    public void setStore(StoreKind store) {
      this.store = store;
    }

    /**
     * How often monitors write to the store.
     *
     * @return the interval
     */
    public Duration getFlushInterval() {
      return flushInterval;
    }

    /**
     * Sets how often monitors write to the store.
     *
     * @param flushInterval the interval
     */
    public void setFlushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
    }

    /**
     * The buffer of predictions waiting to be written.
     *
     * @return the capacity
     */
    public int getStoreBuffer() {
      return storeBuffer;
    }

    /**
     * Sets the buffer of predictions waiting to be written.
     *
     * @param storeBuffer the capacity
     */
    public void setStoreBuffer(int storeBuffer) {
      this.storeBuffer = storeBuffer;
    }

    /**
     * How long after a window's end its fleet figures are final.
     *
     * @return the delay
     */
    public Duration getSettleDelay() {
      return settleDelay;
    }

    /**
     * Sets how long after a window's end its fleet figures are final.
     *
     * @param settleDelay the delay
     */
    public void setSettleDelay(Duration settleDelay) {
      this.settleDelay = settleDelay;
    }
  }

  /**
   * The kinds of {@code mlops.monitoring.store}.
   *
   * @since 0.1
   */
  public enum StoreKind {
    /** Every monitor keeps its windows in its own memory. */
    NONE,
    /** One in-process store, shared by this application's monitors. */
    MEMORY,
    /** The PostgreSQL database of the {@code jdbc:} registry, shared by the fleet. */
    JDBC
  }

  /**
   * {@code mlops.web.*}: the inference routes of {@code mlops serve} inside the application.
   *
   * @since 0.1
   */
  public static class Web {

    /**
     * Whether to serve every deployment over the Open Inference Protocol (V2) and the V1 record
     * endpoint under mlops.web.prefix, with Spring MVC or WebFlux. Needs mlops-server on the class
     * path.
     */
    private boolean enabled = false;

    /** The path the routes are mounted under: PREFIX/v2/models/NAME/infer. */
    private String prefix = "/mlops";

    /** The largest request body read; larger is answered 413. */
    private int maxBodyBytes = 8388608;

    /** The most rows one request may carry; more is answered 413. */
    private int maxRowsPerRequest = 1024;

    /**
     * How many versions other than the served ones the versioned routes keep loaded; 0 answers
     * those routes only for the version served now.
     */
    private int cachedVersions = 0;

    /**
     * Whether the routes are on.
     *
     * @return the setting
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the routes are on.
     *
     * @param enabled the setting
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The mount path.
     *
     * @return the prefix
     */
    public String getPrefix() {
      return prefix;
    }

    /**
     * Sets the mount path.
     *
     * @param prefix such as {@code /mlops}
     */
    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    /**
     * The body limit.
     *
     * @return bytes
     */
    public int getMaxBodyBytes() {
      return maxBodyBytes;
    }

    /**
     * Sets the body limit.
     *
     * @param maxBodyBytes bytes
     */
    public void setMaxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The row limit.
     *
     * @return rows
     */
    public int getMaxRowsPerRequest() {
      return maxRowsPerRequest;
    }

    /**
     * Sets the row limit.
     *
     * @param maxRowsPerRequest rows
     */
    public void setMaxRowsPerRequest(int maxRowsPerRequest) {
      this.maxRowsPerRequest = maxRowsPerRequest;
    }

    /**
     * Other versions kept loaded.
     *
     * @return the count
     */
    public int getCachedVersions() {
      return cachedVersions;
    }

    /**
     * Sets how many other versions are kept loaded.
     *
     * @param cachedVersions the count
     */
    public void setCachedVersions(int cachedVersions) {
      this.cachedVersions = cachedVersions;
    }
  }
}
