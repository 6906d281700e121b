package dev.mlops.spring;

import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.spring.internal.DeploymentBeanRegistrar;
import dev.mlops.spring.internal.LifecycleRunner;
import dev.mlops.spring.internal.MlopsBeans;
import dev.mlops.spring.internal.RegistryOpener;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.converter.Converter;

/**
 * Configures mlops-java from {@code mlops.*} properties: the {@link ModelRegistry} of {@code
 * mlops.registry}, and for each {@code mlops.deployments.NAME} a {@link ManagedDeployment} bean
 * {@code NAME} with its monitor, alert dispatcher and lifecycle controller beans, and the {@link
 * MonitorStore} the monitors share with the fleet when {@code mlops.monitoring.store} names one.
 * Every bean backs off when the application defines its own (a {@link ModelRegistry} or {@link
 * MonitorStore}, or a bean of the same name). See {@code docs/spring-boot.md}.
 *
 * @since 0.1
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@EnableConfigurationProperties(MlopsProperties.class)
@Import(DeploymentBeanRegistrar.class)
public class MlopsAutoConfiguration {

  /** Created by the context. */
  public MlopsAutoConfiguration() {}

  /**
   * The registry of {@code mlops.registry}, closed with the context after every bean that uses
   * it.
   *
   * @param properties the properties
   * @param dataSources the application's data sources, for a {@code jdbc:} registry
   * @return the open registry
   * @throws dev.mlops.MlopsException if the registry cannot be opened, naming its location
   */
  @Bean
  @ConditionalOnMissingBean(ModelRegistry.class)
  @ConditionalOnProperty("mlops.registry")
  public ModelRegistry mlopsModelRegistry(MlopsProperties properties,
      ObjectProvider<DataSource> dataSources) {
    return RegistryOpener.open(properties, dataSources.getIfUnique());
  }

  /**
   * The store of {@code mlops.monitoring.store} ({@code memory} or {@code jdbc}), shared by every
   * deployment's monitor and lifecycle controller, closed with the context after them.
   *
   * @param properties the properties
   * @param dataSources the application's data sources, for a {@code jdbc} store
   * @return the open store
   * @throws IllegalStateException if {@code jdbc} is asked without a {@code jdbc:} registry or
   *     without mlops-jdbc
   * @throws dev.mlops.MlopsException if the store's database cannot be reached
   */
  @Bean
  @ConditionalOnMissingBean(MonitorStore.class)
  @ConditionalOnExpression("'${mlops.monitoring.store:none}'.toLowerCase() != 'none'")
  public MonitorStore mlopsMonitorStore(MlopsProperties properties,
      ObjectProvider<DataSource> dataSources) {
    return RegistryOpener.openStore(properties, dataSources.getIfUnique());
  }

  /**
   * Builds the beans of each deployment.
   *
   * @param factory the bean factory
   * @param properties the properties
   * @return the builder
   */
  @Bean
  public MlopsBeans mlopsBeans(ConfigurableListableBeanFactory factory,
      MlopsProperties properties) {
    return new MlopsBeans(factory, properties);
  }

  /**
   * Starts and stops the lifecycle controllers with the context.
   *
   * @param factory the bean factory
   * @return the runner
   */
  @Bean
  public LifecycleRunner mlopsLifecycleRunner(ConfigurableListableBeanFactory factory) {
    return new LifecycleRunner(factory);
  }

  /**
   * Reads {@code mlops.metrics.latency-buckets} ({@code 500us,1ms,2.5ms,...}).
   *
   * @return the converter
   */
  @Bean
  @ConfigurationPropertiesBinding
  public static LatencyBucketsConverter mlopsLatencyBucketsConverter() {
    return new LatencyBucketsConverter();
  }

  /**
   * Reads latency buckets from text, as {@link LatencyBuckets#parse(String)}.
   *
   * @since 0.1
   */
  public static final class LatencyBucketsConverter implements Converter<String, LatencyBuckets> {

    /** Creates the converter. */
    public LatencyBucketsConverter() {}

    @Override
    public LatencyBuckets convert(String source) {
      return LatencyBuckets.parse(source);
    }
  }
}
