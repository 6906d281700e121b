package dev.mlops.spring.web;

import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.server.InferenceRoutes;
import dev.mlops.spring.MlopsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The routes both web stacks mount: built once over the context's deployment beans. */
@Configuration(proxyBeanMethods = false)
class InferenceRoutesConfiguration {

  /**
   * The routes over the context's deployments, closed with the context.
   *
   * @param properties the properties
   * @param registry the registry
   * @param deployments the deployment beans by name
   * @param monitors the monitor beans by name
   * @param meters the application's meter registry, if any
   * @param observations the application's observation registry, if any
   * @return the routes
   */
  @Bean
  @ConditionalOnMissingBean
  InferenceRoutes mlopsInferenceRoutes(MlopsProperties properties, ModelRegistry registry,
      Map<String, Deployment<Map<String, Object>, Prediction>> deployments,
      Map<String, ModelMonitor> monitors, ObjectProvider<MeterRegistry> meters,
      ObjectProvider<ObservationRegistry> observations) {
    return InferenceRoutesFactory.create(properties, registry, deployments, monitors,
        meters.getIfUnique(), observations.getIfUnique());
  }
}
